#!/usr/bin/env node
'use strict';
// The CDK app: `npx cdk deploy` (see docs/deploy.md). Without context it deploys the mapping
// bundled in the jar (mvn package -Dclaims.config=FILE chose it), its policy derived from that
// same mapping read out of the jar.
// Context: -c config=PATH (another mapping, shipped in a layer; with -c bundled=true: the mapping
//          bundled in the jar, which synthesis checks),
//          -c tables=TABLE_NAME=TableName,TENANTS_TABLE=Tenants (rename a placeholder's parameter),
//          -c appconfig=true (the mapping from AWS AppConfig, see docs/appconfig.md).
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const { AwsSolutionsChecks } = require('cdk-nag');
const { ClaimsMapperStack } = require('../lib/claims-mapper-stack');

const app = new cdk.App();
const config = app.node.tryGetContext('config');
const tables = app.node.tryGetContext('tables');
new ClaimsMapperStack(app, app.node.tryGetContext('stackName') || 'CognitoClaimsMapper', {
  config: config ? path.resolve(process.cwd(), config) : undefined,
  bundled: String(app.node.tryGetContext('bundled')) === 'true',
  appConfig: String(app.node.tryGetContext('appconfig')) === 'true',
  tables: tables ? Object.fromEntries(tables.split(',').map((pair) => pair.split('='))) : undefined,
});
cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
