'use strict';
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const cognito = require('aws-cdk-lib/aws-cognito');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const sns = require('aws-cdk-lib/aws-sns');
const { deriveReadPolicy } = require('./iam-policy');
const { addAppConfig } = require('./appconfig');

/** The handler class in src/main/java (deploy/test/stack.test.js keeps them in step). */
const HANDLER = 'io.github.claimsmapper.lambda.Handler::handleRequest';
/** java25: Amazon Linux 2023 and the deprecation date of java21, and the JDK CI tests on (docs/deploy.md: why, and its measured cold start). */
const RUNTIME = lambda.Runtime.JAVA_25;
/** The metric contract of the function's summary line (EMF). */
const METRICS = {
  namespace: 'CognitoClaimsMapper',
  denied: 'SignInsDenied',
  lookupErrors: 'LookupErrors',
};

/**
 * The pre token generation trigger: function with SnapStart on a published version behind the
 * alias `live`, its log group, a least-privilege role derived from the mapping, the permission for
 * Cognito to invoke the alias, optionally a new user pool wired to it, and alarms on denials and
 * lookup errors.
 *
 * props:
 * - jar: the shaded jar (default ../target/cognito-claims-mapper.jar)
 * - config: the mapping file the policy is derived from (default ../config/claims.yaml, the one
 *   bundled in the jar)
 * - shipConfig: true to ship `config` in a layer and point CLAIMS_CONFIG at it (for a mapping
 *   other than the bundled one)
 * - tables: { ENV_NAME: 'ParameterName' }: the mapping's ${env:...} table placeholders, each set
 *   from a stack parameter (default { TABLE_NAME: 'TableName' })
 * - appConfig: true to add the AppConfig part (lib/appconfig.js): with the parameter
 *   AppConfigExtensionLayerArn set, the function reads `config` from a hosted AppConfig profile
 *   and picks up new versions without a deploy
 */
