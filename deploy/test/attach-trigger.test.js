'use strict';
// deploy/scripts/attach-trigger.js against a local fake of the Cognito API on 127.0.0.1.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const {
  CognitoIdentityProviderClient, UpdateUserPoolCommand, UpdateUserPoolRequest$, UserPoolType$,
} = require('@aws-sdk/client-cognito-identity-provider');
const { startFakeCognito, fullyConfiguredPool } = require('./support/fake-cognito');
const { COPIED, NOT_UPDATABLE, unexpectedChanges } = require('../scripts/attach-trigger');

const SCRIPT = path.join(__dirname, '..', 'scripts', 'attach-trigger.js');
const POOL = 'eu-west-1_AbCdEf123';
const ALIAS = 'arn:aws:lambda:eu-west-1:123456789012:function:CognitoClaimsMapper-Function:live';
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'eu-west-1',
  AWS_PROFILE: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
delete ENV.AWS_SESSION_TOKEN;

/** The SDK warns on Node 20 that its releases from 2027 need Node 22: true, and not this script's output. */
const withoutNodeVersionWarning = (text) =>
  text.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning:[\s\S]*?to show where the warning was created\)\n/, '');

async function run(args) {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [SCRIPT, ...args], { env: ENV });
    return { code: 0, stdout, stderr: withoutNodeVersionWarning(stderr) };
  } catch (e) {
    return { code: e.code, stdout: e.stdout, stderr: withoutNodeVersionWarning(e.stderr) };
  }
}

test('the trigger is attached and every other setting of the pool round-trips', async () => {
  const fake = await startFakeCognito();
  try {
    const before = structuredClone(fake.pools[POOL]);
    const result = await run(['--user-pool-id', POOL, '--lambda-arn', ALIAS, '--lambda-version', 'V2_0', '--endpoint-url', fake.endpoint]);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout,
      `pool ${POOL} (customers): pre token generation trigger arn:aws:lambda:eu-west-1:123456789012:function:old-trigger (V1_0)`
      + ` -> ${ALIAS} (V2_0)\nattached; every other setting reads back unchanged\n`);
    assert.equal(result.code, 0);
    assert.deepEqual(fake.calls.map((c) => c.operation), ['DescribeUserPool', 'UpdateUserPool', 'DescribeUserPool']);
    const after = fake.pools[POOL];
    const expected = structuredClone(before);
    expected.LambdaConfig.PreTokenGenerationConfig = { LambdaArn: ALIAS, LambdaVersion: 'V2_0' };
    expected.LambdaConfig.PreTokenGeneration = ALIAS;
    expected.LastModifiedDate = after.LastModifiedDate;
    assert.deepEqual(after, expected);
  } finally {
    await fake.close();
  }
});

test('the fake resets what UpdateUserPool omits: a naive update loses settings, which the check names', async () => {
  const fake = await startFakeCognito();
  try {
    const before = structuredClone(fake.pools[POOL]);
    const client = new CognitoIdentityProviderClient({ endpoint: fake.endpoint, region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await client.send(new UpdateUserPoolCommand({ UserPoolId: POOL,
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: ALIAS, LambdaVersion: 'V2_0' } } }));
    const lost = unexpectedChanges(before, fake.pools[POOL]);
    assert.deepEqual(lost, [...COPIED.filter((k) => k !== 'LambdaConfig'), 'LambdaConfig'].sort());
  } finally {
    await fake.close();
  }
});

test('the sample pool sets every setting the script copies, so the round trip covers them all', () => {
  const pool = fullyConfiguredPool();
  assert.deepEqual(COPIED.filter((k) => pool[k] === undefined), []);
});

test('the script copies exactly the settings UpdateUserPool takes that DescribeUserPool returns (the SDK model)', () => {
  const update = new Set(UpdateUserPoolRequest$[4]);
  const described = UserPoolType$[4];
  assert.deepEqual([...COPIED].sort(), described.filter((k) => update.has(k)).sort());
  assert.deepEqual([...COPIED, ...NOT_UPDATABLE].sort(), [...described].sort(), 'every described setting is either copied or known not updatable');
  assert.deepEqual([...update].filter((k) => !described.includes(k)).sort(), ['PoolName', 'UserPoolId']);
});

test('--dry-run prints the request and changes nothing', async () => {
  const fake = await startFakeCognito();
  try {
    const before = structuredClone(fake.pools[POOL]);
    const result = await run(['--user-pool-id', POOL, '--lambda-arn', ALIAS, '--lambda-version', 'V3_0', '--dry-run', '--endpoint-url', fake.endpoint]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(fake.calls.map((c) => c.operation), ['DescribeUserPool']);
    assert.deepEqual(fake.pools[POOL], before);
    const request = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
    assert.deepEqual(request.LambdaConfig.PreTokenGenerationConfig, { LambdaArn: ALIAS, LambdaVersion: 'V3_0' });
    assert.equal(request.LambdaConfig.PreTokenGeneration, undefined);
    assert.equal(request.AdminCreateUserConfig.UnusedAccountValidityDays, undefined);
    assert.equal(request.PoolName, 'customers');
  } finally {
    await fake.close();
  }
});

test('usage errors and API errors are one line each, with the exit code', async () => {
  assert.deepEqual(await run(['--user-pool-id', POOL, '--lambda-arn', 'arn:aws:lambda:eu-west-1:123456789012:function:f']), {
    code: 2, stdout: '',
    stderr: 'attach-trigger: --lambda-arn must be a qualified function ARN (an alias such as :live): SnapStart runs published versions only (see --help)\n',
  });
  assert.deepEqual(await run(['--lambda-arn', ALIAS]), { code: 2, stdout: '', stderr: 'attach-trigger: --user-pool-id is required (see --help)\n' });
  const fake = await startFakeCognito();
  try {
    const result = await run(['--user-pool-id', 'eu-west-1_Missing1', '--lambda-arn', ALIAS, '--endpoint-url', fake.endpoint]);
    assert.deepEqual(result, { code: 1, stdout: '',
      stderr: 'attach-trigger: ResourceNotFoundException: User pool eu-west-1_Missing1 does not exist.\n' });
  } finally {
    await fake.close();
  }
});
