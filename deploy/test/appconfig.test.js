'use strict';
// The optional AppConfig part (lib/appconfig.js, and its copy in template.yaml): what it creates,
// that the names the function reads match what it creates, least privilege, the rollback wiring,
// agreement with the Java code (validator handler, metric name) and between CDK and SAM.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { synthStack, loadSamTemplate, ROOT } = require('./support/templates');
const { validate } = require('./support/cfn-spec');
const { VALIDATOR_HANDLER, REJECTED_METRIC } = require('cognito-claims-mapper-cdk/lib/appconfig');

const synth = synthStack({ appConfig: true });
const cdk = synth.template.toJSON();
const sam = loadSamTemplate();
const APPCONFIG_TYPES = ['AWS::AppConfig::Application', 'AWS::AppConfig::Environment', 'AWS::AppConfig::ConfigurationProfile',
  'AWS::AppConfig::HostedConfigurationVersion', 'AWS::AppConfig::DeploymentStrategy', 'AWS::AppConfig::Deployment'];
/**
 * CDK's logical ids end in an 8-digit hash, and the trigger's start with its construct id
 * (Trigger); SAM's are the construct ids.
 */
const unhash = (value) => JSON.parse(JSON.stringify(value).replace(/"([A-Za-z]+?)[0-9A-F]{8}"/g, '"$1"')
  .replace(/"Trigger([A-Z][A-Za-z]*)"/g, '"$1"'));
const byId = (template) => unhash(Object.fromEntries(Object.entries(template.Resources)
  .filter(([, r]) => r.Condition === 'UseAppConfig').map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r])));
const cdkParts = byId(cdk);
const samParts = byId(sam);
const triggerOf = (template) => Object.values(template.Resources)
  .find((r) => /Function$/.test(r.Type) && r.Properties.Handler === 'io.github.claimsmapper.lambda.Handler::handleRequest');

test('cdk-nag and the resource specification pass with the AppConfig part', () => {
  assert.equal(synth.synthError, undefined);
  assert.deepEqual(synth.violations, []);
  assert.deepEqual(validate(cdk), []);
});

test('without -c appconfig=true the stack has no AppConfig resource', () => {
  const plain = synthStack().template.toJSON();
  assert.deepEqual(Object.values(plain.Resources).filter((r) => r.Type.startsWith('AWS::AppConfig::')), []);
  assert.equal(plain.Parameters.AppConfigExtensionLayerArn, undefined);
});

