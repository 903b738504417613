'use strict';
// The GitHub Actions workflows: each validates against the workflow schema (action-validator, the
// SchemaStore schema GitHub's editors use), and the release workflow publishes what it says:
// its assets step is run here, and the version it checks is the one everything carries.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const YAML = require('yaml');
const { validateWorkflow } = require('@action-validator/core');
const { ROOT, JAR } = require('./support/templates');

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const release = YAML.parse(fs.readFileSync(path.join(WORKFLOWS, 'release.yml'), 'utf8'));
const steps = release.jobs.release.steps;
const step = (name) => steps.find((s) => s.name === name);
const pomVersion = fs.readFileSync(path.join(ROOT, 'pom.xml'), 'utf8')
  .match(/<artifactId>cognito-claims-mapper<\/artifactId>\s*<version>([^<]+)<\/version>/)[1];

test('every workflow validates against the GitHub Actions workflow schema', () => {
  assert.deepEqual(files, ['mappings.yml', 'release.yml']);
  for (const file of files) {
    const { errors } = validateWorkflow(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'));
    assert.deepEqual(errors, [], file);
  }
});

test('the validator reports a broken workflow (it is not a rubber stamp)', () => {
  const broken = fs.readFileSync(path.join(WORKFLOWS, 'release.yml'), 'utf8').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
  assert.notDeepEqual(validateWorkflow(broken).errors, []);
});

test('one version everywhere: pom.xml, the construct, the deploy app, the CHANGELOG', () => {
  assert.equal(pomVersion, '1.0.0');
  assert.equal(require('../construct/package.json').version, pomVersion);
  assert.equal(require('../package.json').version, pomVersion);
  assert.match(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## \\[${pomVersion.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  const out = execFileSync(process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java', ['-jar', JAR, '--version'], { encoding: 'utf8' });
  assert.match(out, new RegExp(`\\b${pomVersion.replace(/\./g, '\\.')}\\b`));
});

test('the licence: Apache-2.0 text at the root and in the construct, and named by every package', () => {
  const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
  assert.match(license, /^ {33}Apache License\n {27}Version 2\.0, January 2004\n/);
  assert.match(license, /END OF TERMS AND CONDITIONS/);
  assert.equal(fs.readFileSync(path.join(ROOT, 'deploy', 'construct', 'LICENSE'), 'utf8'), license);
  assert.equal(require('../construct/package.json').license, 'Apache-2.0');
  assert.equal(require('../package.json').license, 'Apache-2.0');
  assert.match(fs.readFileSync(path.join(ROOT, 'pom.xml'), 'utf8'), /<license>\s*<name>Apache-2\.0<\/name>/);
  const repo = 'https://github.com/claimsmapper/cognito-claims-mapper';
  assert.equal(require('../construct/package.json').repository.url, `git+${repo}.git`);
  assert.match(fs.readFileSync(path.join(ROOT, 'pom.xml'), 'utf8'), new RegExp(`<url>${repo}</url>`));
});

test('a version tag runs everything CI runs, after checking the tag is the pom\'s version', () => {
  assert.deepEqual(release.on, { push: { tags: ['v*.*.*'] } });
  assert.deepEqual(release.permissions, { contents: 'write' });
  assert.match(step('The tag is the project\'s version').run, /"v\$version" != "\$GITHUB_REF_NAME"/);
  assert.match(step('Build and test as CI does').run, /\.ci\/run$/);
  assert.match(step('Publish the release').run, /^gh release create "\$GITHUB_REF_NAME" target\/release\/\* --verify-tag /);
});

test('the assets step makes the jar, the layer zip, the schema and the construct package, with sums and notes', () => {
  const release = path.join(ROOT, 'target', 'release');
  try {
    execFileSync('bash', ['-euo', 'pipefail', '-c', step('Release assets').run],
      { cwd: ROOT, env: { ...process.env, VERSION: pomVersion }, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.deepEqual(fs.readdirSync(release).sort(), ['SHA256SUMS', `claims-mapping-${pomVersion}.schema.json`,
      `cognito-claims-mapper-${pomVersion}.jar`, `cognito-claims-mapper-cdk-${pomVersion}.tgz`, `cognito-claims-mapper-layer-${pomVersion}.zip`]);
    const listing = execFileSync('unzip', ['-Z1', path.join(release, `cognito-claims-mapper-layer-${pomVersion}.zip`)], { encoding: 'utf8' });
    assert.deepEqual(listing.trim().split('\n').sort(), ['claims-mapper/', 'claims-mapper/claims.json', 'claims-mapper/claims.yaml']);
    assert.deepEqual(fs.readFileSync(path.join(release, `claims-mapping-${pomVersion}.schema.json`)),
      fs.readFileSync(path.join(ROOT, 'schemas', 'claims-mapping.schema.json')));
    execFileSync('sha256sum', ['--check', '--quiet', 'SHA256SUMS'], { cwd: release });
    const notes = fs.readFileSync(path.join(ROOT, 'target', 'release-notes.md'), 'utf8');
    assert.match(notes, /^\nThe first release/);
    assert.doesNotMatch(notes, /## \[/);
  } finally {
    fs.rmSync(release, { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, 'target', 'layer'), { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, 'target', 'release-notes.md'), { force: true });
  }
});
