'use strict';
// template.yaml (the `sam deploy --guided` route): the CloudFormation resource specification, the
// pinned iam-policy output, and agreement with the CDK app on everything both deploy.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadSamTemplate, synthStack, ROOT } = require('./support/templates');
const { validate } = require('./support/cfn-spec');
const { asSubString } = require('./support/policies');

const sam = loadSamTemplate();
// compared with the CDK app as `-c appconfig=true` synthesizes it: both then hold the optional AppConfig part
const cdk = synthStack({ appConfig: true }).template.toJSON();
const resourcesOf = (template, type) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
/** The trigger and its Cognito permission (the AppConfig part adds the validator and its permission). */
const trigger = ([, r]) => r.Condition !== 'UseAppConfig';
const one = (template, type) => {
  const found = resourcesOf(template, type).filter(trigger);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0][1];
};

test('template.yaml passes the CloudFormation resource specification', () => {
  assert.deepEqual(validate(sam), []);
});

test('the specification check finds mistakes (it is not a rubber stamp)', () => {
  const broken = loadSamTemplate();
  broken.Resources.Function.Properties.SnapStart = { ApplyOn: 'Always' };
  broken.Resources.Function.Properties.Runtme = 'java25';
  broken.Resources.UserPool.Properties.UserPoolTier = 'GOLD';
  delete broken.Resources.CognitoInvoke.Properties.Principal;
  broken.Resources.SignInsDeniedAlarm.Properties.Threshold = 'five';
  broken.Resources.AlarmTopic.Properties.DisplayName = { Ref: 'NoSuchParameter' };
  broken.Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource = { 'Fn::GetAtt': ['FunctionLog', 'Name'] };
  assert.deepEqual(validate(broken).sort(), [
    'Resources.AlarmTopic.Properties.DisplayName: Ref to unknown NoSuchParameter',
    'Resources.CognitoInvoke.Properties.Principal: required property missing',
    'Resources.Function.Properties.Runtme: unknown property',
    'Resources.Function.Properties.SnapStart.ApplyOn: Always is not one of PublishedVersions, None',
    'Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource: AWS::Logs::LogGroup has no attribute Name',
    'Resources.SignInsDeniedAlarm.Properties.Threshold: expected a number, got "five"',
    'Resources.UserPool.Properties.UserPoolTier: GOLD is not one of LITE, ESSENTIALS, PLUS',
  ]);
});

test('its DynamoDB policy is what iam-policy derives for the bundled mapping (deploy/policy/claims.json)', () => {
  const role = sam.Resources.FunctionRole.Properties;
  const read = role.Policies.find((p) => p.PolicyName === 'ReadMappedItems').PolicyDocument;
  const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'policy', 'claims.json'), 'utf8'));
  assert.deepEqual({ ...read, Statement: read.Statement.map((s) => ({ ...s, Resource: asSubString(s.Resource) })) }, pinned);
  assert.equal(role.ManagedPolicyArns, undefined, 'no managed policy: SAM adds none when Role is given');
  assert.deepEqual(role.Policies.map((p) => p.PolicyName), ['WriteOwnLog', 'ReadMappedItems']);
});

