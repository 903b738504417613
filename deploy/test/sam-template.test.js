'use strict';
// template.yaml (the `sam deploy --guided` route): the CloudFormation resource specification, the
// pinned iam-policy output, and agreement with the CDK app on everything both deploy.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadSamTemplate, synthStack, ROOT, JAR } = require('./support/templates');
const { validate } = require('./support/cfn-spec');
const { asSubString } = require('./support/policies');
const os = require('node:os');
const samTemplate = require('../scripts/sam-template');

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
  broken.Resources.SignInFailuresAlarm.Properties.Threshold = 'five';
  broken.Resources.AlarmTopic.Properties.DisplayName = { Ref: 'NoSuchParameter' };
  broken.Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource = { 'Fn::GetAtt': ['FunctionLog', 'Name'] };
  assert.deepEqual(validate(broken).sort(), [
    'Resources.AlarmTopic.Properties.DisplayName: Ref to unknown NoSuchParameter',
    'Resources.CognitoInvoke.Properties.Principal: required property missing',
    'Resources.Function.Properties.Runtme: unknown property',
    'Resources.Function.Properties.SnapStart.ApplyOn: Always is not one of PublishedVersions, None',
    'Resources.FunctionRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource: AWS::Logs::LogGroup has no attribute Name',
    'Resources.SignInFailuresAlarm.Properties.Threshold: expected a number, got "five"',
    'Resources.UserPool.Properties.UserPoolTier: GOLD is not one of LITE, ESSENTIALS, PLUS',
  ]);
});

test('its DynamoDB policy is what iam-policy derives for the bundled mapping (deploy/policy/claims.json), a table ARN as it is', () => {
  const role = sam.Resources.FunctionRole.Properties;
  const read = role.Policies.find((p) => p.PolicyName === 'ReadMappedItems').PolicyDocument;
  const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'policy', 'claims.json'), 'utf8'));
  assert.deepEqual(sam.Conditions.TableNameIsArn, { 'Fn::Equals': [{ 'Fn::Select': [0, { 'Fn::Split': [':', { Ref: 'TableName' }] }] }, 'arn'] });
  assert.deepEqual({ ...read, Statement: read.Statement.map((s) => {
    assert.deepEqual(s.Resource['Fn::If'].slice(0, 2), ['TableNameIsArn', { Ref: 'TableName' }]);
    return { ...s, Resource: asSubString(s.Resource['Fn::If'][2]) };
  }) }, pinned);
  assert.equal(role.ManagedPolicyArns, undefined, 'no managed policy: SAM adds none when Role is given');
  assert.deepEqual(role.Policies.map((p) => p.PolicyName), ['WriteOwnLog', 'ReadMappedItems']);
});

test('the generated parts match the mapping bundled in the built jar (sam-template.js --check)', () => {
  const out = [];
  const err = [];
  const code = samTemplate.main(['--check', '--template', path.join(ROOT, 'template.yaml'), '--jar', JAR],
    { out: { write: (t) => out.push(t) }, err: { write: (t) => err.push(t) } });
  assert.deepEqual([code, err.join('')], [0, '']);
  assert.match(out.join(''), /template\.yaml: up to date for the mapping bundled in the jar/);
});

test('another mapping: its parameters, policy, variables and first AppConfig version; --check names the fix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-sam-'));
  try {
    const copy = path.join(dir, 'template.yaml');
    fs.copyFileSync(path.join(ROOT, 'template.yaml'), copy);
    const config = path.join(ROOT, 'config', 'multi-tenant.yaml');
    const quiet = { out: { write: () => {} }, err: { write: () => {} } };
    const err = [];
    assert.equal(samTemplate.main(['--check', '--config', config, '--template', copy, '--jar', JAR],
      { out: { write: () => {} }, err: { write: (t) => err.push(t) } }), 1);
    assert.equal(err.join(''), `${copy} does not match ${config}: run node deploy/scripts/sam-template.js --write --config ${config}\n`);
    assert.equal(samTemplate.main(['--write', '--config', config, '--template', copy, '--jar', JAR], quiet), 0);
    const written = loadSamTemplate(copy);
    assert.deepEqual(validate(written), []);
    const cdkMulti = synthStack({ config }).template.toJSON();
    for (const name of ['TableName', 'TenantsTable']) {
      const { Description: a, ...samParam } = written.Parameters[name];
      const { Description: b, ...cdkParam } = cdkMulti.Parameters[name];
      assert.deepEqual(samParam, cdkParam, name);
    }
    const statements = written.Resources.FunctionRole.Properties.Policies.find((p) => p.PolicyName === 'ReadMappedItems')
      .PolicyDocument.Statement;
    assert.deepEqual(statements.map((s) => [s.Resource['Fn::If'][0], asSubString(s.Resource['Fn::If'][2])]), [
      ['TableNameIsArn', 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}'],
      ['TenantsTableIsArn', 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TenantsTable}']]);
    assert.deepEqual(statements[1].Condition['ForAllValues:StringEquals']['dynamodb:Attributes'], ['pk', 'plan', 'seats']);
    assert.deepEqual(written.Resources.Function.Properties.Environment.Variables.TENANTS_TABLE, { Ref: 'TenantsTable' });
    assert.deepEqual(written.Resources.MappingValidator.Properties.Environment.Variables,
      { TABLE_NAME: { Ref: 'TableName' }, TENANTS_TABLE: { Ref: 'TenantsTable' } });
    assert.equal(written.Resources.MappingVersion.Properties.Content, fs.readFileSync(config, 'utf8'));
    assert.notDeepEqual(written.Resources.Function.Properties.VersionDescription,
      sam.Resources.Function.Properties.VersionDescription, 'a changed mapping changes a property: SAM publishes a version');
    // written once, it is up to date
    assert.equal(samTemplate.main(['--check', '--config', config, '--template', copy, '--jar', JAR], quiet), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SAM publishes a version for a change of any property (a layer, ClaimsConfig), not only of the jar', () => {
  assert.equal(sam.Resources.Function.Properties.AutoPublishAliasAllProperties, true);
  const cdkVersion = Object.values(cdk.Resources).find((r) => r.Type === 'AWS::Lambda::Version');
  assert.deepEqual(sam.Resources.Function.Properties.VersionDescription['Fn::If'][2],
    cdkVersion.Properties.Description['Fn::If'][2], 'the version is described by the mapping\'s hash, as the CDK app does');
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
  for (const name of ['LogRetentionDays', 'MetricsNamespace', 'LambdaVersion', 'UserPoolTier', 'ExistingUserPoolId', 'FailureAlarmThreshold', 'LogUserSub', 'AlarmEmail', 'TableName',
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
    const own = { Name: 'FunctionName', Value: { Ref: 'Function' } };
    assert.deepEqual(alarm.Properties.Dimensions, alarm.Properties.Namespace === 'AWS/Lambda'
      ? [own, { Name: 'Resource', Value: { 'Fn::Sub': '${Function}:live' } }] : [own], alarm.Properties.MetricName);
  }
});
