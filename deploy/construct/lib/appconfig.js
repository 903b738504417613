'use strict';
// The optional AWS AppConfig part of the stack: the mapping as a hosted configuration that can
// change without a deploy. See docs/appconfig.md ("change a claim in production").
const cdk = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const appconfig = require('aws-cdk-lib/aws-appconfig');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');

/** The validator handler in src/main/java (deploy/test keeps it in step). */
const VALIDATOR_HANDLER = 'io.github.claimsmapper.lambda.AppConfigValidator::handleRequest';
/** The metric a refused version raises (lambda/EmbeddedMetrics.java; deploy/test checks the Java names it). */
const REJECTED_METRIC = 'MappingVersionsRejected';
/** AWS's published layer ARNs look like this (per region and architecture; docs/appconfig.md says where to find them). */
const LAYER_ARN_PATTERN = 'arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+';

/**
 * Adds the AppConfig part to `scope` (a ClaimsMapperTrigger, or a stack): an application,
 * environment (rolled back by the rollback alarms), hosted profile (the validator attached) with
 * the mapping as its first version, deployed at once by a strategy of its own; a gradual strategy
 * for later versions; a shadow profile; the validator function; the trigger's read permission and
 * settings (CLAIMS_CONFIG, the extension layer, its prefetch list).
 *
 * parts:
 * - fn, role: the trigger's function and role; mappingText: the mapping the function otherwise runs
 *   (the first version); envValues: its ${env:...} values (the validator resolves them too)
 * - jar, runtime, retentionDays: the validator's code, runtime and log retention
 * - layerArn: the AWS AppConfig extension layer's ARN; refreshSeconds, rolloutMinutes, bakeMinutes
 * - shadow: true, or a CfnCondition under which the shadow profile is read
 * - metric(name, minutes), topic, alarms: the rejected-version alarm's metric and topic, and the
 *   other alarms that roll a deployment back
 * - claimsConfig: the CLAIMS_CONFIG otherwise set (or undefined); layers: the function's other layers
 * - condition: a CfnCondition that every resource and setting of the part depends on (the ready
 *   app's UseAppConfig: the part exists only when the layer ARN parameter is given); absent: always
 * @returns the resources, for outputs and tests
 */
