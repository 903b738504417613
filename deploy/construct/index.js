'use strict';
// cognito-claims-mapper-cdk: the claims mapper's Cognito pre token generation trigger as one CDK construct.
const { ClaimsMapperTrigger, HANDLER, RUNTIME, METRICS, DEFAULT_JAR } = require('./lib/trigger');
const { deriveReadPolicy } = require('./lib/iam-policy');
const { resolveMapping, placeholders } = require('./lib/mapping');
const { readJarEntry } = require('./lib/jar');

module.exports = {
  ClaimsMapperTrigger, HANDLER, RUNTIME, METRICS, DEFAULT_JAR, deriveReadPolicy, resolveMapping, placeholders, readJarEntry,
};
