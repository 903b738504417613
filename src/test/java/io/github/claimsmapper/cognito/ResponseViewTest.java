package io.github.claimsmapper.cognito;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparator of response values keeps {@link java.util.Comparator}'s contract. */
class ResponseViewTest {
  private static final String[] VALUES = {
    "25",
    "25.0",
    "25.00",
    "-1",
    "1e2",
    "100",
    "\"25\"",
    "\"a\"",
    "\"b\"",
    "true",
    "false",
    "null",
    "[1]",
    "[1.0]",
    "[2]",
    "{\"a\": 1}",
    "{\"a\": 1.0}",
    "{\"a\": 2}",
    "{}",
    "[]"
  };

  private static List<JsonNode> values() throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String value : VALUES) {
      nodes.add(Json.MAPPER.readTree(value));
    }
    return nodes;
  }

  @Test
  void theOrderIsAntisymmetricTransitiveAndZeroExactlyForEqualValues() throws Exception {
    List<JsonNode> nodes = values();
    for (JsonNode a : nodes) {
      for (JsonNode b : nodes) {
        int ab = Integer.signum(ResponseView.NUMERIC_EQUALITY.compare(a, b));
        int ba = Integer.signum(ResponseView.NUMERIC_EQUALITY.compare(b, a));
        assertEquals(-ab, ba, a + " vs " + b);
        for (JsonNode c : nodes) {
          int bc = Integer.signum(ResponseView.NUMERIC_EQUALITY.compare(b, c));
          int ac = Integer.signum(ResponseView.NUMERIC_EQUALITY.compare(a, c));
          if (ab == bc) {
            assertEquals(ab, ac, a + " " + b + " " + c);
          }
        }
      }
    }
  }

  @Test
  void equalValuesAreNumbersByValueAndEverythingElseByEquality() throws Exception {
    assertTrue(ResponseView.equal(Json.MAPPER.readTree("25"), Json.MAPPER.readTree("25.0")));
    assertTrue(
        ResponseView.equal(
            Json.MAPPER.readTree("{\"a\": [1, 2.50]}"),
            Json.MAPPER.readTree("{\"a\": [1.0, 2.5]}")));
    assertFalse(ResponseView.equal(Json.MAPPER.readTree("25"), Json.MAPPER.readTree("\"25\"")));
    assertFalse(ResponseView.equal(Json.MAPPER.readTree("[1]"), Json.MAPPER.readTree("[2]")));
  }
}
