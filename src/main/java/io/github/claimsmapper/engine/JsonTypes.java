package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON type names as JMESPath and mapping authors use them. */
public final class JsonTypes {
  private JsonTypes() {}

  /** The JSON type name of a value: string, number, boolean, array, object or null. */
  public static String name(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isObject()) {
      return "object";
    }
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
