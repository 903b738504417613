'use strict';
// The CDK app: its resources, least privilege, cdk-nag's AWS Solutions checks, and agreement with
// the code (handler class, the jar's iam-policy output).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Match, Template } = require('aws-cdk-lib/assertions');
const sns = require('aws-cdk-lib/aws-sns');
const { synthStack, ROOT } = require('./support/templates');
const { validate } = require('./support/cfn-spec');
const { HANDLER } = require('../lib/claims-mapper-stack');
const { asSubString } = require('./support/policies');
const { jarBundling, mappingFileWith } = require('./support/jars');

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
    Environment: { Variables: { TABLE_NAME: { Ref: 'TableName' }, METRICS_NAMESPACE: { Ref: 'MetricsNamespace' }, LOG_USER_SUB: { Ref: 'LogUserSub' } } },
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

test('the DynamoDB policy is what iam-policy derives for the bundled mapping (deploy/policy/claims.json), a table ARN as it is', () => {
  const read = Object.values(template.findResources('AWS::IAM::Policy'))
    .find((p) => p.Properties.PolicyDocument.Statement.some((s) => s.Sid === 'ReadMappedItems1'));
  const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'policy', 'claims.json'), 'utf8'));
  const [condition] = Object.keys(template.toJSON().Conditions).filter((c) => c.includes('IsArn'));
  // TableName may be a name or the ARN of a table in another account: the resource is the ARN as
  // given, else the ARN of the table of that name in this account and region
  assert.deepEqual(template.toJSON().Conditions[condition],
    { 'Fn::Equals': [{ 'Fn::Select': [0, { 'Fn::Split': [':', { Ref: 'TableName' }] }] }, 'arn'] });
  const synthesized = read.Properties.PolicyDocument.Statement.map((s) => {
    assert.deepEqual(s.Resource['Fn::If'].slice(0, 2), [condition, { Ref: 'TableName' }]);
    return { ...s, Resource: asSubString(s.Resource['Fn::If'][2]) };
  });
  const expected = pinned.Statement.map((s) => ({ ...s, Action: s.Action.length === 1 ? s.Action[0] : s.Action }));
  assert.deepEqual(synthesized, expected);
});

const readStatements = (t) => Object.values(t.findResources('AWS::IAM::Policy'))
  .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => s.Sid.startsWith('ReadMappedItems'));
const elseBranch = (resource) => asSubString(resource['Fn::If'] ? resource['Fn::If'][2] : resource);

test('a mapping with two tables: each from its own parameter (defaults from the placeholders), shipped in a layer', () => {
  const { template: multi, violations, assetDirectories } = synthStack({ config: path.join(ROOT, 'config', 'multi-tenant.yaml') });
  assert.deepEqual(violations, []);
  assert.deepEqual(assetDirectories.filter((d) => d.length === 1), [['multi-tenant.yaml']], 'the layer holds the mapping alone');
  assert.deepEqual(readStatements(multi).map((s) => elseBranch(s.Resource)), [
    'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}',
    'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TenantsTable}']);
  assert.deepEqual(readStatements(multi)[1].Condition['ForAllValues:StringEquals']['dynamodb:Attributes'], ['pk', 'plan', 'seats']);
  multi.hasParameter('TableName', { Default: 'users' });
  multi.hasParameter('TenantsTable', { Default: 'tenants' });
  multi.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: { TABLE_NAME: { Ref: 'TableName' }, TENANTS_TABLE: { Ref: 'TenantsTable' }, CLAIMS_CONFIG: '/opt/multi-tenant.yaml' } },
    Layers: [Match.anyValue()],
  });
  const renamed = synthStack({ config: path.join(ROOT, 'config', 'multi-tenant.yaml'), tables: { TENANTS_TABLE: 'TenantsTableName' } });
  renamed.template.hasParameter('TenantsTableName', { Default: 'tenants' });
});

