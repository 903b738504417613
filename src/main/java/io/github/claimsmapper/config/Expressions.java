package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Condition;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.ExpressionCompiler;
import io.github.claimsmapper.engine.ExpressionSyntaxException;
import io.github.claimsmapper.engine.Template;
import java.util.Optional;

/**
 * Compiles the strings of a document that are code. What an expression reads is the expression's
 * own answer ({@link Expression#attributesRead}), so the caller keeps what it gets back and the
 * lookups are projected from exactly the expressions that were compiled.
 */
record Expressions(ExpressionCompiler compiler, Substitutions substitutions, Diagnostics diagnostics) {

  Optional<Expression> expression(String text, String path) {
    return compile(text, path, Placeholders.Use.EXPRESSION, "invalid JMESPath expression: ", compiler::compile);
  }

  Optional<Condition> condition(String text, String path) {
    return compile(text, path, Placeholders.Use.EXPRESSION, "invalid JMESPath expression: ",
        compiler::compileCondition);
  }

  Optional<Template> template(String text, String path) {
    return compile(text, path, Placeholders.Use.TEMPLATE, "invalid template: ", t -> Template.compile(t, compiler));
  }

  /**
   * A claim's value: a template when the text as written holds {@code ${...}} (an environment value
   * holding {@code ${} does not make one), otherwise a JMESPath expression.
   */
  Optional<Expression> value(String text, String path) {
    if (Template.isTemplate(Placeholders.withoutPlaceholders(substitutions.asWritten(path, text)))) {
      return template(text, path).map(Expression.class::cast);
    }
    return expression(text, path);
  }

  private interface Compiler<T> {
    T compile(String code) throws ExpressionSyntaxException;
  }

  private <T> Optional<T> compile(String text, String path, Placeholders.Use use, String invalid, Compiler<T> how) {
    return substitutions.code(text, path, use).flatMap(code -> {
      try {
        return Optional.of(how.compile(code.text()));
      } catch (ExpressionSyntaxException e) {
        diagnostics.errorInText(path, code.writtenOffset(e.offset()), invalid + e.getMessage());
        return Optional.empty();
      }
    });
  }
}
