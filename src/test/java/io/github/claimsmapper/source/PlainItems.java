package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Plain JSON items as the SDK writes them, for seeding tables in tests; the inverse of {@link ItemJson}. */
public final class PlainItems {

  private PlainItems() {}

  /**
   * Converts a plain item attribute by attribute with {@link ItemJson#toAttributeValue}.
   *
   * @throws IllegalArgumentException naming the path of a value that has no DynamoDB form
   */
  public static Map<String, AttributeValue> toAttributeValues(ObjectNode item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.properties().forEach(e -> out.put(e.getKey(), ItemJson.toAttributeValue(e.getKey(), e.getValue())));
    return out;
  }
}
