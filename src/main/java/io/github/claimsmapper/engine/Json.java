package io.github.claimsmapper.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.engine.functions.ExactNumbers;

/**
 * The one JSON configuration of the project: numbers are read and written without losing
 * precision (decimals as {@code BigDecimal}, written plainly, never in exponent form).
 */
public final class Json {
  /** Reads and writes trees; thread-safe. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private Json() {}

  /**
   * A claim value as version 1 events carry it: strings as they are, numbers and booleans as
   * their JSON text (decimals without exponent), arrays and objects as compact JSON text.
   */
  public static TextNode asClaimString(JsonNode value) {
    if (value.isTextual()) {
      return (TextNode) value;
    }
    if (value.isNumber()) {
      return TextNode.valueOf(plain(value));
    }
    if (value.isValueNode()) {
      return TextNode.valueOf(value.asText());
    }
    return TextNode.valueOf(compact(value));
  }

  /**
   * A number node written out without exponent ({@code 1E+3} as {@code 1000}), exactly.
   *
   * @throws EvaluationException when the number is beyond {@link ExactNumbers}' bounds (its
   *     plain form would run to more digits than any real value has)
   */
  public static String plain(JsonNode number) {
    try {
      return ExactNumbers.plain(number.numberValue());
    } catch (ArithmeticException e) {
      throw new EvaluationException("a number is " + e.getMessage().replace("the number is ", ""));
    }
  }

  /** Compact JSON text. */
  public static String compact(JsonNode value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
