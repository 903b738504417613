'use strict';
// Runs the jar's `iam-policy` command: the function's DynamoDB policy is derived from the mapping
// at synth time, by the same code that compiles it in the function, so the two cannot drift.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * @param {object} args
 * @param {string} args.jar the shaded jar (target/cognito-claims-mapper.jar)
 * @param {string} [args.config] the mapping file; or
 * @param {string} [args.text] the mapping's text (the bundled one, read out of the jar), with
 * @param {string} [args.describe] how to name it in errors
 * @param {string} args.partition ARN partition (a CDK token is fine: it is resolved after the round trip)
 * @param {string} args.region
 * @param {string} args.account
 * @param {Record<string,string>} args.env values for the mapping's ${env:NAME} placeholders
 * @returns {{Version: string, Statement: object[]}} the IAM policy document
 */
function deriveReadPolicy({ jar, config, text, describe, partition, region, account, env = {} }) {
  if (!fs.existsSync(jar)) {
    throw new Error(`${jar} not found: build it first (mvn -B package -DskipTests in the project root), or give the released jar as jar`);
  }
  let dir;
  if (config === undefined) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-mapping-'));
    config = path.join(dir, 'claims.yaml');
    fs.writeFileSync(config, text);
  }
  const args = ['-jar', jar, 'iam-policy', '--config', config,
    '--partition', partition, '--region', region, '--account', account];
  for (const [name, value] of Object.entries(env)) {
    args.push('--env', `${name}=${value}`);
  }
  const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
  let out;
  try {
    out = execFileSync(java, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const stderr = dir && e.stderr ? e.stderr.split(config).join(describe || 'the mapping') : e.stderr;
    throw new Error(`iam-policy failed for ${dir ? describe || 'the mapping' : config} (exit ${e.status}):\n${stderr || e.message}`);
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  return JSON.parse(out);
}

module.exports = { deriveReadPolicy };
