'use strict';
// ClaimsMapperTrigger in a team's own app: with a new pool of the same stack, and with an imported
// pool and a table in another account named by its ARN; both under cdk-nag's AWS Solutions checks.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const sns = require('aws-cdk-lib/aws-sns');
const { Template } = require('aws-cdk-lib/assertions');
const { AwsSolutionsChecks } = require('cdk-nag');
const { ClaimsMapperTrigger, DEFAULT_JAR } = require('..');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MAPPING = path.join(ROOT, 'config', 'claims.yaml');
const PROFILES = 'arn:aws:dynamodb:eu-west-1:111122223333:table/profiles';

/** Synthesizes `build(stack)` in an app of its own under cdk-nag; { template, violations, error }. */
function synth(build) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-construct-'));
  try {
    const app = new cdk.App({ outdir });
    cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new cdk.Stack(app, 'Team', { env: { account: '444455556666', region: 'eu-west-1' } });
    const built = build(stack);
    let error;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap((plugin) => plugin.violations.flatMap((v) =>
      v.violatingConstructs.map((c) => `${v.ruleName} (${v.severity}) at ${c.constructPath}`)));
    const file = path.join(outdir, 'Team.template.json');
    const template = fs.existsSync(file) ? Template.fromJSON(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined;
    return { template, violations, error, built };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const only = (template, type) => {
  const found = Object.entries(template.findResources(type));
  assert.equal(found.length, 1, `one ${type}`);
  return { id: found[0][0], ...found[0][1] };
};

/** A pool as a team would have it: Plus plan, required TOTP, a strong password policy. */
const newPool = (stack) => new cognito.UserPool(stack, 'Pool', {
  featurePlan: cognito.FeaturePlan.PLUS,
  standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
  mfa: cognito.Mfa.REQUIRED,
  mfaSecondFactor: { sms: false, otp: true },
  passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
  signInAliases: { email: true },
  removalPolicy: cdk.RemovalPolicy.RETAIN,
});

test('the jar the construct uses by default is the one the project builds', () => {
  assert.equal(DEFAULT_JAR, path.join(ROOT, 'target', 'cognito-claims-mapper.jar'));
  assert.ok(fs.existsSync(DEFAULT_JAR), 'mvn -B package -DskipTests ran first');
});

test('a new pool of the same stack: the trigger is attached with the event version, cdk-nag passes', () => {
  const { template, violations, error } = synth((stack) => {
    const userPool = newPool(stack);
    const table = dynamodb.Table.fromTableName(stack, 'Profiles', 'profiles');
    return new ClaimsMapperTrigger(stack, 'Claims', {
      userPool, mappingFile: MAPPING, environment: { TABLE_NAME: table.tableName }, lambdaVersion: 'V3_0',
    });
  });
  assert.equal(error, undefined);
  assert.deepEqual(violations, []);
  const alias = only(template, 'AWS::Lambda::Alias');
  const pool = only(template, 'AWS::Cognito::UserPool');
  assert.deepEqual(pool.Properties.LambdaConfig, { PreTokenGenerationConfig: { LambdaArn: { Ref: alias.id }, LambdaVersion: 'V3_0' } });
  const permission = only(template, 'AWS::Lambda::Permission');
  assert.deepEqual([permission.Properties.FunctionName, permission.Properties.Principal, permission.Properties.SourceArn],
    [{ Ref: alias.id }, 'cognito-idp.amazonaws.com', { 'Fn::GetAtt': [pool.id, 'Arn'] }]);
  const read = Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s) => s.Sid === 'ReadMappedItems1');
  assert.deepEqual(read.Resource,
    { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:444455556666:table/profiles']] });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'java25', Architectures: ['arm64'], Timeout: 5, MemorySize: 1024, SnapStart: { ApplyOn: 'PublishedVersions' },
    Environment: { Variables: { TABLE_NAME: 'profiles', CLAIMS_CONFIG: '/opt/claims.yaml', LOG_USER_SUB: 'true',
      METRICS_NAMESPACE: 'CognitoClaimsMapper' } },
  });
  assert.equal(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length, 5);
  assert.equal(Object.keys(template.findResources('AWS::SNS::Topic')).length, 1, 'a topic for the alarms');
  assert.deepEqual(template.toJSON().Outputs || {}, {}, 'nothing to attach by hand');
});

