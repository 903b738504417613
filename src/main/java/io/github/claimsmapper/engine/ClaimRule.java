package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One claim of one token: where its value comes from and what to do when there is none.
 *
 * @param name the claim name, literally (no nesting by dots)
 * @param path where the rule stands in the mapping file, for logs
 * @param value the expression, or null when the claim is a constant
 * @param constant the constant value, already converted to {@code type}, or null
 * @param type the declared type
 * @param defaultValue the value used when the expression yields null, already converted, or null
 * @param required whether a null result with no default denies the sign-in
 * @param scalarOnly whether Cognito forbids arrays and objects for this claim in this token
 */
public record ClaimRule(
    String name,
    String path,
    Expression value,
    JsonNode constant,
    ValueType type,
    JsonNode defaultValue,
    boolean required,
    boolean scalarOnly) {

  public ClaimRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    if ((value == null) == (constant == null)) {
      throw new IllegalArgumentException("a claim has exactly one of value and constant");
    }
  }

  /**
   * Evaluates the claim.
   *
   * @return the converted value and whether it is the default, or empty when the claim is to be
   *     left out
   * @throws MappingDenied when the claim is required and has no value
   * @throws EvaluationException when the value cannot be converted or is not allowed here
   */
  public Optional<Evaluated> evaluate(JsonNode envelope) {
    if (constant != null) {
      return Optional.of(new Evaluated(constant, false));
    }
    JsonNode result = value.evaluate(envelope);
    if (result.isNull() || result.isMissingNode()) {
      if (defaultValue != null) {
        return Optional.of(new Evaluated(defaultValue, true));
      }
      if (required) {
        throw new MappingDenied(
            path, "required claim '" + name + "' has no value", DenialReason.REQUIRED_MISSING);
      }
      return Optional.empty();
    }
    JsonNode converted = type.convert(result);
    ResultSize.check(converted, "the value of claim '" + name + "'");
    if (scalarOnly && converted.isContainerNode()) {
      throw new EvaluationException(
          "claim '"
              + name
              + "' cannot take an "
              + JsonTypes.name(converted)
              + " value in the ID token");
    }
    return Optional.of(new Evaluated(converted, false));
  }
}
