package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.engine.functions.ExactNumbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * The declared type of a claim. Conversions happen only where they lose nothing and mean one thing:
 * {@code "42"} to 42, 42 to {@code "42"}, {@code "true"} to true. Anything else is an {@link
 * EvaluationException}.
 */
public enum ValueType {
  STRING,
  NUMBER,
  BOOLEAN,
  ARRAY,
  OBJECT,
  ANY;

  /** The name as written in a mapping file. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a name as written in a mapping file, or returns null. */
  public static ValueType fromYamlName(String name) {
    for (ValueType type : values()) {
      if (type.yamlName().equals(name)) {
        return type;
      }
    }
    return null;
  }

  /** True for the types whose values are arrays or objects. */
  public boolean isComplex() {
    return this == ARRAY || this == OBJECT;
  }

  /**
   * Converts a non-null value to this type.
   *
   * @throws EvaluationException when no lossless, unambiguous conversion exists
   */
  public JsonNode convert(JsonNode value) {
    switch (this) {
      case ANY:
        return value;
      case STRING:
        if (value.isTextual()) {
          return value;
        }
        if (value.isNumber()) {
          return TextNode.valueOf(ValueText.plain(value));
        }
        if (value.isBoolean()) {
          return TextNode.valueOf(value.asText());
        }
        break;
      case NUMBER:
        if (value.isNumber()) {
          ValueText.plain(value); // refuses a number beyond the bounds
          return value;
        }
        if (value.isTextual()) {
          Optional<BigDecimal> number;
          try {
            number = ExactNumbers.parse(value.textValue());
          } catch (ArithmeticException e) {
            throw new EvaluationException("cannot convert string to number: " + e.getMessage());
          }
          if (number.isPresent()) {
            return number(number.get());
          }
        }
        break;
      case BOOLEAN:
        if (value.isBoolean()) {
          return value;
        }
        if (value.isTextual()
            && ("true".equals(value.textValue()) || "false".equals(value.textValue()))) {
          return BooleanNode.valueOf(Boolean.parseBoolean(value.textValue()));
        }
        break;
      case ARRAY:
        if (value.isArray()) {
          return value;
        }
        break;
      case OBJECT:
        if (value.isObject()) {
          return value;
        }
        break;
    }
    throw new EvaluationException("cannot convert " + JsonTypes.name(value) + " to " + yamlName());
  }

  private static JsonNode number(BigDecimal decimal) {
    BigInteger integral;
    try {
      integral = decimal.toBigIntegerExact();
    } catch (ArithmeticException notIntegral) {
      return DecimalNode.valueOf(decimal);
    }
    if (integral.bitLength() < 32) {
      return IntNode.valueOf(integral.intValue());
    }
    if (integral.bitLength() < 64) {
      return LongNode.valueOf(integral.longValue());
    }
    return BigIntegerNode.valueOf(integral);
  }
}
