package io.github.claimsmapper.config;

/**
 * What every parser of a mapping's sections reads with: the typed readers, where problems go, and
 * the compiler of the strings that are code. One of each per document.
 */
abstract class SectionParser {
  final Fields fields;
  final Diagnostics diagnostics;
  final Expressions expressions;

  SectionParser(Fields fields, Expressions expressions) {
    this.fields = fields;
    this.diagnostics = fields.diagnostics();
    this.expressions = expressions;
  }
}