test('the function agrees with the CDK app: handler, runtime, architecture, memory, timeout, SnapStart, logging, environment', () => {
  const fn = sam.Resources.Function.Properties;
  const cfn = one(cdk, 'AWS::Lambda::Function').Properties;
  for (const key of ['Handler', 'Runtime', 'Architectures', 'Timeout', 'SnapStart']) {
    assert.deepEqual(fn[key], cfn[key], key);
  }
  assert.equal(sam.Parameters.MemorySize.Default, cdk.Parameters.MemorySize.Default);
  assert.deepEqual(fn.MemorySize, { Ref: 'MemorySize' });
  const { LogGroup: samGroup, ...samLogging } = fn.LoggingConfig;
  const { LogGroup: cdkGroup, ...cdkLogging } = cfn.LoggingConfig;
  assert.deepEqual(samLogging, cdkLogging);
  assert.equal(sam.Resources[samGroup.Ref].Type, 'AWS::Logs::LogGroup');
  assert.equal(cdk.Resources[cdkGroup.Ref].Type, 'AWS::Logs::LogGroup');
  const { CLAIMS_CONFIG: claimsConfig, DYNAMODB_ENDPOINT: endpoint, ...samVariables } = fn.Environment.Variables;
  const { CLAIMS_CONFIG: cdkClaimsConfig, ...cdkVariables } = cfn.Environment.Variables;
  assert.deepEqual(Object.keys(samVariables).sort(), Object.keys(cdkVariables).sort());
  for (const name of ['CLAIMS_CONFIG_REFRESH_SECONDS', 'CLAIMS_SHADOW_CONFIG', 'AWS_APPCONFIG_EXTENSION_PREFETCH_LIST']) {
    assert.deepEqual(samVariables[name], cdkVariables[name], name);
  }
  assert.deepEqual(fn.Layers, cfn.Layers, 'the extension layer, when AppConfig is used');
  // sam local invoke passes only variables the template declares: an empty DYNAMODB_ENDPOINT
  // lets env.json point a local run at DynamoDB Local; empty means the regional endpoint.
  assert.equal(endpoint, '');
  assert.deepEqual(claimsConfig, { 'Fn::If': ['UseAppConfig', cdkClaimsConfig['Fn::If'][1],
    { 'Fn::If': ['HasClaimsConfig', { Ref: 'ClaimsConfig' }, { Ref: 'AWS::NoValue' }] }] },
    'the AppConfig profile when a layer ARN is given; else set only when ClaimsConfig is given: else the bundled'
      + ' mapping, as the CDK app without -c config');
  assert.equal(fn.AutoPublishAlias, one(cdk, 'AWS::Lambda::Alias').Properties.Name);
  assert.equal(fn.CodeUri, 'target/cognito-claims-mapper.jar');
  for (const name of ['LogRetentionDays', 'MetricsNamespace', 'LambdaVersion', 'UserPoolTier', 'ExistingUserPoolId', 'DeniedAlarmThreshold', 'AlarmEmail', 'TableName',
    'AppConfigExtensionLayerArn', 'MappingRefreshSeconds', 'MappingRolloutMinutes', 'MappingBakeMinutes', 'MappingShadow']) {
    const { Description: a, ...samParam } = sam.Parameters[name];
    const { Description: b, ...cdkParam } = cdk.Parameters[name];
    assert.deepEqual(JSON.parse(JSON.stringify(samParam), (k, v) => (k === 'AllowedValues' ? v.map(String) : v)),
      JSON.parse(JSON.stringify(cdkParam), (k, v) => (k === 'AllowedValues' ? v.map(String) : v)), name);
  }
});

test('the permission, the pool and the alarms agree with the CDK app', () => {
  const samPermission = sam.Resources.CognitoInvoke.Properties;
  const cdkPermission = one(cdk, 'AWS::Lambda::Permission').Properties;
  assert.deepEqual(samPermission.FunctionName, { Ref: 'Function.Alias' });
  for (const key of ['Action', 'Principal', 'SourceAccount', 'SourceArn']) assert.deepEqual(samPermission[key], cdkPermission[key], key);
  const { LambdaConfig: samLambda, ...samPool } = sam.Resources.UserPool.Properties;
  const { LambdaConfig: cdkLambda, ...cdkPool } = one(cdk, 'AWS::Cognito::UserPool').Properties;
  assert.deepEqual(samPool, cdkPool);
  assert.deepEqual(samLambda.PreTokenGenerationConfig.LambdaArn, { Ref: 'Function.Alias' });
  assert.deepEqual(samLambda.PreTokenGenerationConfig.LambdaVersion, cdkLambda.PreTokenGenerationConfig.LambdaVersion);
  const alarms = (template) => resourcesOf(template, 'AWS::CloudWatch::Alarm')
    .map(([, a]) => { const { Dimensions, AlarmActions, OKActions, ...rest } = a.Properties; return rest; })
    .sort((a, b) => a.MetricName.localeCompare(b.MetricName));
  assert.deepEqual(alarms(sam), alarms(cdk));
  for (const [, alarm] of resourcesOf(sam, 'AWS::CloudWatch::Alarm')) {
    assert.deepEqual(alarm.Properties.Dimensions, [{ Name: 'FunctionName', Value: { Ref: 'Function' } }]);
  }
});
