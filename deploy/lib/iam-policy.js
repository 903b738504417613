'use strict';
// Runs the built jar's `iam-policy` command: the function's DynamoDB policy is derived from the
// mapping at synth time, so the stack cannot drift from what the function reads.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

/**
 * @param {object} args
 * @param {string} args.jar the shaded jar (target/cognito-claims-mapper.jar)
 * @param {string} args.config the mapping file
 * @param {string} args.partition ARN partition (a CDK token is fine: it is resolved after the round trip)
 * @param {string} args.region
 * @param {string} args.account
 * @param {Record<string,string>} args.env values for the mapping's ${env:NAME} placeholders
 * @returns {{Version: string, Statement: object[]}} the IAM policy document
 */
function deriveReadPolicy({ jar, config, partition, region, account, env = {} }) {
  if (!fs.existsSync(jar)) {
    throw new Error(`${jar} not found: build it first (mvn -B package -DskipTests in the project root)`);
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
    throw new Error(`iam-policy failed for ${config} (exit ${e.status}):\n${e.stderr || e.message}`);
  }
  return JSON.parse(out);
}

module.exports = { deriveReadPolicy };
