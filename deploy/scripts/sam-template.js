#!/usr/bin/env node
'use strict';
// Writes the mapping-dependent parts of the SAM template (template.yaml) from the mapping the
// function will run, so `sam deploy` grants exactly what that mapping reads:
//
//   node deploy/scripts/sam-template.js --check     exit 1 when template.yaml is not what it would write
//   node deploy/scripts/sam-template.js --write     rewrite template.yaml in place
//   options: --config FILE (a mapping shipped in a layer, ClaimsConfig=/opt/NAME; default: the
//            mapping bundled in the jar), --jar JAR (default target/cognito-claims-mapper.jar),
//            --template FILE (default template.yaml); paths relative to the current directory.
//
// The parts, each between "# BEGIN <part>" and "# END <part>" lines: the parameters of the
// mapping's ${env:...} placeholders, their IsArn conditions (a table may be given as an ARN), the
// ReadMappedItems policy (the jar's iam-policy output for the mapping), the placeholders' variables
// in the function's and the validator's environment, and the mapping as the first AppConfig version.
// Run it from the project root after `mvn -B package -DskipTests`; CI runs --check.
const fs = require('node:fs');
const path = require('node:path');
const { deriveReadPolicy, resolveMapping } = require('cognito-claims-mapper-cdk');
const { placeholderParameters } = require('../lib/parameters');

class UsageError extends Error {}

function parseArgs(argv) {
  const options = { jar: 'target/cognito-claims-mapper.jar', template: 'template.yaml' };
  const names = { '--config': 'config', '--jar': 'jar', '--template': 'template' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check' || arg === '--write') {
      if (options.mode) throw new UsageError('give one of --check, --write');
      options.mode = arg.slice(2);
    } else if (names[arg]) {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      options[names[arg]] = argv[++i];
    } else {
      throw new UsageError(`unknown argument: ${arg}`);
    }
  }
  if (!options.mode) throw new UsageError('give --check or --write');
  return options;
}

const quote = (text) => `'${text.replace(/'/g, "''")}'`;
const flow = (value) => JSON.stringify(value);
const isArnCondition = (param) => `${param}IsArn`;

/** The generated lines of each part, for the mapping in `options`. */
function parts({ jar, config }) {
  const mapping = resolveMapping({ jar, mappingFile: config });
  const params = placeholderParameters(mapping.text);
  const env = Object.fromEntries(params.map((p) => [p.envName, `@@${p.envName}@@`]));
  const policy = deriveReadPolicy({
    jar, config: mapping.file, text: mapping.text, describe: mapping.describe,
    partition: '${AWS::Partition}', region: '${AWS::Region}', account: '${AWS::AccountId}', env,
  });
  const resource = (arn) => {
    const p = params.find((q) => arn.endsWith(`:table/@@${q.envName}@@`));
    const sub = (text) => `!Sub ${quote(params.reduce((t, q) => t.split(`@@${q.envName}@@`).join(`\${${q.parameterName}}`), text))}`;
    return p ? `!If [${isArnCondition(p.parameterName)}, !Ref ${p.parameterName}, ${sub(arn)}]` : sub(arn);
  };
  const parameters = params.flatMap((p) => [
    `  ${p.parameterName}:`,
    '    Type: String',
    ...(p.definition.default !== undefined ? [`    Default: ${quote(p.definition.default)}`] : []),
    ...(p.definition.allowedPattern ? [`    AllowedPattern: ${quote(p.definition.allowedPattern)}`] : []),
    `    Description: ${quote(p.definition.description)}`,
  ]);
  const conditions = params.filter((p) => p.table).map((p) =>
    `  ${isArnCondition(p.parameterName)}: !Equals [!Select [0, !Split [':', !Ref ${p.parameterName}]], arn]`);
  const statements = policy.Statement.flatMap((s) => [
    `              - Sid: ${s.Sid}`,
    `                Effect: ${s.Effect}`,
    `                Action: ${flow(s.Action)}`,
    `                Resource: ${resource(s.Resource)}`,
    ...(s.Condition ? [`                Condition: ${flow(s.Condition)}`] : []),
  ]);
  const readPolicy = statements.length === 0 ? [] : [
    '        - PolicyName: ReadMappedItems',
    '          PolicyDocument:',
    "            Version: '2012-10-17'",
    '            Statement:',
    ...statements,
  ];
  const variables = (indent) => params.map((p) => `${indent}${p.envName}: !Ref ${p.parameterName}`);
  const content = mapping.text.replace(/\n$/, '').split('\n').map((l) => (l ? `        ${l}` : ''));
  return {
    'mapping parameters': parameters,
    'mapping conditions': conditions,
    ReadMappedItems: readPolicy,
    'mapping variables': variables('          '),
    'validator variables': variables('          '),
    'mapping content': ['      Content: |', ...content],
    // as the construct describes the version it publishes (currentVersionOptions)
    'version description': [`        - ${quote(`claims mapping ${mapping.shipped ? mapping.name : 'bundled in the jar'}, file sha256 ${mapping.sha256.slice(0, 12)}`)}`],
  };
}

/** The template with every part replaced; throws when a part's markers are missing. */
function render(template, generated) {
  let out = template;
  for (const [name, lines] of Object.entries(generated)) {
    const pattern = new RegExp(`^([ \\t]*)# BEGIN ${name}\\n[\\s\\S]*?^[ \\t]*# END ${name}\\n`, 'm');
    const found = out.match(pattern);
    if (!found) throw new UsageError(`no "# BEGIN ${name}" ... "# END ${name}" lines in the template`);
    const indent = found[1];
    out = out.replace(pattern, () => [`${indent}# BEGIN ${name}`, ...lines, `${indent}# END ${name}`, ''].join('\n'));
  }
  return out;
}

function main(argv, { out = process.stdout, err = process.stderr } = {}) {
  let options;
  try {
    options = parseArgs(argv);
    const template = fs.readFileSync(options.template, 'utf8');
    const next = render(template, parts(options));
    if (options.mode === 'write') {
      if (next !== template) fs.writeFileSync(options.template, next);
      out.write(`${options.template}: ${next === template ? 'already up to date' : 'written'} for ${options.config || 'the mapping bundled in the jar'}\n`);
      return 0;
    }
    if (next !== template) {
      err.write(`${options.template} does not match ${options.config || 'the mapping bundled in the jar'}: run node deploy/scripts/sam-template.js --write${options.config ? ` --config ${options.config}` : ''}\n`);
      return 1;
    }
    out.write(`${options.template}: up to date for ${options.config || 'the mapping bundled in the jar'}\n`);
    return 0;
  } catch (e) {
    err.write(`sam-template: ${e.message}${e instanceof UsageError ? ' (see the header of deploy/scripts/sam-template.js)' : ''}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

module.exports = { main, parts, render, parseArgs };
