'use strict';
/**
 * A resource string as CloudFormation builds it, written as a Fn::Sub string: the CDK's
 * Fn::Join of literals and Refs, or a !Sub's text, so the two templates compare as text.
 */
function asSubString(value) {
  if (typeof value === 'string') return value;
  if (value['Fn::Sub'] && typeof value['Fn::Sub'] === 'string') return value['Fn::Sub'];
  if (value.Ref) return `\${${value.Ref}}`;
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(asSubString).join(separator);
  }
  throw new Error(`not a plain string form: ${JSON.stringify(value)}`);
}

module.exports = { asSubString };
