package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;

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

  /**
   * Reports every expression of {@code template} that reads the source {@code name} it belongs to:
   * {@code what} (such as "a query") is evaluated before that source is read.
   */
  void rejectSelfReads(Template template, String path, String name, String what) {
    for (Expression expression : template.expressions()) {
      if (SourceGraph.reads(expression, name)) {
        diagnostics.errorInText(
            path,
            0,
            SourcePlan.PRIMARY.equals(name)
                ? what + " cannot read the item it looks up"
                : what + " cannot read its own source '" + name + "'");
      }
    }
  }
}
