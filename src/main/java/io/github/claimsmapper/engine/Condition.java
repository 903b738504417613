package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** A rule's {@code when}: JMESPath truthiness (false, null, "", [] and {} are false). */
public record Condition(Expression expression) {

  public boolean test(JsonNode envelope) {
    JsonNode value;
    try {
      value = expression.evaluate(envelope);
    } catch (EvaluationException e) {
      return false;
    }
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
