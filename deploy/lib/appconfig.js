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
 * Adds to `stack`: the layer ARN and rollout parameters, an AppConfig application, environment
 * (rolled back by the mapping alarms), hosted profile (the validator attached) with the mapping as
 * its first version, deployed at once by a stack-owned strategy; a gradual strategy for later
 * versions; the validator function; the function's read permission and settings.
 *
 * parts: { fn, role, jar, mappingText (the mapping the function runs), envValues, retention, runtime, metric(name, minutes), topic, alarms,
 *   claimsConfig (the CLAIMS_CONFIG otherwise set, or undefined), layers (ARNs of the function's other layers) }
 * @returns the resources, for tests
 */
function addAppConfig(stack, parts) {
  const { fn, role, jar, mappingText, envValues, retention, runtime, metric, topic, alarms, claimsConfig, layers } = parts;
  const layerArn = new cdk.CfnParameter(stack, 'AppConfigExtensionLayerArn', {
    type: 'String', allowedPattern: `^$|^${LAYER_ARN_PATTERN}$`, default: '',
    description: 'Empty: the mapping is not read from AppConfig. Else: the ARN of the AWS AppConfig Lambda extension layer '
      + 'for this region and arm64 (docs/appconfig.md)',
  });
  const refresh = new cdk.CfnParameter(stack, 'MappingRefreshSeconds', {
    type: 'Number', default: 30, minValue: 0, maxValue: 86400,
    description: 'Least seconds between two checks of the AppConfig extension on the invocation path (0: every invocation)',
  });
  const rollout = new cdk.CfnParameter(stack, 'MappingRolloutMinutes', {
    type: 'Number', default: 10, minValue: 0, maxValue: 1440,
    description: 'Minutes a new mapping version takes to reach every function environment (the Rollout strategy)',
  });
  const bake = new cdk.CfnParameter(stack, 'MappingBakeMinutes', {
    type: 'Number', default: 10, minValue: 0, maxValue: 1440,
    description: 'Minutes the alarms are watched after a rollout before the version is final',
  });
  const shadowParam = new cdk.CfnParameter(stack, 'MappingShadow', {
    type: 'String', default: 'off', allowedValues: ['off', 'on'],
    description: 'on: every sign-in is also answered by the version deployed to the shadow profile, and what it would '
      + 'change is logged by name and counted (ShadowDifferences); it costs a second lookup per sign-in',
  });
  const useAppConfig = new cdk.CfnCondition(stack, 'UseAppConfig', {
    expression: cdk.Fn.conditionNot(cdk.Fn.conditionEquals(layerArn.valueAsString, '')),
  });
  const useShadow = new cdk.CfnCondition(stack, 'UseMappingShadow', {
    expression: cdk.Fn.conditionAnd(useAppConfig, cdk.Fn.conditionEquals(shadowParam.valueAsString, 'on')),
  });
  const created = [];
  const conditional = (resource) => {
    resource.cfnOptions.condition = useAppConfig;
    created.push(resource);
    return resource;
  };

  // ------------------------------------------------------------ the validator
  const validatorLog = new logs.LogGroup(stack, 'ValidatorLog', { removalPolicy: cdk.RemovalPolicy.RETAIN });
  validatorLog.node.defaultChild.addPropertyOverride('RetentionInDays', retention.valueAsNumber);
  const validatorRole = new iam.Role(stack, 'ValidatorRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'cognito-claims-mapper AppConfig validator: write its log, nothing else',
  });
  validatorRole.addToPolicy(new iam.PolicyStatement({
    sid: 'WriteOwnLog', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [validatorLog.logGroupArn],
  }));
  const validator = new lambda.Function(stack, 'MappingValidator', {
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
  const validatorInvoke = new lambda.CfnPermission(stack, 'ValidatorInvoke', {
    action: 'lambda:InvokeFunction', functionName: validator.functionArn,
    principal: 'appconfig.amazonaws.com', sourceAccount: cdk.Aws.ACCOUNT_ID,
  });

  // ------------------------------------------------------------ AppConfig
  const application = new appconfig.CfnApplication(stack, 'MappingApplication', {
    name: cdk.Fn.sub('${AWS::StackName}-claims'), description: 'Claims mappings of the pre token generation trigger',
  });
  const rejected = new cloudwatch.Alarm(stack, 'MappingRejectedAlarm', {
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
  const monitorRole = new iam.Role(stack, 'AppConfigMonitorRole', {
    assumedBy: new iam.ServicePrincipal('appconfig.amazonaws.com'),
    description: 'AppConfig reads the alarms that roll a mapping deployment back',
  });
  const monitored = [rejected, ...alarms];
  monitorRole.addToPolicy(new iam.PolicyStatement({
    sid: 'DescribeRollbackAlarms', actions: ['cloudwatch:DescribeAlarms'], resources: monitored.map((a) => a.alarmArn),
  }));
  const environment = new appconfig.CfnEnvironment(stack, 'MappingEnvironment', {
    applicationId: application.attrApplicationId, name: 'live',
    description: 'The mapping the trigger serves; rolled back when a monitor alarm fires',
    monitors: monitored.map((a) => ({ alarmArn: a.alarmArn, alarmRoleArn: monitorRole.roleArn })),
  });
  const profile = new appconfig.CfnConfigurationProfile(stack, 'MappingProfile', {
    applicationId: application.attrApplicationId, name: 'mapping', locationUri: 'hosted', type: 'AWS.Freeform',
    description: 'The claims mapping (YAML), checked by the validator before any deployment',
    validators: [{ type: 'LAMBDA', content: validator.functionArn }],
  });
  profile.node.addDependency(validatorInvoke);
  const shadowProfile = new appconfig.CfnConfigurationProfile(stack, 'ShadowProfile', {
    applicationId: application.attrApplicationId, name: 'shadow', locationUri: 'hosted', type: 'AWS.Freeform',
    description: 'A candidate mapping answered beside the real one when MappingShadow is on; never affects tokens',
    validators: [{ type: 'LAMBDA', content: validator.functionArn }],
  });
  shadowProfile.node.addDependency(validatorInvoke);
  const firstVersion = new appconfig.CfnHostedConfigurationVersion(stack, 'MappingVersion', {
    applicationId: application.attrApplicationId, configurationProfileId: profile.attrConfigurationProfileId,
    content: mappingText, contentType: 'application/x-yaml',
    description: 'The mapping the stack was deployed with',
  });
  // a version may be what the environment serves: removing the stack keeps it, as it keeps the log
  firstVersion.cfnOptions.deletionPolicy = cdk.CfnDeletionPolicy.RETAIN;
  firstVersion.cfnOptions.updateReplacePolicy = cdk.CfnDeletionPolicy.RETAIN;
  const immediate = new appconfig.CfnDeploymentStrategy(stack, 'ImmediateStrategy', {
    name: cdk.Fn.sub('${AWS::StackName}-immediate'), description: 'The first version, at once: the function cannot start without it',
    deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0, growthFactor: 100, growthType: 'LINEAR', replicateTo: 'NONE',
  });
  const gradual = new appconfig.CfnDeploymentStrategy(stack, 'RolloutStrategy', {
    name: cdk.Fn.sub('${AWS::StackName}-rollout'), description: 'Later mapping versions: 20% steps, then a bake watching the alarms',
    deploymentDurationInMinutes: rollout.valueAsNumber, finalBakeTimeInMinutes: bake.valueAsNumber,
    growthFactor: 20, growthType: 'LINEAR', replicateTo: 'NONE',
  });
  const firstDeployment = new appconfig.CfnDeployment(stack, 'MappingDeployment', {
    applicationId: application.attrApplicationId, environmentId: environment.attrEnvironmentId, configurationProfileId: profile.attrConfigurationProfileId,
    configurationVersion: firstVersion.attrVersionNumber, deploymentStrategyId: immediate.attrId,
    description: 'The mapping the stack was deployed with',
  });

  // ------------------------------------------------------------ the trigger reads it
  const profileArn = (id) => cdk.Fn.sub('arn:${AWS::Partition}:appconfig:${AWS::Region}:${AWS::AccountId}:application/${App}/environment/${Env}/configuration/${Profile}',
    { App: application.attrApplicationId, Env: environment.attrEnvironmentId, Profile: id });
  const readMapping = new iam.Policy(stack, 'ReadMappingFromAppConfig', {
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
  const ifAppConfig = (value, otherwise) => cdk.Fn.conditionIf(useAppConfig.logicalId, value,
    otherwise === undefined ? cdk.Aws.NO_VALUE : otherwise);
  cfnFn.addPropertyOverride('Environment.Variables.CLAIMS_CONFIG',
    ifAppConfig(cdk.Fn.sub('appconfig:${AWS::StackName}-claims/live/mapping'), claimsConfig));
  cfnFn.addPropertyOverride('Environment.Variables.CLAIMS_CONFIG_REFRESH_SECONDS', ifAppConfig(refresh.valueAsString));
  cfnFn.addPropertyOverride('Environment.Variables.CLAIMS_SHADOW_CONFIG', cdk.Fn.conditionIf(useShadow.logicalId,
    cdk.Fn.sub('appconfig:${AWS::StackName}-claims/live/shadow'), cdk.Aws.NO_VALUE));
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
  cfnFn.addPropertyOverride('Layers', ifAppConfig([...layers, layerArn.valueAsString], layers.length ? layers : undefined));

  const layerReason = 'The layer ARN is used only under the UseAppConfig condition, which is false when it is empty: '
    + 'the linter resolves the parameter default without the condition';
  cdk.Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W1030', reason: layerReason });
  cdk.Validations.of(fn).acknowledge({ id: 'CloudFormation-Validate::W1030', reason: layerReason });

  for (const construct of [validatorLog, validatorRole, validator, rejected, monitorRole, readMapping]) {
    construct.node.findAll().filter((c) => c instanceof cdk.CfnResource).forEach(conditional);
  }
  [validatorInvoke, application, environment, profile, shadowProfile, firstVersion, immediate, gradual, firstDeployment].forEach(conditional);
  new cdk.CfnOutput(stack, 'MappingProfileId', { value: profile.attrConfigurationProfileId, condition: useAppConfig,
    description: 'aws appconfig create-hosted-configuration-version --configuration-profile-id' });
  new cdk.CfnOutput(stack, 'MappingApplicationId', { value: application.attrApplicationId, condition: useAppConfig });
  new cdk.CfnOutput(stack, 'MappingEnvironmentId', { value: environment.attrEnvironmentId, condition: useAppConfig });
  new cdk.CfnOutput(stack, 'MappingRolloutStrategyId', { value: gradual.attrId, condition: useAppConfig });
  new cdk.CfnOutput(stack, 'ShadowProfileId', { value: shadowProfile.attrConfigurationProfileId, condition: useAppConfig });
  return { validator, application, environment, profile, shadowProfile, rejected, monitorRole, created };
}

module.exports = { addAppConfig, VALIDATOR_HANDLER, REJECTED_METRIC, LAYER_ARN_PATTERN };
