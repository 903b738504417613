package io.github.claimsmapper.engine.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.function.FunctionRegistry;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.parser.ParseError;
import io.burt.jmespath.parser.ParseException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A real Jackson runtime configured as the engine configures it (type errors raised, the mapping
 * functions registered), with exact-decimal JSON input like the project's own parser.
 */
final class FunctionsHarness {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  static final JacksonRuntime RUNTIME =
      new JacksonRuntime(
          RuntimeConfiguration.builder()
              .withSilentTypeErrors(false)
              .withFunctionRegistry(
                  FunctionRegistry.defaultRegistry().extend(MappingFunctions.all()))
              .build());

  private FunctionsHarness() {}

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles the expression and searches the input (JSON text). */
  static JsonNode search(String expression, String input) {
    return RUNTIME.compile(expression).search(json(input));
  }

  static JsonNode search(String expression) {
    return search(expression, "{}");
  }

  /** Asserts the result equals the expected JSON text. */
  static void assertResult(String expectedJson, String expression, String input) {
    assertEquals(json(expectedJson), search(expression, input), expression);
  }

  static void assertResult(String expectedJson, String expression) {
    assertResult(expectedJson, expression, "{}");
  }

  /** Asserts the expression compiles but fails when searched, with exactly this message. */
  static <E extends JmesPathException> E assertCallFails(
      Class<E> type, String message, String expression, String input) {
    io.burt.jmespath.Expression<JsonNode> compiled = RUNTIME.compile(expression);
    JsonNode data = json(input);
    E e = assertThrows(type, () -> compiled.search(data), expression);
    assertEquals(message, e.getMessage(), expression);
    return e;
  }

  static <E extends JmesPathException> E assertCallFails(
      Class<E> type, String message, String expression) {
    return assertCallFails(type, message, expression, "{}");
  }

  /** Asserts the expression does not compile, reporting exactly this first error at offset 0. */
  static void assertCompileFails(String message, String expression) {
    ParseException e =
        assertThrows(ParseException.class, () -> RUNTIME.compile(expression), expression);
    Iterator<ParseError> errors = e.iterator();
    ParseError first = errors.next();
    assertEquals(message, first.message(), expression);
    assertEquals(0, first.position(), expression);
    assertFalse(errors.hasNext(), expression);
  }
}
