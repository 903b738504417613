'use strict';
// docs/deploy.md: every command a user copies is run here, or, when it needs an AWS account,
// checked against the templates (the parameters it sets exist). A command the test does not know
// fails it, so the page cannot gain an unchecked command.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { ROOT, JAR, loadSamTemplate } = require('./support/templates');
const { startFakeCognito } = require('./support/fake-cognito');

const DEPLOY = path.join(ROOT, 'deploy');
const run = promisify(execFile);
/** Every command with the CDK CLI's telemetry off: CI sends nothing anywhere. */
const exec = (file, args, options = {}) => run(file, args, { ...options, env: { ...(options.env || process.env), CDK_DISABLE_CLI_TELEMETRY: 'true' } });
const doc = fs.readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');
const commands = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n').filter((l) => l.trim()));
const sam = loadSamTemplate();

/** Splits a command line as sh would for these commands (single quotes only). */
const words = (line) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1] : m[2]));
const synthTemplate = async (contextArgs) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-docs-'));
  try {
    await exec('npx', ['cdk', 'synth', '--quiet', '--output', out, ...contextArgs], { cwd: DEPLOY });
    return JSON.parse(fs.readFileSync(path.join(out, 'CognitoClaimsMapper.template.json'), 'utf8'));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
};
const parametersSet = (args, flag) => {
  const names = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) {
      for (let j = i + 1; j < args.length && !args[j].startsWith('-'); j++) names.push(args[j].split('=')[0]);
    }
  }
  return names;
};

const handled = new Set();
const handle = (pattern) => commands.filter((c) => pattern.test(c)).map((c) => { handled.add(c); return c; });

