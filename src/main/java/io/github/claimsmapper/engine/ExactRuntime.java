package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.github.claimsmapper.engine.functions.ExactNumbers;

/**
 * The Jackson runtime with exact number comparison: the library compares numbers as {@code
 * double}, so {@code `9007199254740993` == `9007199254740992`} was true, and sorting, {@code max}
 * and {@code min} could confuse numbers that differ beyond the 16th digit. Comparisons, equality
 * and every function that orders values go through {@link #compare}.
 */
class ExactRuntime extends JacksonRuntime {
  ExactRuntime(RuntimeConfiguration configuration) {
    super(configuration, Json.MAPPER);
  }

  @Override
  public int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      try {
        return ExactNumbers.decimal(a.numberValue()).compareTo(ExactNumbers.decimal(b.numberValue()));
      } catch (ArithmeticException outOfBounds) {
        throw new EvaluationException("a number in a comparison is " + (outOfBounds.getMessage().contains("finite")
            ? "not finite" : "too large or too small to compare exactly"));
      }
    }
    return super.compare(a, b);
  }
}
