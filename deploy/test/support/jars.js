'use strict';
// Copies of the built jar with another bundled mapping, as `mvn package -Dclaims.config=FILE`
// would build them: config/claims.yaml and its checked JSON form replaced (the JDK's jar tool).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { JAR } = require('./templates');

const bin = (tool) => (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', tool) : tool);

/** A jar bundling `mappingFile`; removed with its directory by `cleanup()`. */
function jarBundling(mappingFile) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-jar-'));
  fs.mkdirSync(path.join(dir, 'config'));
  fs.copyFileSync(mappingFile, path.join(dir, 'config', 'claims.yaml'));
  execFileSync(bin('java'), ['-jar', JAR, 'validate', '--emit-json', path.join(dir, 'config', 'claims.json'), mappingFile],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const jar = path.join(dir, 'cognito-claims-mapper.jar');
  fs.copyFileSync(JAR, jar);
  execFileSync(bin('jar'), ['uf', jar, '-C', dir, 'config/claims.yaml', '-C', dir, 'config/claims.json']);
  return { jar, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A directory holding `text` as `name`, for a mapping shipped in a layer. */
function mappingFileWith(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccm-map-'));
  fs.writeFileSync(path.join(dir, name), text);
  return { file: path.join(dir, name), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { jarBundling, mappingFileWith };
