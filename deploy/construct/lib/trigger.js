'use strict';
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const { Construct } = require('constructs');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const cognito = require('aws-cdk-lib/aws-cognito');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const sns = require('aws-cdk-lib/aws-sns');
const { deriveReadPolicy } = require('./iam-policy');
const { resolveMapping, placeholders } = require('./mapping');
const { addAppConfig, addAppConfigOutputs } = require('./appconfig');

/** The handler class of the jar. */
const HANDLER = 'io.github.claimsmapper.lambda.Handler::handleRequest';
/** java25: Amazon Linux 2023, the latest deprecation date, and a JDK CI tests on. */
const RUNTIME = lambda.Runtime.JAVA_25;
/** The jar a checkout of the project builds (mvn -B package -DskipTests). */
const DEFAULT_JAR = path.resolve(__dirname, '..', '..', '..', 'target', 'cognito-claims-mapper.jar');
/** The function's metric contract (lambda/EmbeddedMetrics.java). */
const METRICS = {
  namespace: 'CognitoClaimsMapper',
  failures: 'SignInFailures',
  lookupErrors: 'LookupErrors',
};
/** Cognito waits 5 s for the trigger; the duration alarm fires well before. */
const DURATION_ALARM_MS = 4000;
const LAMBDA_VERSIONS = ['V1_0', 'V2_0', 'V3_0'];

/**
 * The Cognito pre token generation trigger of cognito-claims-mapper for a team's own stack.
 *
 * Builds: the function (java25, arm64, 5 s, SnapStart on published versions) behind the alias
 * `live`, published anew whenever the mapping changes (bundled in the jar, shipped in a layer, or
 * its CLAIMS_CONFIG); its log group; a role with the least-privilege DynamoDB policy derived from
 * that same mapping by the jar's `iam-policy` (tables by name or ARN); the permission for Cognito
 * to invoke the alias; the trigger on a pool of the same stack (`addTrigger` with the event
 * version), or, for an imported pool, the permission only and an output with the command that
 * attaches it; alarms on failed sign-ins, failed lookups, and the alias's Errors, Throttles and
 * Duration near Cognito's 5 s, to `alarmTopic` (created when absent).
 *
 * props:
 * - userPool (required): a cognito.UserPool of this stack, or an imported IUserPool
 * - mappingFile: the mapping; absent: the one bundled in the jar. Shipped in a layer, unless
 *   `bundled: true` says it is the one bundled in the jar, which synthesis then checks
 * - environment: values for the mapping's ${env:...} placeholders (a table name or ARN, tokens too)
 * - lambdaVersion: 'V1_0' | 'V2_0' | 'V3_0' (default 'V2_0'; V2/V3 need the Essentials or Plus plan)
 * - alarmTopic: an sns.ITopic for the alarms
 * - jar: the shaded jar (default: the project's target/cognito-claims-mapper.jar)
 * - memorySize (1024), logRetentionDays (30), metricsNamespace ('CognitoClaimsMapper'),
 *   failureAlarmThreshold (5), logUserSub (true: the summary line carries the user's sub),
 *   attachOutput (true: for an imported pool, a CfnOutput with the attach command)
 * - appConfig: { extensionLayerArn (required), refreshSeconds (30), rolloutMinutes (10),
 *   bakeMinutes (10), shadow (false) }: the mapping from AWS AppConfig, its first version this
 *   mapping, new versions checked by a validator function and rolled out gradually, rolled back by
 *   the failure alarm (lib/appconfig.js; docs/appconfig.md)
 */
