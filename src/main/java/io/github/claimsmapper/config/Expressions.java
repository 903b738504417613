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
record Expressions(
    ExpressionCompiler compiler, Substitutions substitutions, Diagnostics diagnostics) {

  Optional<Expression> expression(String text, String path) {
    return compile(text, path, Kind.EXPRESSION);
  }

  Optional<Condition> condition(String text, String path) {
    Optional<Expression> expression = compile(text, path, Kind.CONDITION);
    return expression.isPresent() ? Optional.of(new Condition(expression.get())) : Optional.empty();
  }

  Optional<Template> template(String text, String path) {
    Optional<Expression> template = compile(text, path, Kind.TEMPLATE);
    return template.isPresent() ? Optional.of((Template) template.get()) : Optional.empty();
  }

  /**
   * A claim's value: a template when the text as written holds {@code ${...}} (an environment value
   * holding {@code ${} does not make one), otherwise a JMESPath expression.
   */
  Optional<Expression> value(String text, String path) {
    boolean template =
        Template.isTemplate(Placeholders.withoutPlaceholders(substitutions.asWritten(path, text)));
    return compile(text, path, template ? Kind.TEMPLATE : Kind.EXPRESSION);
  }

  /** What a string of code is compiled as. */
  private enum Kind {
    EXPRESSION,
    /** Lenient about types: a condition over data that is not there is false, not an error. */
    CONDITION,
    TEMPLATE
  }

  // plain code, no lambdas: this runs in the function's cold start, where each lambda is a class to
  // spin
  private Optional<Expression> compile(String text, String path, Kind kind) {
    Optional<ResolvedText> code =
        substitutions.code(
            text,
            path,
            kind == Kind.TEMPLATE ? Placeholders.Use.TEMPLATE : Placeholders.Use.EXPRESSION);
    if (code.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          switch (kind) {
            case EXPRESSION -> compiler.compile(code.get().text());
            case CONDITION -> compiler.compileCondition(code.get().text()).expression();
            case TEMPLATE -> Template.compile(code.get().text(), compiler);
          });
    } catch (ExpressionSyntaxException e) {
      diagnostics.errorInText(
          path,
          code.get().writtenOffset(e.offset()),
          (kind == Kind.TEMPLATE ? "invalid template: " : "invalid JMESPath expression: ")
              + e.getMessage());
      return Optional.empty();
    }
  }
}
