package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Text with embedded {@code ${expression}} parts, such as {@code USER#${event.userName}}. A
 * template that is exactly one {@code ${...}} yields the expression's value unchanged (a number
 * stays a number); otherwise the parts are joined as text. Any part that yields null makes the
 * whole template null.
 */
public final class Template implements Expression {

  /** A piece of a template: literal text, or a {@code ${...}} part's expression. */
  public sealed interface Part permits Literal, Code {}

  /** Text taken as it is. */
  public record Literal(String text) implements Part {}

  /**
   * A {@code ${...}} part.
   *
   * @param offset where the expression's text starts in the template's text
   */
  public record Code(Expression expression, int offset) implements Part {}

  private final String text;
  private final List<Part> parts;
  private final List<Expression> expressions;
  private final List<Integer> offsets;

  private Template(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
    List<Expression> expressions = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Code code) {
        expressions.add(code.expression());
        offsets.add(code.offset());
      }
    }
    this.expressions = List.copyOf(expressions);
    this.offsets = List.copyOf(offsets);
  }

  /** Parses and compiles a template; offsets in errors are relative to the template text. */
  public static Template compile(String text, ExpressionCompiler compiler)
      throws ExpressionSyntaxException {
    List<Part> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("${", at);
      if (open < 0) {
        parts.add(new Literal(text.substring(at)));
        break;
      }
      if (open > at) {
        parts.add(new Literal(text.substring(at, open)));
      }
      // JMESPath uses braces for multi-select hashes: find the brace that closes this part
      int close = TemplateLexer.closeOfPart(text, open + 2);
      if (close < 0) {
        throw new ExpressionSyntaxException("unclosed ${ in template", open);
      }
      String inner = text.substring(open + 2, close);
      try {
        parts.add(new Code(compiler.compile(inner), open + 2));
      } catch (ExpressionSyntaxException e) {
        throw new ExpressionSyntaxException(e.getMessage(), open + 2 + e.offset());
      }
      at = close + 1;
    }
    return new Template(text, parts);
  }

  /** True when the text holds at least one {@code ${...}} part. */
  public static boolean isTemplate(String text) {
    return text.contains("${");
  }

  /** Evaluates over the envelope: a value, or JSON null when any part is null. */
  @Override
  public JsonNode evaluate(JsonNode envelope) {
    if (parts.size() == 1 && parts.get(0) instanceof Code only) {
      return only.expression().evaluate(envelope);
    }
    return join(envelope);
  }

  private JsonNode join(JsonNode envelope) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Code code) {
        Expression expression = code.expression();
        JsonNode value = expression.evaluate(envelope);
        if (value.isNull() || value.isMissingNode()) {
          return NullNode.getInstance();
        }
        if (value.isContainerNode()) {
          throw new EvaluationException(
              "template part ${"
                  + expression.text()
                  + "} yielded "
                  + JsonTypes.name(value)
                  + ", expected a string, number or boolean");
        }
        // numbers exactly and without exponent, as concat() writes them: 1E+3 is "1000"
        out.append(value.isNumber() ? ValueText.plain(value) : value.asText());
      } else if (part instanceof Literal literal) {
        out.append(literal.text());
      }
    }
    return TextNode.valueOf(out.toString());
  }

  /** The template's pieces, in order. */
  public List<Part> parts() {
    return parts;
  }

  /** The compiled expressions, in order. */
  public List<Expression> expressions() {
    return expressions;
  }

  /** Where the text of each of {@link #expressions()} starts in the template's text. */
  public List<Integer> offsets() {
    return offsets;
  }

  /** What its parts read together; empty when any part may read all of {@code root}. */
  @Override
  public Optional<Set<String>> attributesRead(String root) {
    return Expression.readTogether(expressions, root, false);
  }

  /** What its parts read of a list-valued root's items together; empty when any may read all. */
  @Override
  public Optional<Set<String>> elementAttributesRead(String root) {
    return Expression.readTogether(expressions, root, true);
  }

  /** The template as written. */
  @Override
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
