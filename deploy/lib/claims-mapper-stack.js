'use strict';
// The ready-to-deploy stack: the ClaimsMapperTrigger construct (deploy/construct, the one
// implementation) with CloudFormation parameters, a new user pool or the id of an existing one,
// and optionally the AppConfig part (lib/appconfig.js).
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const sns = require('aws-cdk-lib/aws-sns');
const { ClaimsMapperTrigger, HANDLER, RUNTIME, METRICS, DEFAULT_JAR, resolveMapping } = require('cognito-claims-mapper-cdk');
const { addAppConfig, addAppConfigOutputs, LAYER_ARN_PATTERN } = require('cognito-claims-mapper-cdk/lib/appconfig');
const { placeholderParameters, parameterName, TABLE_PATTERN } = require('./parameters');

/**
 * props:
 * - jar: the shaded jar (default ../target/cognito-claims-mapper.jar)
 * - config: a mapping file; absent: the mapping bundled in the jar
 * - bundled: true when `config` is the mapping bundled in the jar (synthesis checks it); otherwise
 *   `config` is shipped in a layer and CLAIMS_CONFIG points at it
 * - tables: { ENV_NAME: 'ParameterName' } to rename a placeholder's parameter (default: TABLE_NAME
 *   becomes TableName)
 * - appConfig: true to add the AppConfig part (lib/appconfig.js)
 */
class ClaimsMapperStack extends cdk.Stack {
  constructor(scope, id, props = {}) {
    super(scope, id, props);
    const jar = props.jar || DEFAULT_JAR;
    const mapping = resolveMapping({ jar, mappingFile: props.config, bundled: props.bundled });

    // ---------------------------------------------------------------- parameters
    const envValues = {};
    for (const p of placeholderParameters(mapping.text, props.tables)) {
      envValues[p.envName] = new cdk.CfnParameter(this, p.parameterName, p.definition).valueAsString;
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
    const failureThreshold = new cdk.CfnParameter(this, 'FailureAlarmThreshold', {
      type: 'Number', default: 5, minValue: 1,
      description: 'Failed sign-ins in 5 minutes that raise the alarm (denials the mapping asks for do not count)',
    });
    const logUserSub = new cdk.CfnParameter(this, 'LogUserSub', {
      type: 'String', default: 'true', allowedValues: ['true', 'false'],
      description: 'true: the summary line of each invocation carries the user\'s sub (Cognito\'s pseudonymous id)',
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

    // ---------------------------------------------------------------- the trigger
    // The pool it may be invoked by: the new one, or the existing one named by the parameter. The
    // new pool is wired below (it exists only under a condition, which addTrigger cannot express).
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
    });
    pool.cfnOptions.condition = createPool;
    pool.applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);
    const poolArn = cdk.Fn.conditionIf(createPool.logicalId, pool.attrArn,
      cdk.Fn.sub('arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${ExistingUserPoolId}')).toString();
    const trigger = new ClaimsMapperTrigger(this, 'Trigger', {
      userPool: cognito.UserPool.fromUserPoolArn(this, 'InvokingPool', poolArn),
      attachOutput: false,
      jar,
      mappingFile: props.config,
      bundled: props.bundled,
      environment: envValues,
      memorySize: memory.valueAsNumber,
      logRetentionDays: retention.valueAsNumber,
      metricsNamespace: namespace.valueAsString,
      failureAlarmThreshold: failureThreshold.valueAsNumber,
      logUserSub: logUserSub.valueAsString,
    });
    pool.lambdaConfig = {
      preTokenGenerationConfig: { lambdaArn: trigger.alias.functionArn, lambdaVersion: lambdaVersion.valueAsString },
    };
    const subscription = new sns.CfnSubscription(this, 'AlarmEmailSubscription', {
      topicArn: trigger.topic.topicArn, protocol: 'email', endpoint: alarmEmail.valueAsString,
    });
    subscription.cfnOptions.condition = subscribeEmail;

    if (props.appConfig) {
      this.appConfig = this.addAppConfigPart(trigger, { jar, mapping, envValues, retention });
    }

    new cdk.CfnOutput(this, 'FunctionAliasArn', { value: trigger.alias.functionArn, description: 'What the trigger invokes' });
    new cdk.CfnOutput(this, 'UserPoolId', { value: pool.ref, condition: createPool });
    new cdk.CfnOutput(this, 'AlarmTopicArn', { value: trigger.topic.topicArn });

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
    this.trigger = trigger;
    this.fn = trigger.function;
    this.alias = trigger.alias;
    this.readPolicy = trigger.readPolicy;
    this.mapping = mapping;
  }
}

