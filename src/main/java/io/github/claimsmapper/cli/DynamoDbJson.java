package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.source.ItemJson;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an item file written as DynamoDB JSON, the form the AWS CLI prints: either the output of
 * {@code aws dynamodb get-item} ({@code {"Item": {...}}}) or the bare attribute map of {@code
 * put-item} ({@code {"name": {"S": "x"}, "n": {"N": "12.50"}}}), binaries as base64 text.
 *
 * <p>This only checks the shape and builds the SDK's {@link AttributeValue}s; {@link ItemJson} then
 * converts them exactly as it converts what the table returns, so a file and a lookup give the same
 * plain item (numbers, set order, base64). Shape problems are therefore reported before number
 * problems. Public for the tests of other packages that read the sample items.
 */
public final class DynamoDbJson {

  private static final Set<String> DESCRIPTORS =
      Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
  private static final String ITEM = "Item";

  private DynamoDbJson() {}

  /**
   * Tells DynamoDB JSON from a plain item: true for an object whose only member is an {@code Item}
   * object of type-descriptor objects, or a non-empty object whose every member is an object with
   * exactly one key among {@code S N B BOOL NULL M L SS NS BS}. Only the top level is inspected;
   * {@link #toItem} checks the rest.
   */
  public static boolean matches(JsonNode json) {
    if (json == null || !json.isObject()) {
      return false;
    }
    return isItemWrapper(json) || (json.size() > 0 && isDescriptorMap(json));
  }

  /**
   * Converts DynamoDB JSON to the plain item mappings read (see {@link ItemJson}).
   *
   * <p>When a document fits both readings (a lone attribute named {@code Item} whose members are
   * themselves shaped like type descriptors), the {@code get-item} reading wins if it is valid.
   *
   * @throws IllegalArgumentException naming the attribute's path, never its value, when the input
   *     is not valid DynamoDB JSON
   */
  public static ObjectNode toItem(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("DynamoDB JSON must be an object of attributes");
    }
    if (isItemWrapper(json)) {
      try {
        return ItemJson.fromAttributeValues(attributes(json.get(ITEM)));
      } catch (IllegalArgumentException wrapperProblem) {
        try {
          return ItemJson.fromAttributeValues(attributes(json));
        } catch (IllegalArgumentException ignored) {
          throw wrapperProblem;
        }
      }
    }
    return ItemJson.fromAttributeValues(attributes(json));
  }

  private static boolean isItemWrapper(JsonNode json) {
    if (json.size() != 1) {
      return false;
    }
    JsonNode item = json.get(ITEM);
    return item != null && item.isObject() && isDescriptorMap(item);
  }

  private static boolean isDescriptorMap(JsonNode json) {
    Iterator<JsonNode> members = json.elements();
    while (members.hasNext()) {
      if (!isDescribed(members.next())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDescribed(JsonNode value) {
    return value.isObject() && value.size() == 1 && DESCRIPTORS.contains(value.fieldNames().next());
  }

  private static Map<String, AttributeValue> attributes(JsonNode map) {
    return members("", map);
  }

  /** The members of an attribute map; {@code prefix} is the path of the map, empty at the top. */
  private static Map<String, AttributeValue> members(String prefix, JsonNode map) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    map.properties().forEach(e -> out.put(e.getKey(), value(prefix + e.getKey(), e.getValue())));
    return out;
  }

  private static AttributeValue value(String path, JsonNode value) {
    if (!value.isObject() || value.size() != 1) {
      throw problem(
          path,
          "expected an object with exactly one type descriptor (S, N, B, BOOL, NULL, M, L, SS, NS,"
              + " BS)");
    }
    String type = value.fieldNames().next();
    JsonNode content = value.get(type);
    switch (type) {
      case "S":
        return AttributeValue.fromS(text(path, type, content));
      case "N":
        // ItemJson reads the number, with the same bounds and messages as for the table's items
        return AttributeValue.fromN(text(path, type, content));
      case "B":
        return AttributeValue.fromB(binary(path, text(path, type, content)));
      case "BOOL":
        if (!content.isBoolean()) {
          throw problem(path, "BOOL must be true or false");
        }
        return AttributeValue.fromBool(content.booleanValue());
      case "NULL":
        if (!content.isBoolean() || !content.booleanValue()) {
          throw problem(path, "NULL must be true");
        }
        return AttributeValue.fromNul(true);
      case "M":
        if (!content.isObject()) {
          throw problem(path, "M must be an object");
        }
        return AttributeValue.fromM(members(path + ".", content));
      case "L":
        return AttributeValue.fromL(elements(path, type, content, DynamoDbJson::value));
      case "SS":
        return AttributeValue.fromSs(elements(path, type, content, (at, e) -> text(at, type, e)));
      case "NS":
        return AttributeValue.fromNs(elements(path, type, content, (at, e) -> text(at, type, e)));
      case "BS":
        return AttributeValue.fromBs(
            elements(path, type, content, (at, e) -> binary(at, text(at, type, e))));
      default:
        throw problem(path, "unknown type descriptor \"" + type + "\"");
    }
  }

  /** The elements of an array, each read with its own path ({@code roles[2]}). */
  private static <T> List<T> elements(
      String path, String type, JsonNode content, BiFunction<String, JsonNode, T> read) {
    if (!content.isArray()) {
      throw problem(path, type + " must be an array");
    }
    List<T> out = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      out.add(read.apply(path + "[" + i + "]", content.get(i)));
    }
    return out;
  }

  private static String text(String path, String type, JsonNode content) {
    if (!content.isTextual()) {
      throw problem(path, type + " must be given as a string");
    }
    return content.textValue();
  }

  private static SdkBytes binary(String path, String text) {
    try {
      return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw problem(path, "B must be base64 text");
    }
  }

  private static IllegalArgumentException problem(String path, String message) {
    return new IllegalArgumentException("attribute \"" + path + "\": " + message);
  }
}