function addAppConfig(scope, parts) {
  const { fn, role, jar, mappingText, envValues, retentionDays, runtime, metric, topic, alarms, claimsConfig, layers } = parts;
  const stack = cdk.Stack.of(scope);
  const condition = parts.condition;
  const created = [];
  const conditional = (resource) => {
    if (condition) resource.cfnOptions.condition = condition;
    created.push(resource);
    return resource;
  };
  const ifAppConfig = (value, otherwise) => (condition
    ? cdk.Fn.conditionIf(condition.logicalId, value, otherwise === undefined ? cdk.Aws.NO_VALUE : otherwise)
    : value);
  const shadowValue = (value) => {
    if (parts.shadow === true) return value;
    if (parts.shadow) return cdk.Fn.conditionIf(parts.shadow.logicalId, value, cdk.Aws.NO_VALUE);
    return undefined;
  };

  // ------------------------------------------------------------ the validator
  const validatorLog = new logs.LogGroup(scope, 'ValidatorLog', { removalPolicy: cdk.RemovalPolicy.RETAIN });
  validatorLog.node.defaultChild.addPropertyOverride('RetentionInDays', retentionDays);
  const validatorRole = new iam.Role(scope, 'ValidatorRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'cognito-claims-mapper AppConfig validator: write its log, nothing else',
  });
  validatorRole.addToPolicy(new iam.PolicyStatement({
    sid: 'WriteOwnLog', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [validatorLog.logGroupArn],
  }));
  const validator = new lambda.Function(scope, 'MappingValidator', {
    description: 'AppConfig validator of claims mappings (cognito-claims-mapper validate)',
    runtime,
    architecture: lambda.Architecture.ARM_64,
    handler: VALIDATOR_HANDLER,
    code: lambda.Code.fromAsset(jar),
    memorySize: 1024,
    timeout: cdk.Duration.seconds(15), // AppConfig's limit for a Lambda validator
    role: validatorRole,
    environment: { ...envValues }, // ${env:...} placeholders resolve as in the trigger
    loggingFormat: lambda.LoggingFormat.JSON,
    logGroup: validatorLog,
  });
  const validatorInvoke = new lambda.CfnPermission(scope, 'ValidatorInvoke', {
    action: 'lambda:InvokeFunction', functionName: validator.functionArn,
    principal: 'appconfig.amazonaws.com', sourceAccount: cdk.Aws.ACCOUNT_ID,
  });

  // ------------------------------------------------------------ AppConfig
  const application = new appconfig.CfnApplication(scope, 'MappingApplication', {
    name: cdk.Fn.sub('${AWS::StackName}-claims'), description: 'Claims mappings of the pre token generation trigger',
  });
  const rejected = new cloudwatch.Alarm(scope, 'MappingRejectedAlarm', {
    alarmDescription: 'A deployed mapping version does not compile in the function (it keeps the last good one); '
      + 'rolls the AppConfig deployment back',
    metric: metric(REJECTED_METRIC, 1),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  rejected.node.defaultChild.alarmActions = [topic.topicArn];
  rejected.node.defaultChild.okActions = [topic.topicArn];
  const monitorRole = new iam.Role(scope, 'AppConfigMonitorRole', {
    assumedBy: new iam.ServicePrincipal('appconfig.amazonaws.com'),
    description: 'AppConfig reads the alarms that roll a mapping deployment back',
  });
  const monitored = [rejected, ...alarms];
  monitorRole.addToPolicy(new iam.PolicyStatement({
    sid: 'DescribeRollbackAlarms', actions: ['cloudwatch:DescribeAlarms'], resources: monitored.map((a) => a.alarmArn),
  }));
  const environment = new appconfig.CfnEnvironment(scope, 'MappingEnvironment', {
    applicationId: application.attrApplicationId, name: 'live',
    description: 'The mapping the trigger serves; rolled back when a monitor alarm fires',
    monitors: monitored.map((a) => ({ alarmArn: a.alarmArn, alarmRoleArn: monitorRole.roleArn })),
  });
  const profile = new appconfig.CfnConfigurationProfile(scope, 'MappingProfile', {
    applicationId: application.attrApplicationId, name: 'mapping', locationUri: 'hosted', type: 'AWS.Freeform',
    description: 'The claims mapping (YAML), checked by the validator before any deployment',
    validators: [{ type: 'LAMBDA', content: validator.functionArn }],
  });
  profile.node.addDependency(validatorInvoke);
  const shadowProfile = new appconfig.CfnConfigurationProfile(scope, 'ShadowProfile', {
    applicationId: application.attrApplicationId, name: 'shadow', locationUri: 'hosted', type: 'AWS.Freeform',
    description: 'A candidate mapping answered beside the real one when MappingShadow is on; never affects tokens',
    validators: [{ type: 'LAMBDA', content: validator.functionArn }],
  });
  shadowProfile.node.addDependency(validatorInvoke);
  const firstVersion = new appconfig.CfnHostedConfigurationVersion(scope, 'MappingVersion', {
    applicationId: application.attrApplicationId, configurationProfileId: profile.attrConfigurationProfileId,
    content: mappingText, contentType: 'application/x-yaml',
    description: 'The mapping the stack was deployed with',
  });
  // a version may be what the environment serves: removing the stack keeps it, as it keeps the log
  firstVersion.cfnOptions.deletionPolicy = cdk.CfnDeletionPolicy.RETAIN;
  firstVersion.cfnOptions.updateReplacePolicy = cdk.CfnDeletionPolicy.RETAIN;
  const immediate = new appconfig.CfnDeploymentStrategy(scope, 'ImmediateStrategy', {
    name: cdk.Fn.sub('${AWS::StackName}-immediate'), description: 'The first version, at once: the function cannot start without it',
    deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0, growthFactor: 100, growthType: 'LINEAR', replicateTo: 'NONE',
  });
  const gradual = new appconfig.CfnDeploymentStrategy(scope, 'RolloutStrategy', {
    name: cdk.Fn.sub('${AWS::StackName}-rollout'), description: 'Later mapping versions: 20% steps, then a bake watching the alarms',
    deploymentDurationInMinutes: parts.rolloutMinutes, finalBakeTimeInMinutes: parts.bakeMinutes,
    growthFactor: 20, growthType: 'LINEAR', replicateTo: 'NONE',
  });
  const firstDeployment = new appconfig.CfnDeployment(scope, 'MappingDeployment', {
    applicationId: application.attrApplicationId, environmentId: environment.attrEnvironmentId, configurationProfileId: profile.attrConfigurationProfileId,
    configurationVersion: firstVersion.attrVersionNumber, deploymentStrategyId: immediate.attrId,
    description: 'The mapping the stack was deployed with',
  });

  // ------------------------------------------------------------ the trigger reads it
  const profileArn = (id) => cdk.Fn.sub('arn:${AWS::Partition}:appconfig:${AWS::Region}:${AWS::AccountId}:application/${App}/environment/${Env}/configuration/${Profile}',
    { App: application.attrApplicationId, Env: environment.attrEnvironmentId, Profile: id });
  const readMapping = new iam.Policy(scope, 'ReadMappingFromAppConfig', {
    statements: [new iam.PolicyStatement({
      sid: 'ReadMappingFromAppConfig',
      actions: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'],
      resources: [profileArn(profile.attrConfigurationProfileId), profileArn(shadowProfile.attrConfigurationProfileId)],
    })],
  });
  role.attachInlinePolicy(readMapping);
  // The function names the profile by names, not ids: the environment's monitors refer to alarms
  // on the function, so a reference from the function to the environment would be a cycle.
  const cfnFn = fn.node.defaultChild;
  cfnFn.addPropertyOverride('Environment.Variables.CLAIMS_CONFIG',
    ifAppConfig(cdk.Fn.sub('appconfig:${AWS::StackName}-claims/live/mapping'), claimsConfig));
  cfnFn.addPropertyOverride('Environment.Variables.CLAIMS_CONFIG_REFRESH_SECONDS',
    ifAppConfig(cdk.Token.isUnresolved(parts.refreshSeconds) ? parts.refreshSeconds : String(parts.refreshSeconds)));
  const shadowSetting = shadowValue(cdk.Fn.sub('appconfig:${AWS::StackName}-claims/live/shadow'));
  if (shadowSetting !== undefined) {
    cfnFn.addPropertyOverride('Environment.Variables.CLAIMS_SHADOW_CONFIG', shadowSetting);
  }
  // the extension fetches the profile when it starts, before the function's init asks for it
  cfnFn.addPropertyOverride('Environment.Variables.AWS_APPCONFIG_EXTENSION_PREFETCH_LIST',
    ifAppConfig(cdk.Fn.sub('/applications/${AWS::StackName}-claims/environments/live/configurations/mapping')));
  // The published version's init (SnapStart) reads the mapping: it must come after the first
  // deployment and the read permission. A DependsOn cannot name a resource that may not exist;
  // a reference inside Fn::If orders it only when it does.
  const version = fn.currentVersion.node.defaultChild;
  version.addPropertyOverride('Description', ifAppConfig(cdk.Fn.sub(
    'reads mapping deployment ${Deployment} with ${Policy}',
    { Deployment: firstDeployment.attrDeploymentNumber, Policy: readMapping.node.defaultChild.ref }), version.description));
  cfnFn.addPropertyOverride('Layers', ifAppConfig([...layers, parts.layerArn], layers.length ? layers : undefined));

  if (condition) {
    const layerReason = 'The layer ARN is used only under the UseAppConfig condition, which is false when it is empty: '
      + 'the linter resolves the parameter default without the condition';
    cdk.Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W1030', reason: layerReason });
    cdk.Validations.of(fn).acknowledge({ id: 'CloudFormation-Validate::W1030', reason: layerReason });
  }

  for (const construct of [validatorLog, validatorRole, validator, rejected, monitorRole, readMapping]) {
    construct.node.findAll().filter((c) => c instanceof cdk.CfnResource).forEach(conditional);
  }
  [validatorInvoke, application, environment, profile, shadowProfile, firstVersion, immediate, gradual, firstDeployment].forEach(conditional);
  return { validator, application, environment, profile, shadowProfile, rejected, monitorRole, gradual, created };
}

/** The outputs the AppConfig walk-through's commands need (docs/appconfig.md). */
function addAppConfigOutputs(scope, part, condition) {
  const options = condition ? { condition } : {};
  new cdk.CfnOutput(scope, 'MappingProfileId', { value: part.profile.attrConfigurationProfileId, ...options,
    description: 'aws appconfig create-hosted-configuration-version --configuration-profile-id' });
  new cdk.CfnOutput(scope, 'MappingApplicationId', { value: part.application.attrApplicationId, ...options });
  new cdk.CfnOutput(scope, 'MappingEnvironmentId', { value: part.environment.attrEnvironmentId, ...options });
  new cdk.CfnOutput(scope, 'MappingRolloutStrategyId', { value: part.gradual.attrId, ...options });
  new cdk.CfnOutput(scope, 'ShadowProfileId', { value: part.shadowProfile.attrConfigurationProfileId, ...options });
}

module.exports = { addAppConfig, addAppConfigOutputs, VALIDATOR_HANDLER, REJECTED_METRIC, LAYER_ARN_PATTERN };