class ClaimsMapperTrigger extends Construct {
  constructor(scope, id, props = {}) {
    super(scope, id);
    if (!props.userPool) throw new Error('ClaimsMapperTrigger: userPool is required');
    const stack = cdk.Stack.of(this);
    const jar = props.jar || DEFAULT_JAR;
    const lambdaVersion = props.lambdaVersion || 'V2_0';
    if (!LAMBDA_VERSIONS.includes(lambdaVersion)) {
      throw new Error(`ClaimsMapperTrigger: lambdaVersion must be one of ${LAMBDA_VERSIONS.join(', ')}`);
    }
    const mapping = resolveMapping({ jar, mappingFile: props.mappingFile, bundled: props.bundled });
    const environment = { ...(props.environment || {}) };
    const needed = placeholders(mapping.text);
    const missing = needed.filter((p) => p.default === undefined && environment[p.name] === undefined);
    if (missing.length) {
      throw new Error(`${mapping.describe} reads ${missing.map((p) => `\${env:${p.name}}`).join(', ')}, which has no`
        + ` default: give ${missing.map((p) => p.name).join(', ')} in environment`);
    }
    this.mapping = mapping;

    // ---------------------------------------------------------------- log and role
    const retention = props.logRetentionDays ?? 30;
    this.logGroup = new logs.LogGroup(this, 'Log', { removalPolicy: cdk.RemovalPolicy.RETAIN });
    this.logGroup.node.defaultChild.addPropertyOverride('RetentionInDays', retention);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cognito-claims-mapper: write its log, read the mapped attributes',
    });
    this.role.addToPolicy(new iam.PolicyStatement({
      sid: 'WriteOwnLog', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn],
    }));

    // ---------------------------------------------------------------- the policy, from the same mapping
    const sentinel = (name) => `@@${name}@@`;
    const policyEnv = {};
    for (const [name, value] of Object.entries(environment)) {
      policyEnv[name] = cdk.Token.isUnresolved(value) ? sentinel(name) : value;
    }
    const derived = deriveReadPolicy({
      jar, config: mapping.file, text: mapping.text, describe: mapping.describe,
      partition: stack.partition, region: stack.region, account: stack.account, env: policyEnv,
    });
    // A value known only at deploy time (a parameter, another resource's name) may be a name or an
    // ARN: the resource is that ARN when it is one, else the ARN built around the name.
    const isArn = {};
    for (const statement of derived.Statement) {
      for (const [name, value] of Object.entries(environment)) {
        const mark = sentinel(name);
        if (typeof statement.Resource === 'string' && statement.Resource.includes(mark)) {
          const built = statement.Resource.split(mark).join(value);
          if (statement.Resource.endsWith(`:table/${mark}`)) {
            isArn[name] ??= new cdk.CfnCondition(this, `${name.replace(/[^A-Za-z0-9]/g, '')}IsArn`, {
              expression: cdk.Fn.conditionEquals(cdk.Fn.select(0, cdk.Fn.split(':', value)), 'arn'),
            });
            statement.Resource = cdk.Token.asString(cdk.Fn.conditionIf(isArn[name].logicalId, value, built));
          } else {
            statement.Resource = built;
          }
        }
      }
    }
    this.readPolicy = derived;
    let readItems;
    if (derived.Statement.length > 0) {
      readItems = new iam.Policy(this, 'ReadMappedItems', { document: iam.PolicyDocument.fromJson(derived) });
      this.role.attachInlinePolicy(readItems);
    }

    // ---------------------------------------------------------------- function, version, alias
    const fnEnvironment = {
      ...environment,
      METRICS_NAMESPACE: props.metricsNamespace ?? METRICS.namespace,
      LOG_USER_SUB: String(props.logUserSub ?? true),
    };
    const layers = [];
    if (mapping.shipped) {
      this.mappingLayer = new lambda.LayerVersion(this, 'Mapping', {
        code: lambda.Code.fromAsset(path.dirname(mapping.file), { exclude: ['*', `!${mapping.name}`] }),
        description: `claims mapping ${mapping.name}`,
      });
      layers.push(this.mappingLayer);
      fnEnvironment.CLAIMS_CONFIG = `/opt/${mapping.name}`;
    }
    const fingerprint = mapping.sha256.slice(0, 12);
    this.function = new lambda.Function(this, 'Function', {
      description: 'Cognito pre token generation trigger (cognito-claims-mapper)',
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: HANDLER,
      code: lambda.Code.fromAsset(jar),
      memorySize: props.memorySize ?? 1024,
      timeout: cdk.Duration.seconds(5),
      role: this.role,
      environment: fnEnvironment,
      layers,
      snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      logGroup: this.logGroup,
      currentVersionOptions: {
        description: `claims mapping ${mapping.shipped ? mapping.name : 'bundled in the jar'}, file sha256 ${fingerprint}`,
      },
    });
    // Every change of the mapping publishes a version and moves the alias: a changed jar or
    // CLAIMS_CONFIG changes the function's properties, and the mapping's own hash is part of the
    // version's identity, so a changed layer does too, whatever the app's feature flags say.
    this.function.invalidateVersionBasedOn(mapping.sha256);
    if (readItems) {
      this.function.node.addDependency(readItems); // SnapStart's priming reads a table when the version is published
    }
    this.alias = new lambda.Alias(this, 'Live', { aliasName: 'live', version: this.function.currentVersion });
    cdk.Annotations.of(this.function).acknowledgeWarning('@aws-cdk/aws-lambda:snapStartRequirePublish',
      'Versions are published: the alias live points at currentVersion, and Cognito invokes the alias');

    // ---------------------------------------------------------------- Cognito
    const pool = props.userPool;
    if (typeof pool.addTrigger === 'function' && cdk.Stack.of(pool) === stack) {
      pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.alias, cognito.LambdaVersion[lambdaVersion]);
      this.attached = true;
    } else {
      this.permission = new lambda.CfnPermission(this, 'CognitoInvoke', {
        action: 'lambda:InvokeFunction',
        functionName: this.alias.functionArn,
        principal: 'cognito-idp.amazonaws.com',
        sourceArn: pool.userPoolArn,
        sourceAccount: stack.account,
      });
      this.attached = false;
      if (props.attachOutput !== false) {
        new cdk.CfnOutput(this, 'AttachCommand', {
          description: 'Attaches the trigger to the imported pool, keeping its other settings (deploy/scripts/attach-trigger.js)',
          value: cdk.Fn.join('', ['node deploy/scripts/attach-trigger.js --user-pool-id ', pool.userPoolId,
            ' --lambda-arn ', this.alias.functionArn, ` --lambda-version ${lambdaVersion}`]),
        });
      }
    }

    // ---------------------------------------------------------------- alarms
    if (props.alarmTopic) {
      this.topic = props.alarmTopic;
    } else {
      this.topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'cognito-claims-mapper alarms' });
      // A topic policy replaces SNS's default one: allow CloudWatch alarms of this account explicitly.
      this.topic.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': cdk.Aws.ACCOUNT_ID } },
      }));
    }
    const namespace = props.metricsNamespace ?? METRICS.namespace;
    /** A metric of the function's summary line (embedded metric format). */
    this.metric = (name, minutes = 5) => new cloudwatch.Metric({
      namespace, metricName: name, dimensionsMap: { FunctionName: this.function.functionName },
      statistic: 'Sum', period: cdk.Duration.minutes(minutes),
    });
    const minute = cdk.Duration.minutes(1);
    const alarm = (alarmId, description, metric, threshold, operator = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description, metric, threshold, comparisonOperator: operator, evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.node.defaultChild.alarmActions = [this.topic.topicArn];
      created.node.defaultChild.okActions = [this.topic.topicArn];
      return created;
    };
    this.alarms = {
      failures: alarm('SignInFailuresAlarm',
        'Sign-ins that failed: a lookup, a value, the event or the function (denials the mapping asks for do not count)',
        this.metric(METRICS.failures), props.failureAlarmThreshold ?? 5),
      lookupErrors: alarm('LookupErrorsAlarm', 'DynamoDB lookups failing (throttled, timed out, denied by IAM)',
        this.metric(METRICS.lookupErrors), 5),
      errors: alarm('FunctionErrorsAlarm',
        'The trigger failed without a summary line: init (a mapping that does not load), a timeout or a crash',
        this.alias.metricErrors({ period: minute, statistic: 'Sum' }), 1),
      throttles: alarm('FunctionThrottlesAlarm', 'The trigger was throttled: those sign-ins failed',
        this.alias.metricThrottles({ period: minute, statistic: 'Sum' }), 1),
      duration: alarm('FunctionDurationAlarm', `The trigger took more than ${DURATION_ALARM_MS} ms: Cognito gives up at 5 s`,
        this.alias.metricDuration({ period: minute, statistic: 'Maximum' }), DURATION_ALARM_MS,
        cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
    };

    // ---------------------------------------------------------------- AppConfig, when asked for
    if (props.appConfig) {
      const options = props.appConfig;
      if (!options.extensionLayerArn) {
        throw new Error('ClaimsMapperTrigger: appConfig.extensionLayerArn is required (the AWS AppConfig Lambda extension'
          + ' layer for the region and arm64, docs/appconfig.md)');
      }
      this.appConfig = addAppConfig(this, {
        fn: this.function, role: this.role, jar, mappingText: mapping.text, envValues: environment, retentionDays: retention,
        runtime: RUNTIME, metric: this.metric, topic: this.topic, alarms: [this.alarms.failures],
        claimsConfig: fnEnvironment.CLAIMS_CONFIG, layers: this.mappingLayer ? [this.mappingLayer.layerVersionArn] : [],
        layerArn: options.extensionLayerArn, refreshSeconds: options.refreshSeconds ?? 30,
        rolloutMinutes: options.rolloutMinutes ?? 10, bakeMinutes: options.bakeMinutes ?? 10, shadow: options.shadow === true,
      });
      addAppConfigOutputs(this, this.appConfig);
    }
  }
}

module.exports = { ClaimsMapperTrigger, HANDLER, RUNTIME, METRICS, DEFAULT_JAR, DURATION_ALARM_MS };
