'use strict';
// Checks a CloudFormation (or SAM) template against the CloudFormation resource specification
// shipped by @aws-cdk/aws-service-spec (the registry schemas the CDK's L1 classes are built from):
// resource types, property names, nesting, scalar types, allowed values, required properties,
// Ref/GetAtt targets and attributes, conditions, and parameter defaults.
const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');

let db;
const spec = () => (db ??= loadAwsServiceSpecSync());

/**
 * Properties SAM passes unchanged to AWS::Lambda::Function: the SAM schema in the spec database
 * predates them, so they are checked against AWS::Lambda::Function's definition instead.
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html)
 */
const SAM_PASS_THROUGH = { 'AWS::Serverless::Function': ['SnapStart', 'LoggingConfig', 'RuntimeManagementConfig', 'RecursiveLoop'] };
/**
 * SAM's own properties that the SAM schema in the spec database predates, with their type:
 * AutoPublishAliasAllProperties (a version for a change of any property, not only CodeUri).
 */
const SAM_NEWER = { 'AWS::Serverless::Function': { AutoPublishAliasAllProperties: { type: { type: 'boolean' } } } };
const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId',
  'AWS::URLSuffix', 'AWS::NoValue', 'AWS::NotificationARNs']);
const PARAMETER_TYPES = new Set(['String', 'Number', 'List<Number>', 'CommaDelimitedList', 'AWS::SSM::Parameter::Value<String>']);
const INTRINSICS = new Set(['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::Split',
  'Fn::ImportValue', 'Fn::FindInMap', 'Fn::Base64', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Length', 'Fn::ToJsonString']);

function resourceSpec(type) {
  const found = spec().lookup('resource', 'cloudFormationType', 'equals', type);
  return found.length === 1 ? found.only() : undefined;
}

/** @returns {string[]} every problem, as "Resources.X.Properties.Y: message" */
function validate(template) {
  const problems = [];
  const resources = template.Resources || {};
  const parameters = template.Parameters || {};
  const conditions = template.Conditions || {};
  const sam = template.Transform === 'AWS::Serverless-2016-10-31';
  const at = (path, message) => problems.push(`${path}: ${message}`);

  for (const [name, p] of Object.entries(parameters)) {
    if (!PARAMETER_TYPES.has(p.Type)) at(`Parameters.${name}`, `unknown parameter type ${p.Type}`);
    if (p.Default !== undefined) {
      const value = String(p.Default);
      if (p.AllowedValues && !p.AllowedValues.map(String).includes(value)) at(`Parameters.${name}`, `default ${value} not allowed`);
      if (p.AllowedPattern && value !== '' && !new RegExp(`^(?:${p.AllowedPattern})$`).test(value)) at(`Parameters.${name}`, `default ${value} does not match`);
      if (p.AllowedPattern && value === '' && !new RegExp(`^(?:${p.AllowedPattern})$`).test(value)) at(`Parameters.${name}`, 'empty default does not match');
      if (p.Type === 'Number' && Number.isNaN(Number(value))) at(`Parameters.${name}`, `default ${value} is not a number`);
    }
  }

  const refTarget = (path, target) => {
    if (PSEUDO.has(target) || parameters[target] || resources[target]) return;
    const [base, suffix] = target.split('.');
    if (sam && (suffix === 'Alias' || suffix === 'Version') && resources[base]?.Properties?.AutoPublishAlias) return;
    at(path, `Ref to unknown ${target}`);
  };
  const getAtt = (path, target) => {
    const [res, ...rest] = Array.isArray(target) ? target : target.split('.');
    const attr = rest.join('.');
    if (!resources[res]) return at(path, `GetAtt of unknown resource ${res}`);
    const rspec = resourceSpec(resources[res].Type);
    if (rspec && !rspec.attributes[attr] && !(resources[res].Type === 'AWS::Serverless::Function' && attr === 'Arn')) {
      at(path, `${resources[res].Type} has no attribute ${attr}`);
    }
  };
  const sub = (path, text, vars = {}) => {
    for (const m of String(text).matchAll(/\$\{([^}!]+)\}/g)) {
      const name = m[1];
      if (vars[name] !== undefined) continue;
      if (name.includes('.')) getAtt(path, name); else refTarget(path, name);
    }
  };

  /** Checks intrinsic functions; returns true when value is one (its type is then unknown until deploy). */
  const intrinsic = (path, value, check) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    if (keys.length !== 1 || !INTRINSICS.has(keys[0])) return false;
    const [fn] = keys;
    const arg = value[fn];
    if (fn === 'Ref') refTarget(path, arg);
    else if (fn === 'Fn::GetAtt') getAtt(path, arg);
    else if (fn === 'Fn::Sub') {
      if (Array.isArray(arg)) { sub(path, arg[0], arg[1]); walkAny(`${path}.Fn::Sub`, arg[1]); } else sub(path, arg);
    } else if (fn === 'Fn::If') {
      if (!conditions[arg[0]]) at(path, `Fn::If on unknown condition ${arg[0]}`);
      for (const branch of arg.slice(1)) {
        if (!(branch && branch.Ref === 'AWS::NoValue')) check(branch);
      }
    } else walkAny(`${path}.${fn}`, arg);
    return true;
  };
  const walkAny = (path, value) => {
    if (intrinsic(path, value, (v) => walkAny(path, v))) return;
    if (Array.isArray(value)) value.forEach((v, i) => walkAny(`${path}[${i}]`, v));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkAny(`${path}.${k}`, v);
  };

  const checkType = (path, type, value) => {
    if (intrinsic(path, value, (v) => checkType(path, type, v))) return;
    switch (type.type) {
      case 'string':
        if (typeof value !== 'string' && typeof value !== 'number') return at(path, `expected a string, got ${JSON.stringify(value)}`);
        if (type.allowedValues && !type.allowedValues.includes(String(value))) at(path, `${value} is not one of ${type.allowedValues.join(', ')}`);
        return;
      case 'integer': case 'number':
        if (Number.isNaN(Number(value)) || typeof value === 'boolean' || value === '') at(path, `expected a number, got ${JSON.stringify(value)}`);
        return;
      case 'boolean':
        if (![true, false, 'true', 'false'].includes(value)) at(path, `expected a boolean, got ${JSON.stringify(value)}`);
        return;
      case 'json':
        if (typeof value !== 'object' && typeof value !== 'string') at(path, 'expected a JSON object');
        else walkAny(path, value);
        return;
      case 'array':
        if (!Array.isArray(value)) return at(path, `expected a list, got ${JSON.stringify(value)}`);
        value.forEach((v, i) => checkType(`${path}[${i}]`, type.element, v));
        return;
      case 'map':
        if (!value || typeof value !== 'object' || Array.isArray(value)) return at(path, 'expected a map');
        for (const [k, v] of Object.entries(value)) checkType(`${path}.${k}`, type.element, v);
        return;
      case 'union': {
        const attempts = type.types.map((t) => { const before = problems.length; checkType(path, t, value); return problems.splice(before); });
        if (!attempts.some((a) => a.length === 0)) problems.push(...attempts[attempts.length - 1]);
        return;
      }
      case 'ref': {
        const def = spec().get('typeDefinition', type.reference.$ref);
        if (!value || typeof value !== 'object' || Array.isArray(value)) return at(path, `expected ${def.name}`);
        checkProperties(path, def.properties, value);
        return;
      }
      default:
        at(path, `unchecked type ${type.type}`);
    }
  };
  const checkProperties = (path, props, value, passThrough = {}) => {
    for (const [k, v] of Object.entries(value)) {
      const prop = props[k] || passThrough[k];
      if (!prop) at(`${path}.${k}`, 'unknown property');
      else checkType(`${path}.${k}`, prop.type, v);
    }
    for (const [k, prop] of Object.entries(props)) {
      if (prop.required && value[k] === undefined) at(`${path}.${k}`, 'required property missing');
    }
  };

  for (const [name, resource] of Object.entries(resources)) {
    const path = `Resources.${name}`;
    if (resource.Type === 'AWS::CDK::Metadata') continue;
    const rspec = resourceSpec(resource.Type);
    if (!rspec) { at(path, `unknown resource type ${resource.Type}`); continue; }
    if (resource.Condition && !conditions[resource.Condition]) at(path, `unknown condition ${resource.Condition}`);
    for (const dep of [].concat(resource.DependsOn || [])) if (!resources[dep]) at(path, `DependsOn unknown ${dep}`);
    const passThrough = {};
    const lambdaSpec = resourceSpec('AWS::Lambda::Function');
    for (const p of SAM_PASS_THROUGH[resource.Type] || []) passThrough[p] = lambdaSpec.properties[p];
    Object.assign(passThrough, SAM_NEWER[resource.Type] || {});
    checkProperties(`${path}.Properties`, rspec.properties, resource.Properties || {}, passThrough);
  }
  for (const [name, output] of Object.entries(template.Outputs || {})) {
    if (output.Value === undefined) at(`Outputs.${name}`, 'no Value');
    if (output.Condition && !conditions[output.Condition]) at(`Outputs.${name}`, `unknown condition ${output.Condition}`);
    walkAny(`Outputs.${name}.Value`, output.Value);
  }
  for (const [name, condition] of Object.entries(conditions)) walkAny(`Conditions.${name}`, condition);
  return problems;
}

module.exports = { validate, resourceSpec };