test('everything of the part exists only when the extension layer ARN is given', () => {
  assert.deepEqual(cdk.Conditions.UseAppConfig, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AppConfigExtensionLayerArn' }, ''] }] });
  for (const type of APPCONFIG_TYPES) {
    const found = Object.values(cdk.Resources).filter((r) => r.Type === type);
    assert.ok(found.length >= 1, type);
    for (const r of found) assert.equal(r.Condition, 'UseAppConfig', type);
  }
  assert.deepEqual(Object.keys(cdkParts).sort(), ['AppConfigMonitorRole', 'AppConfigMonitorRoleDefaultPolicy', 'ImmediateStrategy',
    'MappingApplication', 'MappingDeployment', 'MappingEnvironment', 'MappingProfile', 'MappingRejectedAlarm', 'MappingValidator',
    'MappingVersion', 'ReadMappingFromAppConfig', 'RolloutStrategy', 'ShadowProfile', 'ValidatorInvoke', 'ValidatorLog',
    'ValidatorRole', 'ValidatorRoleDefaultPolicy']);
});

test('the function reads the profile the stack creates, by its names, through the extension layer', () => {
  const fn = triggerOf(cdk).Properties;
  assert.deepEqual(fn.Environment.Variables.CLAIMS_CONFIG['Fn::If'][1], { 'Fn::Sub': 'appconfig:${AWS::StackName}-claims/live/mapping' });
  assert.deepEqual(cdkParts.MappingApplication.Properties.Name, { 'Fn::Sub': '${AWS::StackName}-claims' });
  assert.equal(cdkParts.MappingEnvironment.Properties.Name, 'live');
  assert.equal(cdkParts.MappingProfile.Properties.Name, 'mapping');
  assert.equal(cdkParts.ShadowProfile.Properties.Name, 'shadow');
  assert.deepEqual(fn.Environment.Variables.CLAIMS_SHADOW_CONFIG,
    { 'Fn::If': ['UseMappingShadow', { 'Fn::Sub': 'appconfig:${AWS::StackName}-claims/live/shadow' }, { Ref: 'AWS::NoValue' }] });
  assert.deepEqual(fn.Environment.Variables.CLAIMS_CONFIG_REFRESH_SECONDS,
    { 'Fn::If': ['UseAppConfig', { Ref: 'MappingRefreshSeconds' }, { Ref: 'AWS::NoValue' }] });
  assert.deepEqual(fn.Layers, { 'Fn::If': ['UseAppConfig', [{ Ref: 'AppConfigExtensionLayerArn' }], { Ref: 'AWS::NoValue' }] });
});

test('the first version is the mapping the stack was built with, deployed at once; later ones roll out gradually', () => {
  assert.equal(cdkParts.MappingVersion.Properties.Content, fs.readFileSync(path.join(ROOT, 'config', 'claims.yaml'), 'utf8'));
  assert.equal(cdkParts.MappingVersion.Properties.ContentType, 'application/x-yaml');
  assert.deepEqual(cdkParts.MappingDeployment.Properties.DeploymentStrategyId, { 'Fn::GetAtt': ['ImmediateStrategy', 'Id'] });
  assert.deepEqual(cdkParts.MappingDeployment.Properties.ConfigurationVersion, { 'Fn::GetAtt': ['MappingVersion', 'VersionNumber'] });
  const { Name: _a, Description: _b, ...immediate } = cdkParts.ImmediateStrategy.Properties;
  assert.deepEqual(immediate, { DeploymentDurationInMinutes: 0, FinalBakeTimeInMinutes: 0, GrowthFactor: 100, GrowthType: 'LINEAR', ReplicateTo: 'NONE' });
  const { Name: _c, Description: _d, ...rollout } = cdkParts.RolloutStrategy.Properties;
  assert.deepEqual(rollout, { DeploymentDurationInMinutes: { Ref: 'MappingRolloutMinutes' }, FinalBakeTimeInMinutes: { Ref: 'MappingBakeMinutes' },
    GrowthFactor: 20, GrowthType: 'LINEAR', ReplicateTo: 'NONE' });
  // the published version (SnapStart init reads the mapping) waits for the deployment and the permission
  const version = Object.values(cdk.Resources).find((r) => r.Type === 'AWS::Lambda::Version');
  assert.deepEqual(unhash(version.Properties.Description)['Fn::If'][1]['Fn::Sub'][1],
    { Deployment: { 'Fn::GetAtt': ['MappingDeployment', 'DeploymentNumber'] }, Policy: { Ref: 'ReadMappingFromAppConfig' } });
});

test('both profiles are checked by the validator, the same jar\'s AppConfigValidator handler', () => {
  for (const profile of [cdkParts.MappingProfile, cdkParts.ShadowProfile]) {
    assert.deepEqual(profile.Properties.Validators, [{ Type: 'LAMBDA', Content: { 'Fn::GetAtt': ['MappingValidator', 'Arn'] } }]);
    assert.equal(profile.Properties.LocationUri, 'hosted');
  }
  const validator = cdkParts.MappingValidator.Properties;
  assert.equal(validator.Handler, VALIDATOR_HANDLER);
  assert.equal(validator.Timeout, 15);
  assert.deepEqual(validator.Environment.Variables, { TABLE_NAME: { Ref: 'TableName' } }, 'placeholders resolve as in the trigger');
  const [className, method] = VALIDATOR_HANDLER.split('::');
  const source = path.join(ROOT, 'src', 'main', 'java', ...className.split('.')) + '.java';
  assert.match(fs.readFileSync(source, 'utf8'), new RegExp(`public void ${method}\\(InputStream \\w+, OutputStream \\w+, Context \\w+\\)`));
  assert.deepEqual(cdkParts.ValidatorInvoke.Properties, { Action: 'lambda:InvokeFunction',
    FunctionName: { 'Fn::GetAtt': ['MappingValidator', 'Arn'] }, Principal: 'appconfig.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } });
});

test('least privilege: the validator writes its log; the trigger reads its two profiles; AppConfig describes two alarms', () => {
  assert.deepEqual(cdkParts.ValidatorRoleDefaultPolicy.Properties.PolicyDocument.Statement.map((s) => [s.Sid, s.Action]),
    [['WriteOwnLog', ['logs:CreateLogStream', 'logs:PutLogEvents']]]);
  const [read] = cdkParts.ReadMappingFromAppConfig.Properties.PolicyDocument.Statement;
  assert.deepEqual(read.Action, ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration']);
  assert.deepEqual(read.Resource.map((r) => r['Fn::Sub'][1].Profile), [{ 'Fn::GetAtt': ['MappingProfile', 'ConfigurationProfileId'] },
    { 'Fn::GetAtt': ['ShadowProfile', 'ConfigurationProfileId'] }]);
  assert.deepEqual(cdkParts.AppConfigMonitorRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal, { Service: 'appconfig.amazonaws.com' });
  const [describe] = cdkParts.AppConfigMonitorRoleDefaultPolicy.Properties.PolicyDocument.Statement;
  assert.equal(describe.Action, 'cloudwatch:DescribeAlarms');
  assert.deepEqual(describe.Resource, [{ 'Fn::GetAtt': ['MappingRejectedAlarm', 'Arn'] }, { 'Fn::GetAtt': ['SignInFailuresAlarm', 'Arn'] }]);
});

test('a refused version and denied sign-ins roll the deployment back; the metric is the one the function writes', () => {
  assert.deepEqual(cdkParts.MappingEnvironment.Properties.Monitors, [
    { AlarmArn: { 'Fn::GetAtt': ['MappingRejectedAlarm', 'Arn'] }, AlarmRoleArn: { 'Fn::GetAtt': ['AppConfigMonitorRole', 'Arn'] } },
    { AlarmArn: { 'Fn::GetAtt': ['SignInFailuresAlarm', 'Arn'] }, AlarmRoleArn: { 'Fn::GetAtt': ['AppConfigMonitorRole', 'Arn'] } }]);
  const alarm = cdkParts.MappingRejectedAlarm.Properties;
  assert.equal(alarm.MetricName, REJECTED_METRIC);
  assert.deepEqual([alarm.Period, alarm.Threshold, alarm.Statistic], [60, 1, 'Sum']);
  assert.deepEqual(alarm.Dimensions, [{ Name: 'FunctionName', Value: { Ref: 'Function' } }]);
  const metrics = fs.readFileSync(path.join(ROOT, 'src', 'main', 'java', 'io', 'github', 'claimsmapper', 'lambda', 'EmbeddedMetrics.java'), 'utf8');
  assert.match(metrics, new RegExp(`new Metric\\("${REJECTED_METRIC}", "Count"\\)`));
});

test('template.yaml holds the same AppConfig part as the CDK app', () => {
  assert.deepEqual(sam.Conditions.UseAppConfig, cdk.Conditions.UseAppConfig);
  assert.deepEqual(sam.Conditions.UseMappingShadow, { 'Fn::And': [{ Condition: 'UseAppConfig' }, { 'Fn::Equals': [{ Ref: 'MappingShadow' }, 'on'] }] });
  assert.deepEqual(cdk.Conditions.UseMappingShadow, sam.Conditions.UseMappingShadow);
  for (const id of ['MappingApplication', 'MappingEnvironment', 'MappingProfile', 'ShadowProfile', 'MappingVersion', 'ImmediateStrategy',
    'RolloutStrategy', 'MappingDeployment', 'MappingRejectedAlarm', 'ValidatorInvoke']) {
    assert.deepEqual(samParts[id].Properties, cdkParts[id].Properties, id);
  }
  const samValidator = samParts.MappingValidator.Properties;
  const cdkValidator = cdkParts.MappingValidator.Properties;
  for (const key of ['Handler', 'Runtime', 'Architectures', 'MemorySize', 'Timeout', 'Environment', 'LoggingConfig', 'Role', 'Description']) {
    assert.deepEqual(samValidator[key], cdkValidator[key], key);
  }
  const statements = (template, policy) => template.Resources[policy].Properties.PolicyDocument.Statement;
  assert.deepEqual(statements(sam, 'ReadMappingFromAppConfig').map((s) => [s.Sid, s.Action]),
    statements(cdk, Object.keys(cdk.Resources).find((k) => k.startsWith('TriggerReadMappingFromAppConfig'))).map((s) => [s.Sid, s.Action]));
  assert.deepEqual(sam.Resources.AppConfigMonitorRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource,
    cdkParts.AppConfigMonitorRoleDefaultPolicy.Properties.PolicyDocument.Statement[0].Resource);
});