/**
 * The AppConfig part (the construct's lib/appconfig.js) behind parameters: it exists only when
 * AppConfigExtensionLayerArn is given (condition UseAppConfig), the shadow only when MappingShadow
 * is on.
 */
ClaimsMapperStack.prototype.addAppConfigPart = function addAppConfigPart(trigger, { jar, mapping, envValues, retention }) {
  const layerArn = new cdk.CfnParameter(this, 'AppConfigExtensionLayerArn', {
    type: 'String', allowedPattern: `^$|^${LAYER_ARN_PATTERN}$`, default: '',
    description: 'Empty: the mapping is not read from AppConfig. Else: the ARN of the AWS AppConfig Lambda extension layer '
      + 'for this region and arm64 (docs/appconfig.md)',
  });
  const refresh = new cdk.CfnParameter(this, 'MappingRefreshSeconds', {
    type: 'Number', default: 30, minValue: 0, maxValue: 86400,
    description: 'Least seconds between two checks of the AppConfig extension on the invocation path (0: every invocation)',
  });
  const rollout = new cdk.CfnParameter(this, 'MappingRolloutMinutes', {
    type: 'Number', default: 10, minValue: 0, maxValue: 1440,
    description: 'Minutes a new mapping version takes to reach every function environment (the Rollout strategy)',
  });
  const bake = new cdk.CfnParameter(this, 'MappingBakeMinutes', {
    type: 'Number', default: 10, minValue: 0, maxValue: 1440,
    description: 'Minutes the alarms are watched after a rollout before the version is final',
  });
  const shadow = new cdk.CfnParameter(this, 'MappingShadow', {
    type: 'String', default: 'off', allowedValues: ['off', 'on'],
    description: 'on: every sign-in is also answered by the version deployed to the shadow profile, and what it would '
      + 'change is logged by name and counted (ShadowDifferences); it costs a second lookup per sign-in',
  });
  const useAppConfig = new cdk.CfnCondition(this, 'UseAppConfig', {
    expression: cdk.Fn.conditionNot(cdk.Fn.conditionEquals(layerArn.valueAsString, '')),
  });
  const useShadow = new cdk.CfnCondition(this, 'UseMappingShadow', {
    expression: cdk.Fn.conditionAnd(useAppConfig, cdk.Fn.conditionEquals(shadow.valueAsString, 'on')),
  });
  const part = addAppConfig(trigger, {
    fn: trigger.function, role: trigger.role, jar, mappingText: mapping.text, envValues,
    retentionDays: retention.valueAsNumber, runtime: RUNTIME, metric: trigger.metric, topic: trigger.topic,
    alarms: [trigger.alarms.failures], claimsConfig: trigger.function.node.defaultChild.environment?.variables?.CLAIMS_CONFIG,
    layers: trigger.mappingLayer ? [trigger.mappingLayer.layerVersionArn] : [],
    layerArn: layerArn.valueAsString, refreshSeconds: refresh.valueAsString, rolloutMinutes: rollout.valueAsNumber,
    bakeMinutes: bake.valueAsNumber, shadow: useShadow, condition: useAppConfig,
  });
  addAppConfigOutputs(this, part, useAppConfig);
  return part;
};

module.exports = { ClaimsMapperStack, placeholderParameters, parameterName, TABLE_PATTERN, HANDLER, RUNTIME, METRICS };