test('an imported pool and a table in another account: permission only, the attach command, the table ARN as given', () => {
  const { template, violations, error, built } = synth((stack) => new ClaimsMapperTrigger(stack, 'Claims', {
    userPool: cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_AbCdEf123'),
    mappingFile: MAPPING,
    environment: { TABLE_NAME: PROFILES },
    alarmTopic: sns.Topic.fromTopicArn(stack, 'Oncall', 'arn:aws:sns:eu-west-1:444455556666:oncall'),
  }));
  assert.equal(error, undefined);
  assert.deepEqual(violations, []);
  assert.equal(Object.keys(template.findResources('AWS::Cognito::UserPool')).length, 0);
  assert.equal(Object.keys(template.findResources('AWS::SNS::Topic')).length, 0, 'the team\'s topic is used');
  const alias = only(template, 'AWS::Lambda::Alias');
  assert.deepEqual(only(template, 'AWS::Lambda::Permission').Properties, {
    Action: 'lambda:InvokeFunction', FunctionName: { Ref: alias.id }, Principal: 'cognito-idp.amazonaws.com',
    SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-idp:eu-west-1:444455556666:userpool/eu-west-1_AbCdEf123']] },
    SourceAccount: '444455556666',
  });
  const statements = Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => s.Sid.startsWith('ReadMappedItems'));
  assert.deepEqual(statements.map((s) => s.Resource), [PROFILES], 'the other account\'s table, not one of this account');
  assert.deepEqual(built.readPolicy.Statement[0].Resource, PROFILES);
  const output = Object.values(template.toJSON().Outputs)[0];
  assert.deepEqual(output.Value['Fn::Join'][1], ['node deploy/scripts/attach-trigger.js --user-pool-id eu-west-1_AbCdEf123'
    + ' --lambda-arn ', { Ref: alias.id }, ' --lambda-version V2_0']);
  for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
    assert.deepEqual(alarm.Properties.AlarmActions, ['arn:aws:sns:eu-west-1:444455556666:oncall']);
  }
});

test('a table name known only at deploy time may be a name or an ARN: the policy decides by its prefix', () => {
  const { template, violations } = synth((stack) => {
    const name = new cdk.CfnParameter(stack, 'ProfilesTable', { type: 'String' });
    return new ClaimsMapperTrigger(stack, 'Claims', {
      userPool: newPool(stack), mappingFile: MAPPING, environment: { TABLE_NAME: name.valueAsString },
    });
  });
  assert.deepEqual(violations, []);
  const json = template.toJSON();
  const [condition] = Object.keys(json.Conditions);
  assert.deepEqual(json.Conditions[condition],
    { 'Fn::Equals': [{ 'Fn::Select': [0, { 'Fn::Split': [':', { Ref: 'ProfilesTable' }] }] }, 'arn'] });
  const read = Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s) => s.Sid === 'ReadMappedItems1');
  assert.deepEqual(read.Resource, { 'Fn::If': [condition, { Ref: 'ProfilesTable' },
    { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:eu-west-1:444455556666:table/', { Ref: 'ProfilesTable' }]] }] });
});

test('the bundled mapping by default: no layer, no CLAIMS_CONFIG, the policy of the mapping in the jar', () => {
  const { template, violations } = synth((stack) => new ClaimsMapperTrigger(stack, 'Claims', {
    userPool: newPool(stack), environment: { TABLE_NAME: 'profiles' },
  }));
  assert.deepEqual(violations, []);
  assert.equal(Object.keys(template.findResources('AWS::Lambda::LayerVersion')).length, 0);
  assert.equal(only(template, 'AWS::Lambda::Function').Properties.Environment.Variables.CLAIMS_CONFIG, undefined);
  const read = Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s) => s.Sid === 'ReadMappedItems1');
  assert.deepEqual(read.Condition['ForAllValues:StringEquals']['dynamodb:Attributes'], ['first_name', 'id', 'interesting_value', 'last_name']);
});

