package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rule's {@code when}: JMESPath truthiness (false, null, "", [] and {} are false). A type error
 * means "does not apply"; an expression that spends its evaluation budget is a failure, thrown: a
 * rule that restricts must not be skipped because data made its condition too costly.
 */
public record Condition(Expression expression) {

  /**
   * @throws EvaluationException when the condition spent its evaluation budget
   */
  public boolean test(JsonNode envelope) {
    JsonNode value;
    try {
      value = expression.evaluate(envelope);
    } catch (EvaluationException e) {
      if (e.isExhausted()) {
        throw e;
      }
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
