package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rule's {@code when}: JMESPath truthiness (false, null, "", [] and {} are false). A type
 * mismatch is null where it occurs (the condition is compiled with the library's lenient type
 * errors), so data of another shape means "does not apply". Any other failure (a text or number
 * beyond its bound, the evaluation budget spent, a malformed value) is thrown, never read as false:
 * a rule that restricts must not be skipped because data made its condition fail, and under {@code
 * !( ... )} a failure read as false would even apply a rule it should not.
 *
 * @param path where the condition stands in the file ({@code $.rules[0].when}), fixed at load: what
 *     a denial it causes names
 * @param expression the compiled condition
 */
public record Condition(String path, Expression expression) {

  /**
   * Whether the expression holds for this envelope.
   *
   * @throws EvaluationException when the condition cannot be evaluated (other than a type mismatch)
   */
  public boolean test(JsonNode envelope) {
    JsonNode value = expression.evaluate(envelope);
    if (value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      return !value.textValue().isEmpty();
    }
    if (value.isContainerNode()) {
      return value.size() > 0;
    }
    return true;
  }
}
