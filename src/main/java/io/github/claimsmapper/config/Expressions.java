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
final class Expressions {
  private final ExpressionCompiler compiler;
  private final Substitutions substitutions;
  private final Diagnostics diagnostics;

  Expressions(ExpressionCompiler compiler, Substitutions substitutions, Diagnostics diagnostics) {
    this.compiler = compiler;
    this.substitutions = substitutions;
    this.diagnostics = diagnostics;
  }

  Optional<Expression> expression(String text, String path) {
    return substitutions.code(text, path, Placeholders.Use.EXPRESSION).flatMap(code -> {
      try {
        return Optional.of(compiler.compile(code.text()));
      } catch (ExpressionSyntaxException e) {
        invalid(path, code, e, "invalid JMESPath expression: ");
        return Optional.empty();
      }
    });
  }

  Optional<Condition> condition(String text, String path) {
    return substitutions.code(text, path, Placeholders.Use.EXPRESSION).flatMap(code -> {
      try {
        return Optional.of(compiler.compileCondition(code.text()));
      } catch (ExpressionSyntaxException e) {
        invalid(path, code, e, "invalid JMESPath expression: ");
        return Optional.empty();
      }
    });
  }

  Optional<Template> template(String text, String path) {
    return substitutions.code(text, path, Placeholders.Use.TEMPLATE).flatMap(code -> {
      try {
        return Optional.of(Template.compile(code.text(), compiler));
      } catch (ExpressionSyntaxException e) {
        invalid(path, code, e, "invalid template: ");
        return Optional.empty();
      }
    });
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

  private void invalid(String path, Placeholders.Resolved code, ExpressionSyntaxException e, String what) {
    diagnostics.errorInText(path, code.writtenOffset(e.offset()), what + e.getMessage());
  }
}