test('parameters only for the placeholders: none for a literal table, a required one without a default', () => {
  const literal = mappingFileWith('literal.yaml', fs.readFileSync(path.join(ROOT, 'config', 'claims.yaml'), 'utf8')
    .replace('${env:TABLE_NAME:-users}', 'profiles'));
  const required = mappingFileWith('required.yaml', fs.readFileSync(path.join(ROOT, 'config', 'claims.yaml'), 'utf8')
    .replace('${env:TABLE_NAME:-users}', '${env:PROFILES_TABLE}'));
  try {
    const plain = synthStack({ config: literal.file }).template.toJSON();
    assert.equal(plain.Parameters.TableName, undefined);
    assert.deepEqual(Object.keys(plain.Parameters).filter((p) => /Table/.test(p)), []);
    assert.equal(readStatements(Template.fromJSON(plain))[0].Resource['Fn::Join'][1].at(-1), ':table/profiles');
    const needed = synthStack({ config: required.file }).template.toJSON();
    assert.equal(needed.Parameters.ProfilesTable.Default, undefined, 'no default: the deploy must set it');
    assert.deepEqual(needed.Resources[Object.keys(needed.Resources).find((k) => needed.Resources[k].Type === 'AWS::Lambda::Function')]
      .Properties.Environment.Variables.PROFILES_TABLE, { Ref: 'ProfilesTable' });
  } finally {
    literal.cleanup();
    required.cleanup();
  }
});

