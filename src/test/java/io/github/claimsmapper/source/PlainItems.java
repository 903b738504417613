package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plain JSON items as the SDK writes them, for seeding tables in tests; the inverse of {@link
 * ItemJson}. Only tests write whole items, so the conversion lives here; numbers go through {@link
 * ItemJson#toN}, the form the lookup sends number keys in.
 */
public final class PlainItems {

  private PlainItems() {}

  /**
   * Converts a plain item attribute by attribute: text becomes {@code S}, a number {@code N} of its
   * exact decimal text, a boolean {@code BOOL}, null {@code NULL}, an object {@code M}, an array
   * {@code L}, binary {@code B}.
   *
   * @throws IllegalArgumentException naming the path of a value that has no DynamoDB form
   */
  public static Map<String, AttributeValue> toAttributeValues(ObjectNode item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.properties().forEach(e -> out.put(e.getKey(), toAttributeValue(e.getKey(), e.getValue())));
    return out;
  }

  private static AttributeValue toAttributeValue(String path, JsonNode value) {
    switch (value.getNodeType()) {
      case STRING:
        return AttributeValue.fromS(value.textValue());
      case NUMBER:
        return ItemJson.toN(path, value);
      case BOOLEAN:
        return AttributeValue.fromBool(value.booleanValue());
      case NULL:
        return AttributeValue.fromNul(true);
      case BINARY:
        try {
          return AttributeValue.fromB(SdkBytes.fromByteArray(value.binaryValue()));
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "attribute \"" + path + "\": unreadable binary value", e);
        }
      case OBJECT:
        {
          Map<String, AttributeValue> map = new LinkedHashMap<>();
          value
              .properties()
              .forEach(
                  e ->
                      map.put(e.getKey(), toAttributeValue(path + "." + e.getKey(), e.getValue())));
          return AttributeValue.fromM(map);
        }
      case ARRAY:
        {
          List<AttributeValue> list = new ArrayList<>(value.size());
          for (int i = 0; i < value.size(); i++) {
            list.add(toAttributeValue(path + "[" + i + "]", value.get(i)));
          }
          return AttributeValue.fromL(list);
        }
      default:
        throw new IllegalArgumentException(
            "attribute \"" + path + "\": a " + value.getNodeType() + " value has no DynamoDB form");
    }
  }
}
