package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.engine.functions.ExactNumbers;
import io.github.claimsmapper.json.Json;

/**
 * The text forms the engine gives values: numbers written out plainly within {@link ExactNumbers}'
 * bounds, and claims as version 1 events carry them (strings only).
 */
public final class ValueText {
  private ValueText() {}

  /**
   * A claim value as version 1 events carry it: strings as they are, numbers and booleans as their
   * JSON text (decimals without exponent), arrays and objects as compact JSON text.
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
    return TextNode.valueOf(Json.compact(value));
  }

  /**
   * A number node written out without exponent ({@code 1E+3} as {@code 1000}), exactly.
   *
   * @throws EvaluationException when the number is beyond {@link ExactNumbers}' bounds (its plain
   *     form would run to more digits than any real value has)
   */
  public static String plain(JsonNode number) {
    try {
      return ExactNumbers.plain(number.numberValue());
    } catch (ArithmeticException e) {
      throw new EvaluationException("a number is " + e.getMessage().replace("the number is ", ""));
    }
  }
}
