package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.parser.ParseError;
import io.burt.jmespath.parser.ParseException;
import java.util.Iterator;

/**
 * Compiles JMESPath text once; the only class that knows the JMESPath library. Type errors inside
 * functions are raised (not silently turned into null), so a mapping mistake becomes a clear
 * evaluation error instead of a missing claim.
 */
public final class ExpressionCompiler {
  private final JmesPath<JsonNode> runtime;

  public ExpressionCompiler() {
    this.runtime = new JacksonRuntime(RuntimeConfiguration.builder().withSilentTypeErrors(false).build());
  }

  /** Compiles one expression; the exception carries the offset of the first problem. */
  public Expression compile(String text) throws ExpressionSyntaxException {
    if (text.isBlank()) {
      throw new ExpressionSyntaxException("empty expression", 0);
    }
    io.burt.jmespath.Expression<JsonNode> compiled;
    try {
      compiled = runtime.compile(text);
    } catch (ParseException e) {
      Iterator<ParseError> errors = e.iterator();
      if (errors.hasNext()) {
        ParseError first = errors.next();
        throw new ExpressionSyntaxException(first.message(), Math.max(0, Math.min(first.position(), text.length())));
      }
      throw new ExpressionSyntaxException(e.getMessage(), 0);
    } catch (RuntimeException e) {
      // the library reports unknown functions and similar problems as plain runtime exceptions
      throw new ExpressionSyntaxException(String.valueOf(e.getMessage()), 0);
    }
    return new Compiled(text, compiled);
  }

  private record Compiled(String text, io.burt.jmespath.Expression<JsonNode> compiled) implements Expression {
    @Override
    public JsonNode evaluate(JsonNode envelope) {
      JsonNode result;
      try {
        result = compiled.search(envelope);
      } catch (RuntimeException e) {
        throw new EvaluationException("expression failed: " + e.getMessage());
      }
      return result == null ? NullNode.getInstance() : result;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
