package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.engine.functions.TextLimit;
import java.util.Map;

/**
 * The size of a value bound for a token, measured as about the characters of its JSON text and
 * refused beyond {@link TextLimit#MAX_CHARS}. An expression can return, within its evaluation
 * budget, an array holding one long string a hundred thousand times; written out that is gigabytes.
 * The walk stops as soon as the bound is passed, so measuring costs at most the bound.
 */
final class ResultSize {
  static final long MAX_CHARS = TextLimit.MAX_CHARS;

  private ResultSize() {}

  /**
   * @throws EvaluationException when the value would take more than {@link #MAX_CHARS} characters
   */
  static void check(JsonNode value, String what) {
    if (measure(value, 0) > MAX_CHARS) {
      throw new EvaluationException(what + " is larger than " + MAX_CHARS + " characters as JSON");
    }
  }

  /** The running size after {@code value}, or something above the bound as soon as it is passed. */
  private static long measure(JsonNode value, long size) {
    if (size > MAX_CHARS) {
      return size;
    }
    if (value.isTextual()) {
      return size + value.textValue().length() + 2;
    }
    if (value.isArray()) {
      size += 2;
      for (JsonNode element : value) {
        size = measure(element, size + 1);
        if (size > MAX_CHARS) {
          return size;
        }
      }
      return size;
    }
    if (value.isObject()) {
      size += 2;
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        size = measure(field.getValue(), size + field.getKey().length() + 4);
        if (size > MAX_CHARS) {
          return size;
        }
      }
      return size;
    }
    if (value.isBigDecimal() || value.isBigInteger()) {
      return size
          + ValueText.plain(value).length(); // bounded: refuses numbers beyond ExactNumbers' bounds
    }
    return size + 24; // long, double, boolean, null
  }
}
