package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
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
  private final String text;
  private final List<Object> parts; // String literals and Expressions
  private final List<Expression> expressions;
  private final List<Integer> offsets; // where each expression's text starts in the template

  private Template(String text, List<Object> parts, List<Integer> offsets) {
    this.text = text;
    this.parts = List.copyOf(parts);
    this.offsets = List.copyOf(offsets);
    this.expressions =
        parts.stream().filter(Expression.class::isInstance).map(Expression.class::cast).toList();
  }

  /** Parses and compiles a template; offsets in errors are relative to the template text. */
  public static Template compile(String text, ExpressionCompiler compiler)
      throws ExpressionSyntaxException {
    List<Object> parts = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("${", at);
      if (open < 0) {
        parts.add(text.substring(at));
        break;
      }
      if (open > at) {
        parts.add(text.substring(at, open));
      }
      // JMESPath uses braces for multi-select hashes: find the brace that closes this part
      int close = matchingBrace(text, open + 2);
      if (close < 0) {
        throw new ExpressionSyntaxException("unclosed ${ in template", open);
      }
      String inner = text.substring(open + 2, close);
      try {
        parts.add(compiler.compile(inner));
        offsets.add(open + 2);
      } catch (ExpressionSyntaxException e) {
        throw new ExpressionSyntaxException(e.getMessage(), open + 2 + e.offset());
      }
      at = close + 1;
    }
    return new Template(text, parts, offsets);
  }

  private static int matchingBrace(String text, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  /** True when the text holds at least one {@code ${...}} part. */
  public static boolean isTemplate(String text) {
    return text.contains("${");
  }

  /** Evaluates over the envelope: a value, or JSON null when any part is null. */
  @Override
  public JsonNode evaluate(JsonNode envelope) {
    if (parts.size() == 1 && parts.get(0) instanceof Expression only) {
      return only.evaluate(envelope);
    }
    return join(envelope);
  }

  private JsonNode join(JsonNode envelope) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof Expression expression) {
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
      } else {
        out.append((String) part);
      }
    }
    return TextNode.valueOf(out.toString());
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
    Set<String> names = new LinkedHashSet<>();
    for (Expression expression : expressions) {
      Optional<Set<String>> read = expression.attributesRead(root);
      if (read.isEmpty()) {
        return read;
      }
      names.addAll(read.get());
    }
    return Optional.of(Collections.unmodifiableSet(names));
  }

  /** What its parts read of a list-valued root's items together; empty when any may read all. */
  @Override
  public Optional<Set<String>> elementAttributesRead(String root) {
    Set<String> names = new LinkedHashSet<>();
    for (Expression expression : expressions) {
      Optional<Set<String>> read = expression.elementAttributesRead(root);
      if (read.isEmpty()) {
        return read;
      }
      names.addAll(read.get());
    }
    return Optional.of(Collections.unmodifiableSet(names));
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
