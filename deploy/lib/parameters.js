'use strict';
// The stack parameters a mapping's ${env:...} placeholders need: shared by the CDK app and the SAM
// template's generator (scripts/sam-template.js), so both ask for the same values.
const { placeholders } = require('cognito-claims-mapper-cdk/lib/mapping');

/** A table parameter: a table name, or a table's ARN (a table in another account or region). */
const TABLE_PATTERN = '^([a-zA-Z0-9_.-]{3,255}|arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255})$';

/** TABLE_NAME -> TableName: the parameter a placeholder gets unless `names` gives another. */
const parameterName = (envName) => envName.toLowerCase().split('_').filter(Boolean)
  .map((part) => part[0].toUpperCase() + part.slice(1)).join('');

/**
 * One parameter per placeholder, in order of first use: [{ envName, parameterName, table,
 * definition }], the definition in the CDK's CfnParameter form. A placeholder with a default
 * gets a parameter with that default (deploys need not set it); one without is required; a mapping
 * that names its tables literally asks for nothing.
 */
function placeholderParameters(text, names = {}) {
  return placeholders(text).map((p) => ({
    envName: p.name,
    parameterName: names[p.name] || parameterName(p.name),
    table: p.table,
    definition: {
      type: 'String',
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.table ? { allowedPattern: TABLE_PATTERN } : {}),
      description: p.table
        ? `DynamoDB table the mapping reads as \${env:${p.name}}: a name, or the ARN of a table in another account`
        : `Value of the mapping's \${env:${p.name}}`,
    },
  }));
}

module.exports = { placeholderParameters, parameterName, TABLE_PATTERN };