test('the page leads with the construct, then the ready app, then SAM', () => {
  const routes = [...doc.matchAll(/^## Route \d: (.*)$/gm)].map((m) => m[1]);
  assert.deepEqual(routes, ['the construct in your own CDK app', 'the ready CDK app', 'the SAM template']);
  const readme = fs.readFileSync(path.join(DEPLOY, 'construct', 'README.md'), 'utf8');
  const snippet = (text) => text.match(/```js\n([\s\S]*?)```/)[1];
  assert.equal(snippet(doc), snippet(readme), 'the construct\'s snippet, as its README (whose tests run it) has it');
});

test('npm pack in deploy/construct makes the package a team installs', async () => {
  assert.deepEqual(handle(/^cd deploy\/construct$|^npm pack$/), ['cd deploy/construct', 'npm pack']);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-pack-'));
  try {
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', out], { cwd: path.join(DEPLOY, 'construct') });
    const [packed] = JSON.parse(stdout);
    assert.equal(packed.filename, 'cognito-claims-mapper-cdk-1.0.0.tgz');
    assert.ok(fs.existsSync(path.join(out, packed.filename)));
    assert.deepEqual(packed.files.map((f) => f.path).sort(), ['LICENSE', 'NOTICE', 'README.md', 'index.js', 'lib/appconfig.js', 'lib/iam-policy.js',
      'lib/jar.js', 'lib/mapping.js', 'lib/trigger.js', 'package.json']);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('the SAM template commands: --check passes on the checked-in template, --write makes it another mapping\'s', async () => {
  const lines = handle(/^node deploy\/scripts\/sam-template\.js /);
  assert.deepEqual(lines.map((l) => words(l)[2]), ['--check', '--write']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-samdoc-'));
  try {
    // the commands run from the project root: a copy of the template, the real jar and mappings
    fs.copyFileSync(path.join(ROOT, 'template.yaml'), path.join(dir, 'template.yaml'));
    fs.symlinkSync(path.join(ROOT, 'target'), path.join(dir, 'target'));
    fs.symlinkSync(path.join(ROOT, 'config'), path.join(dir, 'config'));
    fs.mkdirSync(path.join(dir, 'deploy'));
    fs.symlinkSync(path.join(DEPLOY, 'scripts'), path.join(dir, 'deploy', 'scripts'));
    for (const line of lines) {
      const [node, ...args] = words(line);
      const { stdout } = await exec(node, [path.join(DEPLOY, 'scripts', 'sam-template.js'), ...args.slice(1)], { cwd: dir });
      assert.match(stdout, /^template\.yaml: (up to date|written) for /);
    }
    const written = loadSamTemplate(path.join(dir, 'template.yaml'));
    assert.deepEqual(written.Resources.Function.Properties.Environment.Variables.TENANTS_TABLE, { Ref: 'TenantsTable' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the build and npm ci are what CI runs', () => {
  assert.deepEqual(handle(/^mvn /), ['mvn -B package -DskipTests']);
  assert.deepEqual(handle(/^(cd deploy|npm ci)$/), ['cd deploy', 'npm ci']);
  const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
  assert.match(ci, /cd deploy && npm ci/);
  assert.ok(fs.existsSync(JAR), 'the jar is built');
});

let plainSynth;
test('npx cdk synth, as the page says, succeeds with cdk-nag', async () => {
  assert.deepEqual(handle(/^npx cdk synth$/), ['npx cdk synth']);
  const { stdout } = await exec('npx', ['cdk', 'synth'], { cwd: DEPLOY, maxBuffer: 16 * 1024 * 1024 });
  assert.match(stdout, /Runtime: java25/);
  plainSynth = JSON.parse(fs.readFileSync(path.join(DEPLOY, 'cdk.out', 'CognitoClaimsMapper.template.json'), 'utf8'));
});

test('npx cdk deploy commands: their context synthesizes and their parameters exist', async () => {
  const deploys = handle(/^npx cdk deploy /);
  assert.equal(deploys.length, 5);
  for (const line of deploys) {
    const args = words(line).slice(3);
    const context = [];
    args.forEach((a, i) => { if (a === '-c') context.push('-c', args[i + 1]); });
    const template = context.length ? await synthTemplate(context) : plainSynth;
    const set = parametersSet(args, '--parameters');
    assert.ok(set.length > 0, line);
    for (const name of set) assert.ok(template.Parameters[name], `${line}: no parameter ${name}`);
  }
});

test('sam deploy commands: their parameters exist in template.yaml', () => {
  const deploys = handle(/^sam deploy/);
  assert.equal(deploys.length, 2);
  for (const line of deploys) {
    for (const name of parametersSet(words(line), '--parameter-overrides')) assert.ok(sam.Parameters[name], `${line}: no parameter ${name}`);
  }
  assert.ok(fs.existsSync(path.join(ROOT, sam.Resources.Function.Properties.CodeUri)), 'CodeUri is the built jar');
});

test('the iam-policy commands print the policies the page describes', async () => {
  const lines = handle(/^java -jar target\/cognito-claims-mapper\.jar iam-policy /);
  assert.equal(lines.length, 2);
  for (const line of lines) {
    const [java, ...args] = words(line);
    const env = { ...process.env };
    delete env.TABLE_NAME; // the placeholder's default, as on a machine without it
    const { stdout } = await exec(java, args, { cwd: ROOT, env });
    const policy = JSON.parse(stdout);
    if (line.includes('AWS::Partition')) {
      assert.equal(stdout, fs.readFileSync(path.join(DEPLOY, 'policy', 'claims.json'), 'utf8'));
    } else {
      assert.equal(policy.Statement[0].Resource, 'arn:aws:dynamodb:eu-west-1:123456789012:table/users');
    }
  }
});

test('the attach-trigger commands work against the Cognito API (a local fake)', async () => {
  const lines = handle(/^node deploy\/scripts\/attach-trigger\.js /);
  assert.equal(lines.length, 2);
  const fake = await startFakeCognito();
  try {
    for (const line of lines) {
      const [node, ...args] = words(line);
      const { stdout } = await exec(node, [...args, '--endpoint-url', fake.endpoint], {
        cwd: ROOT, env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'eu-west-1' },
      });
      assert.match(stdout, line.includes('--dry-run') ? /dry run: UpdateUserPool would be sent/ : /attached; every other setting reads back unchanged/);
    }
  } finally {
    await fake.close();
  }
});

test('every command on the page is run or checked above', { concurrency: false }, () => {
  assert.deepEqual(commands.filter((c) => !handled.has(c)), []);
});
