package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keys and projections as DynamoDB's item calls take them: key values as {@code S} or {@code N},
 * every projected name through an alias, and a key's identity as DynamoDB compares keys.
 */
final class DynamoDbKeys {
  private DynamoDbKeys() {}

  /** The request's key as attribute values. */
  static Map<String, AttributeValue> toKey(ItemRequest request) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : request.key().entrySet()) {
      key.put(entry.getKey(), keyValue(entry.getKey(), entry.getValue()));
    }
    return key;
  }

  /**
   * Text as {@code S}, a number as {@code N} of its exact decimal text.
   *
   * @throws IllegalArgumentException when the value is neither text nor a number
   */
  static AttributeValue keyValue(String name, JsonNode value) {
    if (value != null && value.isTextual()) {
      return AttributeValue.fromS(value.textValue());
    }
    if (value != null && value.isNumber()) {
      return number(name, value);
    }
    throw new IllegalArgumentException(
        "key attribute \""
            + name
            + "\" must be text or a number, was "
            + (value == null
                ? "missing"
                : value.getNodeType().toString().toLowerCase(Locale.ROOT)));
  }

  /** A number as {@code N}; one DynamoDB would refuse is refused here, with the reason. */
  static AttributeValue number(String name, JsonNode value) {
    try {
      return ItemJson.toN(name, value);
    } catch (IllegalArgumentException e) {
      // as DynamoDB would have refused it, but decided before the call and with the reason
      throw SourceException.of(SourceException.Kind.KEY_REFUSED, "", e.getMessage(), null);
    }
  }

  /** A projection with every name aliased: {@code #a0, #a1, ...} in the names' sorted order. */
  record Projection(String expression, Map<String, String> names) {
    static Projection of(Set<String> names) {
      List<String> aliases = new ArrayList<>(names.size());
      Map<String, String> aliased = new HashMap<>();
      for (String name : new TreeSet<>(names)) { // sorted: the same request text every time
        String alias = "#a" + aliases.size();
        aliases.add(alias);
        aliased.put(alias, name);
      }
      return new Projection(String.join(", ", aliases), aliased);
    }
  }

  /**
   * A key as DynamoDB compares it: {@code S} by text, {@code N} by numeric value (kept as a {@link
   * BigDecimal} without trailing zeros, so values equal by {@code compareTo} are equal).
   */
  record KeyId(String table, Map<String, Object> values) {

    static KeyId of(String table, Map<String, AttributeValue> key) {
      return of(table, key, key.keySet());
    }

    /** The key read from {@code item}'s attributes {@code names}, or null when one is missing. */
    static KeyId of(String table, Map<String, AttributeValue> item, Set<String> names) {
      Map<String, Object> values = new HashMap<>();
      for (String name : names) {
        AttributeValue value = item.get(name);
        if (value == null) {
          return null;
        }
        if (value.s() != null) {
          values.put(name, value.s());
        } else if (value.n() != null) {
          values.put(name, number(value.n()));
        } else {
          return null;
        }
      }
      return new KeyId(table, values);
    }

    private static Object number(String text) {
      try {
        return new BigDecimal(text).stripTrailingZeros();
      } catch (NumberFormatException | ArithmeticException e) {
        return List.of(text); // not a number DynamoDB takes; never equal to a number or text
      }
    }
  }
}
