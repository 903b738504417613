#!/usr/bin/env node
'use strict';
// The CDK app: `npx cdk deploy --parameters TableName=users` (see docs/deploy.md).
// Context: -c config=PATH (a mapping other than the bundled one, shipped in a layer),
//          -c tables=TABLE_NAME=TableName,TENANTS_TABLE=TenantsTableName (the mapping's table placeholders),
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
  shipConfig: Boolean(config),
  appConfig: String(app.node.tryGetContext('appconfig')) === 'true',
  tables: tables ? Object.fromEntries(tables.split(',').map((pair) => pair.split('='))) : undefined,
});
cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