class ClaimsMapperStack extends cdk.Stack {
  constructor(scope, id, props = {}) {
    super(scope, id, props);
    const root = path.resolve(__dirname, '..', '..');
    const jar = props.jar || path.join(root, 'target', 'cognito-claims-mapper.jar');
    const config = props.config || path.join(root, 'config', 'claims.yaml');
    const tables = props.tables || { TABLE_NAME: 'TableName' };

    // ---------------------------------------------------------------- parameters
    const tableParams = {};
    for (const [envName, paramName] of Object.entries(tables)) {
      tableParams[envName] = new cdk.CfnParameter(this, paramName, {
        type: 'String', minLength: 3, maxLength: 255, allowedPattern: '[a-zA-Z0-9_.-]+',
        description: `DynamoDB table the mapping reads as \${env:${envName}}`,
      });
    }
    const existingPoolId = new cdk.CfnParameter(this, 'ExistingUserPoolId', {
      type: 'String', default: '', allowedPattern: '^$|^[\\w-]+_[0-9a-zA-Z]+$',
      description: 'Empty: create a new user pool wired to the function. Else: the id of an existing pool that '
        + 'may invoke the function (attach the trigger with deploy/scripts/attach-trigger.js)',
    });
    const lambdaVersion = new cdk.CfnParameter(this, 'LambdaVersion', {
      type: 'String', default: 'V2_0', allowedValues: ['V2_0', 'V3_0'],
      description: 'Event version of the new pool\'s trigger: V2_0 (ID and access tokens) or V3_0 (also M2M)',
    });
    const tier = new cdk.CfnParameter(this, 'UserPoolTier', {
      type: 'String', default: 'ESSENTIALS', allowedValues: ['ESSENTIALS', 'PLUS'],
      description: 'Feature plan of the new pool (V2_0/V3_0 triggers need Essentials or Plus)',
    });
    const memory = new cdk.CfnParameter(this, 'MemorySize', {
      type: 'Number', default: 1024, minValue: 512, maxValue: 3008,
      description: 'Function memory in MB (CPU grows with it; 1024 keeps a cold restore short)',
    });
    const retention = new cdk.CfnParameter(this, 'LogRetentionDays', {
      type: 'Number', default: 30,
      allowedValues: ['1', '3', '5', '7', '14', '30', '60', '90', '120', '150', '180', '365', '400', '545', '731',
        '1096', '1827', '2192', '2557', '2922', '3288', '3653'],
      description: 'Days the function\'s log is kept',
    });
    const namespace = new cdk.CfnParameter(this, 'MetricsNamespace', {
      type: 'String', default: METRICS.namespace, description: 'CloudWatch namespace of the function\'s metrics',
    });
    const deniedThreshold = new cdk.CfnParameter(this, 'DeniedAlarmThreshold', {
      type: 'Number', default: 5, minValue: 1,
      description: 'Denied sign-ins in 5 minutes that raise the alarm',
    });
    const alarmEmail = new cdk.CfnParameter(this, 'AlarmEmail', {
      type: 'String', default: '', description: 'Optional e-mail address subscribed to the alarm topic',
    });
    const createPool = new cdk.CfnCondition(this, 'CreateUserPool', {
      expression: cdk.Fn.conditionEquals(existingPoolId.valueAsString, ''),
    });
    const subscribeEmail = new cdk.CfnCondition(this, 'SubscribeEmail', {
      expression: cdk.Fn.conditionNot(cdk.Fn.conditionEquals(alarmEmail.valueAsString, '')),
    });

    // ---------------------------------------------------------------- function
    const logGroup = new logs.LogGroup(this, 'FunctionLog', { removalPolicy: cdk.RemovalPolicy.RETAIN });
    logGroup.node.defaultChild.addPropertyOverride('RetentionInDays', retention.valueAsNumber);

    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cognito-claims-mapper: write its log, read the mapped attributes',
    });
    role.addToPolicy(new iam.PolicyStatement({
      sid: 'WriteOwnLog',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroup.logGroupArn}`],
    }));
    const envValues = {};
    for (const [envName, param] of Object.entries(tableParams)) {
      envValues[envName] = param.valueAsString;
    }
    const readPolicy = deriveReadPolicy({
      jar, config, partition: cdk.Aws.PARTITION, region: cdk.Aws.REGION, account: cdk.Aws.ACCOUNT_ID, env: envValues,
    });
    this.readPolicy = readPolicy;
    let readItems;
    if (readPolicy.Statement.length > 0) {
      readItems = new iam.Policy(this, 'ReadMappedItems', { document: iam.PolicyDocument.fromJson(readPolicy) });
      role.attachInlinePolicy(readItems);
    }

    // No CLAIMS_CONFIG: the mapping bundled in the jar.
    const environment = { ...envValues, METRICS_NAMESPACE: namespace.valueAsString };
    const layers = [];
    let mappingLayer;
    if (props.shipConfig) {
      const name = path.basename(config);
      mappingLayer = new lambda.LayerVersion(this, 'Mapping', {
        code: lambda.Code.fromAsset(path.dirname(config), { exclude: ['*', `!${name}`] }),
        description: `claims mapping ${name}`,
      });
      layers.push(mappingLayer);
      environment.CLAIMS_CONFIG = `/opt/${name}`;
    }

    const fn = new lambda.Function(this, 'Function', {
      description: 'Cognito pre token generation trigger (cognito-claims-mapper)',
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: HANDLER,
      code: lambda.Code.fromAsset(jar),
      memorySize: memory.valueAsNumber,
      timeout: cdk.Duration.seconds(5),
      role,
      environment,
      layers,
      snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      logGroup,
    });
    if (readItems) {
      fn.node.addDependency(readItems); // SnapStart's init (priming) runs when the version is published
    }
    // The alias is what Cognito invokes: SnapStart applies to published versions only.
    const alias = new lambda.Alias(this, 'Live', { aliasName: 'live', version: fn.currentVersion });

    // ---------------------------------------------------------------- Cognito
    const pool = new cognito.CfnUserPool(this, 'UserPool', {
      userPoolTier: tier.valueAsString, // V2_0/V3_0 events need Essentials or Plus
      deletionProtection: 'ACTIVE',
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      mfaConfiguration: 'OPTIONAL',
      enabledMfas: ['SOFTWARE_TOKEN_MFA'],
      policies: {
        passwordPolicy: {
          minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true,
          requireSymbols: true, temporaryPasswordValidityDays: 3,
        },
      },
      accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      lambdaConfig: {
        preTokenGenerationConfig: { lambdaArn: alias.functionArn, lambdaVersion: lambdaVersion.valueAsString },
      },
    });
    pool.cfnOptions.condition = createPool;
    pool.applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);
    const poolArn = cdk.Fn.conditionIf(createPool.logicalId, pool.attrArn,
      cdk.Fn.sub('arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${ExistingUserPoolId}'));
    new lambda.CfnPermission(this, 'CognitoInvoke', {
      action: 'lambda:InvokeFunction',
      functionName: alias.functionArn,
      principal: 'cognito-idp.amazonaws.com',
      sourceArn: poolArn.toString(),
      sourceAccount: cdk.Aws.ACCOUNT_ID,
    });

    // ---------------------------------------------------------------- alarms
    const topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'cognito-claims-mapper alarms' });
    // A topic policy replaces SNS's default one: allow CloudWatch alarms of this account explicitly.
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': cdk.Aws.ACCOUNT_ID } },
    }));
    const subscription = new sns.CfnSubscription(this, 'AlarmEmailSubscription', {
      topicArn: topic.topicArn, protocol: 'email', endpoint: alarmEmail.valueAsString,
    });
    subscription.cfnOptions.condition = subscribeEmail;
    const metric = (name, minutes = 5) => new cloudwatch.Metric({
      namespace: namespace.valueAsString, metricName: name, dimensionsMap: { FunctionName: fn.functionName },
      statistic: 'Sum', period: cdk.Duration.minutes(minutes),
    });
    const denied = new cloudwatch.Alarm(this, 'SignInsDeniedAlarm', {
      alarmDescription: 'Sign-ins denied by the claims mapping (a bad mapping, missing items or an unreadable table)',
      metric: metric(METRICS.denied),
      threshold: deniedThreshold.valueAsNumber,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const lookupErrors = new cloudwatch.Alarm(this, 'LookupErrorsAlarm', {
      alarmDescription: 'DynamoDB lookups failing (throttled, timed out, denied by IAM)',
      metric: metric(METRICS.lookupErrors),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [denied, lookupErrors]) {
      alarm.node.defaultChild.alarmActions = [topic.topicArn];
      alarm.node.defaultChild.okActions = [topic.topicArn];
    }

    if (props.appConfig) {
      this.appConfig = addAppConfig(this, {
        fn, role, jar, config, envValues, retention, runtime: RUNTIME, metric, topic, alarms: [denied],
        claimsConfig: environment.CLAIMS_CONFIG, layers: mappingLayer ? [mappingLayer.layerVersionArn] : [],
      });
    }

    new cdk.CfnOutput(this, 'FunctionAliasArn', { value: alias.functionArn, description: 'What the trigger invokes' });
    new cdk.CfnOutput(this, 'UserPoolId', { value: pool.ref, condition: createPool });
    new cdk.CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn });

    // ---------------------------------------------------------------- cdk-nag: acknowledged, with reasons
    cdk.Validations.of(pool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'Essentials is the feature plan V2_0/V3_0 triggers need; Plus (threat protection) costs more per user and '
        + 'is the pool owner\'s choice (UserPoolTier parameter)',
    });
    cdk.Validations.of(pool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA is offered (TOTP, optional); requiring it is the pool owner\'s choice, the trigger works either way',
    });
    cdk.Annotations.of(fn).acknowledgeWarning('@aws-cdk/aws-lambda:snapStartRequirePublish',
      'Versions are published: the alias live points at fn.currentVersion, and Cognito invokes the alias');
    this.fn = fn;
    this.alias = alias;
  }
}

module.exports = { ClaimsMapperStack, HANDLER, RUNTIME, METRICS };