test('mapping A, then mapping B: a new version, the alias on it, the policy following B', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-ab-'));
  try {
    const file = path.join(dir, 'profiles.yaml');
    const once = (text) => {
      fs.writeFileSync(file, text);
      const { template } = synth((stack) => new ClaimsMapperTrigger(stack, 'Claims', {
        userPool: newPool(stack), mappingFile: file, environment: { TABLE_NAME: 'profiles' },
      }));
      const version = only(template, 'AWS::Lambda::Version');
      assert.deepEqual(only(template, 'AWS::Lambda::Alias').Properties.FunctionVersion, { 'Fn::GetAtt': [version.id, 'Version'] });
      const read = Object.values(template.findResources('AWS::IAM::Policy'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s) => s.Sid === 'ReadMappedItems1');
      return { version: version.id, attributes: read.Condition['ForAllValues:StringEquals']['dynamodb:Attributes'] };
    };
    const seed = fs.readFileSync(MAPPING, 'utf8');
    const a = once(seed);
    const b = once(seed.replace('last_name: item.last_name', 'last_name: item.family_name'));
    assert.notEqual(b.version, a.version);
    assert.deepEqual(a.attributes, ['first_name', 'id', 'interesting_value', 'last_name']);
    assert.deepEqual(b.attributes, ['family_name', 'first_name', 'id', 'interesting_value']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('mistakes stop synthesis with what to do', () => {
  const attempt = (props) => () => synth((stack) => new ClaimsMapperTrigger(stack, 'Claims', { userPool: newPool(stack), ...props }));
  assert.throws(attempt({ lambdaVersion: 'V4_0' }), { message: 'ClaimsMapperTrigger: lambdaVersion must be one of V1_0, V2_0, V3_0' });
  assert.throws(() => synth((stack) => new ClaimsMapperTrigger(stack, 'Claims', {})), { message: 'ClaimsMapperTrigger: userPool is required' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-env-'));
  try {
    const file = path.join(dir, 'needs.yaml');
    fs.writeFileSync(file, fs.readFileSync(MAPPING, 'utf8').replace('${env:TABLE_NAME:-users}', '${env:PROFILES_TABLE}'));
    assert.throws(attempt({ mappingFile: file }),
      { message: `${file} reads \${env:PROFILES_TABLE}, which has no default: give PROFILES_TABLE in environment` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(attempt({ jar: '/nowhere/cognito-claims-mapper.jar' }),
    { message: '/nowhere/cognito-claims-mapper.jar not found: build it first (mvn -B package -DskipTests in the project root), or give the released jar as jar' });
});

test('the README: the snippet is the documented one, and its whole stack synthesizes under cdk-nag', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 2);
  for (const prop of ['userPool', 'mappingFile', 'environment', 'lambdaVersion', 'alarmTopic', 'jar']) {
    assert.match(blocks[0], new RegExp(`^  ${prop}[,:]`, 'm'), prop);
  }
  const dir = fs.mkdtempSync(path.join(__dirname, '.readme-'));
  const cwd = process.cwd();
  try {
    fs.mkdirSync(path.join(dir, 'claims'));
    fs.writeFileSync(path.join(dir, 'claims', 'profiles.yaml'),
      fs.readFileSync(MAPPING, 'utf8').replace('${env:TABLE_NAME:-users}', '${env:TABLE_NAME}').replace('id: "USER#', 'pk: "USER#'));
    fs.writeFileSync(path.join(dir, 'stack.js'), blocks[1]);
    process.chdir(dir);
    const { TeamStack } = require(path.join(dir, 'stack.js'));
    const outdir = path.join(dir, 'out');
    const app = new cdk.App({ outdir });
    cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new TeamStack(app, 'Team');
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    assert.deepEqual(report.pluginReports.flatMap((p) => p.violations), []);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Team.template.json'), 'utf8'));
    const read = Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s) => s.Sid === 'ReadMappedItems1');
    assert.deepEqual(read.Condition['ForAllValues:StringEquals']['dynamodb:Attributes'], ['first_name', 'interesting_value', 'last_name', 'pk']);
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('optionally the AppConfig part: the mapping as a hosted profile, validated, rolled back on failures', () => {
  const layer = 'arn:aws:lambda:eu-west-1:434848589818:layer:AWS-AppConfig-Extension-Arm64:200';
  const { template, violations, error } = synth((stack) => new ClaimsMapperTrigger(stack, 'Claims', {
    userPool: newPool(stack), mappingFile: MAPPING, environment: { TABLE_NAME: 'profiles' },
    appConfig: { extensionLayerArn: layer, shadow: true },
  }));
  assert.equal(error, undefined);
  assert.deepEqual(violations, []);
  const json = template.toJSON();
  const ofType = (type) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
  for (const type of ['AWS::AppConfig::Application', 'AWS::AppConfig::Environment', 'AWS::AppConfig::HostedConfigurationVersion',
    'AWS::AppConfig::Deployment']) {
    assert.equal(ofType(type).length, 1, type);
  }
  assert.equal(ofType('AWS::AppConfig::ConfigurationProfile').length, 2, 'the mapping and the shadow');
  for (const [, r] of Object.entries(json.Resources)) assert.equal(r.Condition, undefined, 'nothing conditional');
  const [, version] = ofType('AWS::AppConfig::HostedConfigurationVersion')[0];
  assert.equal(version.Properties.Content, fs.readFileSync(MAPPING, 'utf8'), 'the first version is the mapping');
  const trigger = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Handler.endsWith('Handler::handleRequest'))[1];
  assert.deepEqual(trigger.Properties.Environment.Variables.CLAIMS_CONFIG, { 'Fn::Sub': 'appconfig:${AWS::StackName}-claims/live/mapping' });
  assert.deepEqual(trigger.Properties.Environment.Variables.CLAIMS_SHADOW_CONFIG, { 'Fn::Sub': 'appconfig:${AWS::StackName}-claims/live/shadow' });
  assert.equal(trigger.Properties.Environment.Variables.CLAIMS_CONFIG_REFRESH_SECONDS, '30');
  assert.equal(trigger.Properties.Layers.at(-1), layer);
  const [, environment] = ofType('AWS::AppConfig::Environment')[0];
  const failures = ofType('AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.MetricName === 'SignInFailures')[0];
  assert.ok(environment.Properties.Monitors.some((m) => m.AlarmArn['Fn::GetAtt'][0] === failures), 'rolled back on failures');
  assert.deepEqual(Object.keys(json.Outputs).map((k) => k.replace(/^Claims/, '').replace(/[0-9A-F]{8}$/, '')).sort(),
    ['MappingApplicationId', 'MappingEnvironmentId', 'MappingProfileId', 'MappingRolloutStrategyId', 'ShadowProfileId']);
  assert.throws(() => synth((stack) => new ClaimsMapperTrigger(stack, 'Claims', {
    userPool: newPool(stack), mappingFile: MAPPING, appConfig: {},
  })), /appConfig.extensionLayerArn is required/);
});
