#!/usr/bin/env node
'use strict';
// Attaches the claims mapper to an EXISTING user pool as its pre token generation trigger,
// keeping every other setting of the pool.
//
//   node deploy/scripts/attach-trigger.js --user-pool-id eu-west-1_AbCdEf123 \
//     --lambda-arn arn:aws:lambda:eu-west-1:123456789012:function:NAME:live [--lambda-version V2_0] \
//     [--region eu-west-1] [--dry-run]
//
// UpdateUserPool resets every setting it is not given (triggers, messages, MFA, ...) to its
// default, so this reads the pool (DescribeUserPool), sends back every setting UpdateUserPool
// takes with only LambdaConfig.PreTokenGenerationConfig changed, then reads the pool again and
// fails when anything else changed. Credentials and region come from the usual AWS SDK chain
// (AWS_PROFILE, AWS_REGION, ...). The function's resource policy must already allow the pool
// (the stack's CognitoInvoke permission with ExistingUserPoolId).
const {
  CognitoIdentityProviderClient, DescribeUserPoolCommand, UpdateUserPoolCommand,
} = require('@aws-sdk/client-cognito-identity-provider');
const { isDeepStrictEqual } = require('node:util');

/**
 * The settings UpdateUserPool takes that DescribeUserPool returns under the same name (its Name
 * goes back as PoolName). A test checks this list against the SDK's model of both operations.
 */
const COPIED = ['Policies', 'DeletionProtection', 'LambdaConfig', 'AutoVerifiedAttributes', 'SmsVerificationMessage',
  'EmailVerificationMessage', 'EmailVerificationSubject', 'VerificationMessageTemplate', 'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings', 'MfaConfiguration', 'DeviceConfiguration', 'EmailConfiguration', 'SmsConfiguration',
  'UserPoolTags', 'AdminCreateUserConfig', 'UserPoolAddOns', 'DcrConfiguration', 'AccountRecoverySetting',
  'UserPoolTier', 'KeyConfiguration', 'IssuerConfiguration', 'AcrConfiguration'];
/** What DescribeUserPool returns that UpdateUserPool cannot set (or that changes by itself). */
const NOT_UPDATABLE = ['Id', 'Name', 'Status', 'LastModifiedDate', 'CreationDate', 'SchemaAttributes', 'AliasAttributes',
  'UsernameAttributes', 'EstimatedNumberOfUsers', 'SmsConfigurationFailure', 'EmailConfigurationFailure', 'Domain',
  'CustomDomain', 'UsernameConfiguration', 'Arn'];
const VERSIONS = ['V1_0', 'V2_0', 'V3_0'];

class UsageError extends Error {}

function parseArgs(argv) {
  const options = { lambdaVersion: 'V2_0', dryRun: false };
  const names = { '--user-pool-id': 'userPoolId', '--lambda-arn': 'lambdaArn', '--lambda-version': 'lambdaVersion',
    '--region': 'region', '--endpoint-url': 'endpoint' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (names[arg]) {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      options[names[arg]] = argv[++i];
    } else throw new UsageError(`unknown argument: ${arg}`);
  }
  if (options.help) return options;
  if (!options.userPoolId) throw new UsageError('--user-pool-id is required');
  if (!options.lambdaArn) throw new UsageError('--lambda-arn is required (the alias ARN: ...:function:NAME:live)');
  if (!VERSIONS.includes(options.lambdaVersion)) throw new UsageError(`--lambda-version must be one of ${VERSIONS.join(', ')}`);
  if (!/^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[\w-]+:[\w-]+$/.test(options.lambdaArn)) {
    throw new UsageError('--lambda-arn must be a qualified function ARN (an alias such as :live): SnapStart runs published versions only');
  }
  return options;
}

/** The UpdateUserPool request that keeps everything of `pool` but the trigger. */
function updateRequest(pool, lambdaArn, lambdaVersion) {
  const request = { UserPoolId: pool.Id };
  for (const name of COPIED) {
    if (pool[name] !== undefined) request[name] = structuredClone(pool[name]);
  }
  if (pool.Name !== undefined) request.PoolName = pool.Name;
  const lambdaConfig = { ...(request.LambdaConfig || {}) };
  delete lambdaConfig.PreTokenGeneration; // the older name of the same trigger: if sent, it must equal the new ARN
  lambdaConfig.PreTokenGenerationConfig = { LambdaArn: lambdaArn, LambdaVersion: lambdaVersion };
  request.LambdaConfig = lambdaConfig;
  // DescribeUserPool returns both; UpdateUserPool refuses the deprecated one next to its replacement.
  if (request.AdminCreateUserConfig?.UnusedAccountValidityDays !== undefined
      && request.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays !== undefined) {
    delete request.AdminCreateUserConfig.UnusedAccountValidityDays;
  }
  return request;
}

/** Settings that differ between two descriptions, beyond the trigger and the modification date. */
function unexpectedChanges(before, after) {
  const strip = (pool) => {
    const copy = structuredClone(pool);
    delete copy.LastModifiedDate;
    if (copy.LambdaConfig) {
      delete copy.LambdaConfig.PreTokenGenerationConfig;
      delete copy.LambdaConfig.PreTokenGeneration;
      if (Object.keys(copy.LambdaConfig).length === 0) delete copy.LambdaConfig;
    }
    return copy;
  };
  const a = strip(before);
  const b = strip(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k], b[k])).sort();
}

async function attach(options, { out = process.stdout, client } = {}) {
  client ??= new CognitoIdentityProviderClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  const { UserPool: before } = await client.send(new DescribeUserPoolCommand({ UserPoolId: options.userPoolId }));
  const current = before.LambdaConfig?.PreTokenGenerationConfig;
  out.write(`pool ${before.Id} (${before.Name}): pre token generation trigger `
    + `${current ? `${current.LambdaArn} (${current.LambdaVersion})` : (before.LambdaConfig?.PreTokenGeneration || 'none')}`
    + ` -> ${options.lambdaArn} (${options.lambdaVersion})\n`);
  const request = updateRequest(before, options.lambdaArn, options.lambdaVersion);
  if (options.dryRun) {
    out.write(`dry run: UpdateUserPool would be sent:\n${JSON.stringify(request, null, 2)}\n`);
    return 0;
  }
  await client.send(new UpdateUserPoolCommand(request));
  const { UserPool: after } = await client.send(new DescribeUserPoolCommand({ UserPoolId: options.userPoolId }));
  const attached = after.LambdaConfig?.PreTokenGenerationConfig;
  const changed = unexpectedChanges(before, after);
  if (!isDeepStrictEqual(attached, { LambdaArn: options.lambdaArn, LambdaVersion: options.lambdaVersion }) || changed.length) {
    out.write(`the pool does not read back as expected: trigger ${JSON.stringify(attached)}`
      + `${changed.length ? `, other settings changed: ${changed.join(', ')}` : ''}\n`);
    return 1;
  }
  out.write('attached; every other setting reads back unchanged\n');
  return 0;
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`attach-trigger: ${e.message} (see --help)\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(require('node:fs').readFileSync(__filename, 'utf8').split('\n').slice(2, 17)
      .map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
    return 0;
  }
  try {
    return await attach(options);
  } catch (e) {
    process.stderr.write(`attach-trigger: ${e.name}: ${e.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

module.exports = { COPIED, NOT_UPDATABLE, parseArgs, updateRequest, unexpectedChanges, attach, main };
