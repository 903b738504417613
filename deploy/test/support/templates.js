'use strict';
// Loading the SAM template (YAML with CloudFormation's short-form tags) and synthesizing the CDK stack.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const cdk = require('aws-cdk-lib');
const { Template } = require('aws-cdk-lib/assertions');
const { AwsSolutionsChecks } = require('cdk-nag');
const { ClaimsMapperStack } = require('../../lib/claims-mapper-stack');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const JAR = path.join(ROOT, 'target', 'cognito-claims-mapper.jar');

const tag = (name, fn, kinds = ['scalar', 'seq', 'map']) => kinds.map((nodeKind) => ({
  tag: `!${name}`,
  collection: nodeKind === 'scalar' ? undefined : nodeKind,
  resolve: (value) => {
    const v = value && typeof value.toJSON === 'function' ? value.toJSON() : value;
    if (name === 'GetAtt' && typeof v === 'string') return { 'Fn::GetAtt': v.split(/\.(.*)/s).slice(0, 2) };
    return { [fn]: v };
  },
}));
const CFN_TAGS = [
  ...tag('Ref', 'Ref', ['scalar']), ...tag('Sub', 'Fn::Sub'), ...tag('GetAtt', 'Fn::GetAtt'), ...tag('If', 'Fn::If', ['seq']),
  ...tag('Equals', 'Fn::Equals', ['seq']), ...tag('Not', 'Fn::Not', ['seq']), ...tag('And', 'Fn::And', ['seq']),
  ...tag('Or', 'Fn::Or', ['seq']), ...tag('Join', 'Fn::Join', ['seq']), ...tag('Select', 'Fn::Select', ['seq']),
  ...tag('Split', 'Fn::Split', ['seq']), ...tag('ImportValue', 'Fn::ImportValue'), ...tag('FindInMap', 'Fn::FindInMap', ['seq']),
  ...tag('Base64', 'Fn::Base64'), ...tag('Condition', 'Condition', ['scalar']),
];

function loadSamTemplate(file = path.join(ROOT, 'template.yaml')) {
  return YAML.parse(fs.readFileSync(file, 'utf8'), { customTags: CFN_TAGS, version: '1.1' });
}

/**
 * Synthesizes the stack as `cdk synth` does, cdk-nag's AWS Solutions checks included (as in
 * bin/app.js); `extend(stack)` may add to it first. Returns { stack, template, violations }, the
 * violations being those of the validation report that were not acknowledged with a reason.
 */
function synthStack(props = {}, extend = () => {}) {
  const outdir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'ccm-cdk-'));
  const app = new cdk.App({ outdir });
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new ClaimsMapperStack(app, 'Test', { jar: JAR, ...props });
  extend(stack);
  let synthError;
  try {
    app.synth();
  } catch (e) {
    synthError = e; // errors in the report fail synthesis, as `cdk synth` does; the report says which
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  const violations = report.pluginReports.flatMap((plugin) => plugin.violations.flatMap((v) =>
    v.violatingConstructs.map((c) => `${v.ruleName} (${v.severity}) at ${c.constructPath}`)));
  const file = path.join(outdir, 'Test.template.json');
  const template = fs.existsSync(file) ? Template.fromJSON(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined;
  const assetDirectories = fs.readdirSync(outdir).filter((f) => f.startsWith('asset.'))
    .filter((f) => fs.statSync(path.join(outdir, f)).isDirectory()).map((f) => fs.readdirSync(path.join(outdir, f)));
  fs.rmSync(outdir, { recursive: true, force: true });
  return { stack, template, violations, synthError, assetDirectories };
}

module.exports = { ROOT, JAR, loadSamTemplate, synthStack };
