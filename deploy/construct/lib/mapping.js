'use strict';
// Which mapping the function runs, read once at synth time: the mapping the policy is derived from
// is that same text, so the two cannot disagree.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { readJarEntry } = require('./jar');

/** Where the build puts the bundled mapping in the jar (cli/BundleMapping, lambda/BundledMapping). */
const BUNDLED_ENTRY = 'config/claims.yaml';

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The mapping the function will run.
 *
 * - no `mappingFile`: the one bundled in the jar (`mvn package -Dclaims.config=FILE` chose it);
 * - `mappingFile` and `bundled`: the file must be the one bundled in the jar, else synthesis stops;
 * - `mappingFile` alone: the file, shipped in a layer (CLAIMS_CONFIG=/opt/NAME).
 *
 * @returns {{ text: string, sha256: string, name: string, file?: string, shipped: boolean, describe: string }}
 */
function resolveMapping({ jar, mappingFile, bundled = false }) {
  if (!fs.existsSync(jar)) {
    throw new Error(`${jar} not found: build it first (mvn -B package -DskipTests in the project root), or give the released jar as jar`);
  }
  const inJar = readJarEntry(jar, BUNDLED_ENTRY);
  if (!mappingFile) {
    if (inJar === undefined) throw new Error(`${jar} has no bundled mapping (${BUNDLED_ENTRY}): give mappingFile`);
    const text = inJar.toString('utf8');
    return { text, sha256: sha256(text), name: 'claims.yaml', shipped: false, describe: `the mapping bundled in ${jar}` };
  }
  const file = path.resolve(mappingFile);
  if (!fs.existsSync(file)) throw new Error(`mapping file ${mappingFile} not found`);
  const text = fs.readFileSync(file, 'utf8');
  if (bundled) {
    const other = inJar === undefined ? undefined : inJar.toString('utf8');
    if (other !== text) {
      throw new Error(`${mappingFile} is not the mapping bundled in ${jar}`
        + ` (sha256 ${sha256(text).slice(0, 12)} here, ${other === undefined ? 'none' : sha256(other).slice(0, 12)} in the jar):`
        + ' the function would run one mapping and its IAM policy would be derived from the other. Rebuild the jar with'
        + ` mvn -B package -DskipTests -Dclaims.config=${mappingFile}, or ship the file in a layer (leave out bundled).`);
    }
    return { text, sha256: sha256(text), name: 'claims.yaml', file, shipped: false, describe: `${mappingFile} (bundled in ${jar})` };
  }
  return { text, sha256: sha256(text), name: path.basename(file), file, shipped: true, describe: mappingFile };
}

/** The text without YAML comments (a `#` at the start of a line or after a space, outside quotes). */
function withoutComments(text) {
  return text.split('\n').map((line) => {
    let quote = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === '\'') {
        quote = c;
      } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
        return line.slice(0, i);
      }
    }
    return line;
  }).join('\n');
}

/**
 * The `${env:NAME}` placeholders of a mapping, in order of first use:
 * [{ name, default (undefined when it has none), table (true when it stands in a `table:` value) }].
 */
function placeholders(text) {
  const found = new Map();
  for (const line of withoutComments(text).split('\n')) {
    for (const m of line.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g)) {
      const previous = found.get(m[1]);
      const table = /^\s*"?table"?\s*:/.test(line);
      found.set(m[1], {
        name: m[1],
        default: previous?.default ?? m[2],
        table: Boolean(previous?.table) || table,
      });
    }
  }
  return [...found.values()];
}

module.exports = { resolveMapping, placeholders, withoutComments, sha256, BUNDLED_ENTRY };
