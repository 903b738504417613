'use strict';
// The CDK app: its resources, least privilege, cdk-nag's AWS Solutions checks, and agreement with
// the code (handler class, the jar's iam-policy output).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Match } = require('aws-cdk-lib/assertions');
const sns = require('aws-cdk-lib/aws-sns');
const { synthStack, ROOT } = require('./support/templates');
const { validate } = require('./support/cfn-spec');
const { HANDLER } = require('../lib/claims-mapper-stack');
const { asSubString } = require('./support/policies');

const synth = synthStack();
const template = synth.template;
const only = (type) => {
  const found = Object.entries(template.findResources(type));
  assert.equal(found.length, 1, `one ${type}`);
  return { id: found[0][0], ...found[0][1] };
};

test('cdk-nag AwsSolutionsChecks: no finding left without an acknowledged reason', () => {
  assert.equal(synth.synthError, undefined);
  assert.deepEqual(synth.violations, []);
});

test('cdk-nag runs: a topic that allows plain HTTP is reported', () => {
  const bad = synthStack({}, (stack) => new sns.Topic(stack, 'PlainTopic'));
  assert.deepEqual(bad.violations, ['AwsSolutions-SNS3 (error) at Test/PlainTopic/Resource']);
  assert.ok(bad.synthError, 'an error finding fails synthesis');
});

test('the synthesized template passes the CloudFormation resource specification', () => {
  assert.deepEqual(validate(template.toJSON()), []);
});

test('the function: handler, java25 on arm64, 5 s, SnapStart, JSON logs to its own log group', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Handler: 'io.github.claimsmapper.lambda.Handler::handleRequest',
    Runtime: 'java25',
    Architectures: ['arm64'],
    Timeout: 5,
    MemorySize: { Ref: 'MemorySize' },
    SnapStart: { ApplyOn: 'PublishedVersions' },
    LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: { Ref: only('AWS::Logs::LogGroup').id } },
    Environment: { Variables: { TABLE_NAME: { Ref: 'TableName' }, METRICS_NAMESPACE: { Ref: 'MetricsNamespace' } } },
  });
  assert.equal(only('AWS::Lambda::Function').Properties.Environment.Variables.CLAIMS_CONFIG, undefined, 'the bundled mapping');
  template.hasParameter('MemorySize', { Default: 1024 });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: { Ref: 'LogRetentionDays' } });
});

test('the handler the stack names is the class in src/main', () => {
  const [className, method] = HANDLER.split('::');
  const source = path.join(ROOT, 'src', 'main', 'java', ...className.split('.')) + '.java';
  assert.ok(fs.existsSync(source), `${source} exists`);
  assert.match(fs.readFileSync(source, 'utf8'), new RegExp(`public void ${method}\\(InputStream \\w+, OutputStream \\w+, Context \\w+\\)`));
});

test('an alias on a published version; Cognito may invoke the alias, for the one pool', () => {
  const alias = only('AWS::Lambda::Alias');
  const version = only('AWS::Lambda::Version');
  assert.equal(alias.Properties.Name, 'live');
  assert.deepEqual(alias.Properties.FunctionVersion, { 'Fn::GetAtt': [version.id, 'Version'] });
  const permission = only('AWS::Lambda::Permission');
  assert.deepEqual(permission.Properties, {
    Action: 'lambda:InvokeFunction',
    FunctionName: { Ref: alias.id },
    Principal: 'cognito-idp.amazonaws.com',
    SourceAccount: { Ref: 'AWS::AccountId' },
    SourceArn: { 'Fn::If': ['CreateUserPool', { 'Fn::GetAtt': ['UserPool', 'Arn'] },
      { 'Fn::Sub': 'arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${ExistingUserPoolId}' }] },
  });
});

test('a new pool (unless ExistingUserPoolId is given) calls the alias with the chosen event version', () => {
  const pool = only('AWS::Cognito::UserPool');
  assert.equal(pool.Condition, 'CreateUserPool');
  assert.deepEqual(pool.Properties.LambdaConfig, {
    PreTokenGenerationConfig: { LambdaArn: { Ref: only('AWS::Lambda::Alias').id }, LambdaVersion: { Ref: 'LambdaVersion' } },
  });
  assert.deepEqual(pool.Properties.UserPoolTier, { Ref: 'UserPoolTier' });
  template.hasParameter('LambdaVersion', { Default: 'V2_0', AllowedValues: ['V2_0', 'V3_0'] });
  template.hasParameter('UserPoolTier', { Default: 'ESSENTIALS' });
  template.hasCondition('CreateUserPool', { 'Fn::Equals': [{ Ref: 'ExistingUserPoolId' }, ''] });
});