/** The version the alias points at, the policy's attribute names, the CLAIMS_CONFIG. */
function live(t) {
  const json = t.toJSON();
  const [aliasId, alias] = Object.entries(json.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Alias');
  const versions = Object.keys(json.Resources).filter((k) => json.Resources[k].Type === 'AWS::Lambda::Version');
  assert.equal(versions.length, 1);
  assert.deepEqual(alias.Properties.FunctionVersion, { 'Fn::GetAtt': [versions[0], 'Version'] }, `${aliasId} -> the version`);
  const fn = Object.values(json.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  return {
    version: versions[0],
    attributes: readStatements(t).map((s) => s.Condition['ForAllValues:StringEquals']['dynamodb:Attributes']),
    claimsConfig: fn.Properties.Environment.Variables.CLAIMS_CONFIG,
  };
}
const seed = fs.readFileSync(path.join(ROOT, 'config', 'claims.yaml'), 'utf8');
const mappingB = seed.replace('first_name: item.first_name', 'first_name: item.given_name');

test('a changed mapping in a layer publishes a new version, the alias moves to it, the policy follows', () => {
  const a = mappingFileWith('team.yaml', seed);
  const b = mappingFileWith('team.yaml', mappingB);
  try {
    const before = live(synthStack({ config: a.file }).template);
    const after = live(synthStack({ config: b.file }).template);
    assert.notEqual(after.version, before.version, 'a new AWS::Lambda::Version');
    assert.deepEqual(before.attributes, [['first_name', 'id', 'interesting_value', 'last_name']]);
    assert.deepEqual(after.attributes, [['given_name', 'id', 'interesting_value', 'last_name']]);
    assert.equal(after.claimsConfig, '/opt/team.yaml');
    // the same mapping synthesized again is the same version: no needless publish
    assert.equal(live(synthStack({ config: a.file }).template).version, before.version);
  } finally {
    a.cleanup();
    b.cleanup();
  }
});

test('a changed CLAIMS_CONFIG (the same text under another name) publishes a new version', () => {
  const a = mappingFileWith('team.yaml', seed);
  const b = mappingFileWith('other.yaml', seed);
  try {
    const before = live(synthStack({ config: a.file }).template);
    const after = live(synthStack({ config: b.file }).template);
    assert.notEqual(after.version, before.version);
    assert.equal(after.claimsConfig, '/opt/other.yaml');
  } finally {
    a.cleanup();
    b.cleanup();
  }
});

test('a changed mapping bundled in the jar: new version, alias moved, policy read out of that jar', () => {
  const file = mappingFileWith('profiles.yaml', mappingB);
  const jarB = jarBundling(file.file);
  try {
    const before = live(synthStack().template);
    const after = live(synthStack({ jar: jarB.jar }).template);
    assert.notEqual(after.version, before.version);
    assert.deepEqual(after.attributes, [['given_name', 'id', 'interesting_value', 'last_name']],
      'the policy of the mapping the jar bundles, not of config/claims.yaml');
    assert.equal(after.claimsConfig, undefined, 'the function runs the bundled mapping');
    // naming the bundled file is checked, not trusted
    assert.equal(live(synthStack({ jar: jarB.jar, config: file.file, bundled: true }).template).version, after.version);
  } finally {
    jarB.cleanup();
    file.cleanup();
  }
});

test('synthesis refuses a mapping said to be bundled that the jar does not bundle', () => {
  const other = path.join(ROOT, 'config', 'multi-tenant.yaml');
  assert.throws(() => synthStack({ config: other, bundled: true }), (e) => {
    assert.match(e.message, new RegExp(`^${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not the mapping bundled in .*cognito-claims-mapper\\.jar`
      + ' \\(sha256 [0-9a-f]{12} here, [0-9a-f]{12} in the jar\\): the function would run one mapping and its IAM policy would be'
      + ' derived from the other\\. Rebuild the jar with mvn -B package -DskipTests -Dclaims.config=.*, or ship the file in a layer'));
    return true;
  });
});

test('alarms: failed sign-ins and lookups of this function, and the alias\'s errors, throttles and duration, to the topic', () => {
  const topic = only('AWS::SNS::Topic').id;
  const fn = only('AWS::Lambda::Function').id;
  const alias = only('AWS::Lambda::Alias').id;
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  assert.deepEqual(alarms.map((a) => a.MetricName).sort(), ['Duration', 'Errors', 'LookupErrors', 'SignInFailures', 'Throttles']);
  for (const [metric, threshold] of [['SignInFailures', { Ref: 'FailureAlarmThreshold' }], ['LookupErrors', 5]]) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: { Ref: 'MetricsNamespace' }, MetricName: metric, Statistic: 'Sum', Period: 300,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }], Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }], OKActions: [{ Ref: topic }],
    });
  }
  for (const [metric, statistic, threshold, operator] of [['Errors', 'Sum', 1, 'GreaterThanOrEqualToThreshold'],
    ['Throttles', 'Sum', 1, 'GreaterThanOrEqualToThreshold'], ['Duration', 'Maximum', 4000, 'GreaterThanThreshold']]) {
    const alarm = alarms.find((a) => a.MetricName === metric);
    assert.deepEqual({ ...alarm, AlarmDescription: undefined, Dimensions: undefined }, {
      Namespace: 'AWS/Lambda', MetricName: metric, Statistic: statistic, Period: 60, EvaluationPeriods: 1, Threshold: threshold,
      ComparisonOperator: operator, TreatMissingData: 'notBreaching', AlarmActions: [{ Ref: topic }], OKActions: [{ Ref: topic }],
      AlarmDescription: undefined, Dimensions: undefined,
    });
    // the alias's metrics: Lambda publishes them per FunctionName and Resource (function:alias)
    assert.deepEqual(alarm.Dimensions.map((d) => d.Name), ['FunctionName', 'Resource']);
    assert.deepEqual(alarm.Dimensions[0].Value, { Ref: fn });
    assert.match(JSON.stringify(alarm.Dimensions[1].Value), new RegExp(`${alias}|:live`));
  }
  template.hasParameter('MetricsNamespace', { Default: 'CognitoClaimsMapper' });
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AlarmsPublish', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
  });
});

test('synthesis stops with the build command when the jar is missing, and with the located problems of an invalid mapping', () => {
  assert.throws(() => synthStack({ jar: path.join(ROOT, 'target', 'missing.jar') }),
    { message: `${path.join(ROOT, 'target', 'missing.jar')} not found: build it first (mvn -B package -DskipTests in the project root), or give the released jar as jar` });
  const invalid = path.join(ROOT, 'src', 'test', 'resources', 'invalid', 'wrong-version.yaml');
  assert.throws(() => synthStack({ config: invalid }), {
    message: `iam-policy failed for ${invalid} (exit 1):\n`
      + `${invalid}:1:10: $.version: unsupported version 2 (the only version is 1)\n${invalid}: 1 error(s): no policy derived\n`,
  });
});
