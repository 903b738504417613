package io.github.claimsmapper.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items for the tests of the item conversion: exact JSON documents and SDK attribute values. */
public final class ItemFixtures {

  /** Reads floats as BigDecimal, trailing zeros kept, so expected documents keep every digit. */
  private static final ObjectMapper EXACT =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private ItemFixtures() {}

  /** A JSON document read exactly: floats as BigDecimal with every digit. */
  public static JsonNode tree(String text) {
    try {
      return EXACT.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A JSON object read exactly. */
  public static ObjectNode json(String text) {
    return (ObjectNode) tree(text);
  }

  public static AttributeValue n(String text) {
    return AttributeValue.fromN(text);
  }

  /** A {@code B} value of the given bytes, written as unsigned ints for readability. */
  public static AttributeValue bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return AttributeValue.fromB(SdkBytes.fromByteArray(b));
  }

  /** An item from alternating names and values, in that order. */
  public static Map<String, AttributeValue> item(Object... nameValue) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      item.put((String) nameValue[i], (AttributeValue) nameValue[i + 1]);
    }
    return item;
  }
}
