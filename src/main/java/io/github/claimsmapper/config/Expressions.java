package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Condition;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.ExpressionCompiler;
import io.github.claimsmapper.engine.ExpressionSyntaxException;
import io.github.claimsmapper.engine.QuotedNames;
import io.github.claimsmapper.engine.Template;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the strings of a document that are code. What an expression reads is the expression's
 * own answer ({@link Expression#attributesRead}), so the caller keeps what it gets back and the
 * lookups are projected from exactly the expressions that were compiled.
 *
 * <p>A double-quoted name where a string was likely meant gets a warning with the fix ({@link
 * QuotedNames}): compared, passed where a function takes a string, or read from the envelope under
 * a name it does not hold.
 *
 * @param roots the names the envelope holds: {@code event}, {@code item} and the file's sources
 */
record Expressions(
    ExpressionCompiler compiler,
    Substitutions substitutions,
    Diagnostics diagnostics,
    Set<String> roots) {

  Optional<Expression> expression(String text, String path) {
    return compile(text, path, Kind.EXPRESSION);
  }

  Optional<Condition> condition(String text, String path) {
    Optional<Expression> expression = compile(text, path, Kind.CONDITION);
    return expression.isPresent()
        ? Optional.of(new Condition(path, expression.get()))
        : Optional.empty();
  }

  Optional<Template> template(String text, String path) {
    Optional<Expression> template = compile(text, path, Kind.TEMPLATE);
    return template.isPresent() ? Optional.of((Template) template.get()) : Optional.empty();
  }

  /**
   * A claim's value: a template when the text as written holds {@code ${...}} (an environment value
   * holding <code>${</code> does not make one), otherwise a JMESPath expression.
   */
  Optional<Expression> value(String text, String path) {
    boolean template =
        Template.isTemplate(Placeholders.withoutPlaceholders(substitutions.asWritten(path, text)));
    return compile(text, path, template ? Kind.TEMPLATE : Kind.EXPRESSION);
  }

  private void warnAboutQuotedNames(String text, int start, ResolvedText code, String path) {
    for (QuotedNames.Quoted quoted : QuotedNames.in(text)) {
      String message = quotedNameMessage(quoted);
      if (message != null) {
        diagnostics.warningInText(path, code.writtenOffset(start + quoted.offset()), message);
      }
    }
  }

  /** Why a quoted name is likely a mistake, with the fix; null when it is likely meant. */
  private String quotedNameMessage(QuotedNames.Quoted quoted) {
    String name = quoted.name();
    String asString = "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
    String asField = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    String fix =
        " (did you mean "
            + asString
            + "?"
            + (quoted.ofEnvelope() ? "" : " a field of the current value is written @." + asField)
            + ")";
    switch (quoted.use()) {
      case COMPARED:
        return asField
            + " is compared as a field name, not as a string: in JMESPath \"...\" names a field"
            + " and '...' is a string"
            + fix;
      case STRING_ARGUMENT:
        return asField
            + " is passed to "
            + quoted.function()
            + " as a field name, not as a string"
            + fix;
      default:
        if (quoted.ofEnvelope() && !roots.contains(name)) {
          return asField
              + " names nothing the expressions can read (they read "
              + String.join(", ", roots)
              + "): in JMESPath \"...\" names a field and '...' is a string"
              + fix;
        }
        return null;
    }
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
      Expression compiled =
          switch (kind) {
            case EXPRESSION -> compiler.compile(code.get().text());
            case CONDITION -> compiler.compileLenient(code.get().text());
            case TEMPLATE -> Template.compile(code.get().text(), compiler);
          };
      if (compiled instanceof Template template) {
        for (int i = 0; i < template.expressions().size(); i++) {
          warnAboutQuotedNames(
              template.expressions().get(i).text(), template.offsets().get(i), code.get(), path);
        }
      } else {
        warnAboutQuotedNames(compiled.text(), 0, code.get(), path);
      }
      return Optional.of(compiled);
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