test('least privilege: the role may write its log and GetItem the mapped attributes, nothing else', () => {
  const role = only('AWS::IAM::Role');
  assert.equal(role.Properties.ManagedPolicyArns, undefined);
  assert.equal(role.Properties.Policies, undefined);
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
  assert.deepEqual(statements.map((s) => s.Sid).sort(), ['ReadMappedItems1', 'WriteOwnLog']);
  const log = statements.find((s) => s.Sid === 'WriteOwnLog');
  assert.deepEqual(log.Action, ['logs:CreateLogStream', 'logs:PutLogEvents']);
  assert.deepEqual(log.Resource, { 'Fn::GetAtt': [only('AWS::Logs::LogGroup').id, 'Arn'] });
});

test('the DynamoDB policy is what iam-policy derives for the bundled mapping (deploy/policy/claims.json)', () => {
  const read = Object.values(template.findResources('AWS::IAM::Policy'))
    .find((p) => p.Properties.PolicyDocument.Statement.some((s) => s.Sid === 'ReadMappedItems1'));
  const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'policy', 'claims.json'), 'utf8'));
  const synthesized = read.Properties.PolicyDocument.Statement.map((s) => ({ ...s, Resource: asSubString(s.Resource) }));
  const expected = pinned.Statement.map((s) => ({ ...s, Action: s.Action.length === 1 ? s.Action[0] : s.Action }));
  assert.deepEqual(synthesized, expected);
});

test('a mapping with two tables: both named, each from its own parameter, and shipped in a layer', () => {
  const { template: multi, violations, assetDirectories } = synthStack({
    config: path.join(ROOT, 'config', 'multi-tenant.yaml'),
    shipConfig: true,
    tables: { TABLE_NAME: 'TableName', TENANTS_TABLE: 'TenantsTableName' },
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(assetDirectories, [['multi-tenant.yaml']], 'the layer holds the mapping alone: /opt/multi-tenant.yaml');
  const statements = Object.values(multi.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => s.Sid.startsWith('ReadMappedItems'));
  assert.deepEqual(statements.map((s) => asSubString(s.Resource)), [
    'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}',
    'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TenantsTableName}']);
  assert.deepEqual(statements[1].Condition['ForAllValues:StringEquals']['dynamodb:Attributes'], ['pk', 'plan', 'seats']);
  multi.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: { TABLE_NAME: { Ref: 'TableName' }, TENANTS_TABLE: { Ref: 'TenantsTableName' }, CLAIMS_CONFIG: '/opt/multi-tenant.yaml' } },
    Layers: [Match.anyValue()],
  });
});

test('alarms: denied sign-ins and lookup errors of this function, to the alarm topic', () => {
  const topic = only('AWS::SNS::Topic').id;
  const fn = only('AWS::Lambda::Function').id;
  for (const [metric, threshold] of [['SignInsDenied', { Ref: 'DeniedAlarmThreshold' }], ['LookupErrors', 5]]) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: { Ref: 'MetricsNamespace' }, MetricName: metric, Statistic: 'Sum', Period: 300,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }], Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }], OKActions: [{ Ref: topic }],
    });
  }
  template.hasParameter('MetricsNamespace', { Default: 'CognitoClaimsMapper' });
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AlarmsPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
  });
});

test('synthesis stops with the build command when the jar is missing, and with the located problems of an invalid mapping', () => {
  assert.throws(() => synthStack({ jar: path.join(ROOT, 'target', 'missing.jar') }),
    { message: `${path.join(ROOT, 'target', 'missing.jar')} not found: build it first (mvn -B package -DskipTests in the project root)` });
  const invalid = path.join(ROOT, 'src', 'test', 'resources', 'invalid', 'wrong-version.yaml');
  assert.throws(() => synthStack({ config: invalid }), {
    message: `iam-policy failed for ${invalid} (exit 1):\n`
      + `${invalid}:1:10: $.version: unsupported version 2 (the only version is 1)\n${invalid}: 1 error(s): no policy derived\n`,
  });
});
