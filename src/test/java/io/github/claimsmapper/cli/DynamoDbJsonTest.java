package io.github.claimsmapper.cli;

import static io.github.claimsmapper.testing.ItemFixtures.bytes;
import static io.github.claimsmapper.testing.ItemFixtures.item;
import static io.github.claimsmapper.testing.ItemFixtures.json;
import static io.github.claimsmapper.testing.ItemFixtures.n;
import static io.github.claimsmapper.testing.ItemFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.source.ItemJson;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item files in DynamoDB JSON: the shape checks here, the conversion itself in {@code
 * ItemJsonTest}.
 */
class DynamoDbJsonTest {

  @Nested
  class ToItem {

    static final String ATTRIBUTES =
        """
        {"pk": {"S": "user-1"},
         "n": {"N": "12.50"},
         "big": {"N": "12345678901234567890123456789012345678"},
         "tenth": {"N": "0.1"},
         "b": {"B": "AQL/"},
         "bool": {"BOOL": true},
         "nothing": {"NULL": true},
         "tenant": {"M": {"plan": {"S": "gold"}, "limits": {"M": {"seats": {"N": "5"}}}}},
         "l": {"L": [{"S": "a"}, {"N": "2"}, {"L": []}]},
         "ss": {"SS": ["b", "a"]},
         "ns": {"NS": ["10", "9", "-0.5"]},
         "bs": {"BS": ["/w==", "AQ=="]}}
        """;

    static final String EXPECTED =
        """
        {"pk": "user-1", "n": 12.50, "big": 12345678901234567890123456789012345678, "tenth": 0.1,
         "b": "AQL/", "bool": true, "nothing": null,
         "tenant": {"plan": "gold", "limits": {"seats": 5}},
         "l": ["a", 2, []], "ss": ["a", "b"], "ns": [-0.5, 9, 10], "bs": ["AQ==", "/w=="]}
        """;

    @Test
    void readsTheBareAttributeMap() {
      ObjectNode actual = DynamoDbJson.toItem(json(ATTRIBUTES));

      assertEquals(json(EXPECTED), actual);
      assertEquals("12.50", actual.get("n").decimalValue().toPlainString());
      assertInstanceOf(IntNode.class, actual.get("tenant").get("limits").get("seats"));
      assertInstanceOf(BigIntegerNode.class, actual.get("big"));
    }

    @Test
    void readsGetItemOutput() {
      ObjectNode actual = DynamoDbJson.toItem(json("{\"Item\": " + ATTRIBUTES + "}"));

      assertEquals(json(EXPECTED), actual);
    }

    @Test
    void agreesWithTheSdkConversion() {
      ObjectNode viaSdk =
          ItemJson.fromAttributeValues(
              item(
                  "n", n("12.50"),
                  "ns", AttributeValue.fromNs(List.of("10", "9", "-0.5")),
                  "bs", AttributeValue.fromBs(List.of(bytes(0xFF).b(), bytes(0x01).b()))));
      ObjectNode viaJson =
          DynamoDbJson.toItem(
              json(
                  "{\"n\": {\"N\": \"12.50\"}, \"ns\": {\"NS\": [\"10\", \"9\", \"-0.5\"]}, \"bs\":"
                      + " {\"BS\": [\"/w==\", \"AQ==\"]}}"));

      assertEquals(viaSdk, viaJson);
    }

    @Test
    void anAttributeNamedItemIsNotMistakenForTheWrapper() {
      assertEquals(
          json("{\"Item\": \"x\"}"), DynamoDbJson.toItem(json("{\"Item\": {\"S\": \"x\"}}")));
      assertEquals(
          json("{\"Item\": {\"a\": \"x\"}}"),
          DynamoDbJson.toItem(json("{\"Item\": {\"M\": {\"a\": {\"S\": \"x\"}}}}")));
      // both readings have the same shape here; the get-item reading wins because it is valid
      assertEquals(
          json("{\"S\": \"x\"}"), DynamoDbJson.toItem(json("{\"Item\": {\"S\": {\"S\": \"x\"}}}")));
    }

    @Test
    void anEmptyDocumentIsAnEmptyItem() {
      assertEquals(json("{}"), DynamoDbJson.toItem(json("{}")));
      assertEquals(json("{}"), DynamoDbJson.toItem(json("{\"Item\": {}}")));
    }

    @Test
    void namesTheAttributePathOfAnUnknownDescriptor() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  DynamoDbJson.toItem(
                      json(
                          "{\"Item\": {\"tenant\": {\"M\": {\"plan\": {\"X\":"
                              + " \"secret-value\"}}}}}")));

      assertEquals("attribute \"tenant.plan\": unknown type descriptor \"X\"", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"a\": {\"N\": \"secret-value\"}}|attribute \"a\": N must be a decimal number",
          "{\"a\": {\"N\": 12}}|attribute \"a\": N must be given as a string",
          "{\"a\": {\"N\": \"1E+999999999\"}}|attribute \"a\": N is outside DynamoDB's number"
              + " range",
          "{\"a\": {\"S\": \"x\", \"N\": \"1\"}}|attribute \"a\": expected an object with exactly"
              + " one type descriptor (S, N, B, BOOL, NULL, M, L, SS, NS, BS)",
          "{\"a\": \"secret-value\"}|attribute \"a\": expected an object with exactly one type"
              + " descriptor (S, N, B, BOOL, NULL, M, L, SS, NS, BS)",
          "{\"a\": {\"L\": [{\"S\": \"x\"}, {\"B\": \"secret-value!\"}]}}|attribute \"a[1]\": B"
              + " must be base64 text",
          "{\"a\": {\"BOOL\": \"true\"}}|attribute \"a\": BOOL must be true or false",
          "{\"a\": {\"NULL\": false}}|attribute \"a\": NULL must be true",
          "{\"a\": {\"M\": []}}|attribute \"a\": M must be an object",
          "{\"a\": {\"L\": {}}}|attribute \"a\": L must be an array",
          "{\"a\": {\"SS\": [\"x\", 1]}}|attribute \"a[1]\": SS must be given as a string",
          "{\"a\": {\"NS\": [\"1\", \"secret-value\"]}}|attribute \"a[1]\": N must be a decimal"
              + " number",
        })
    void rejectsBadInputByPathWithoutItsValue(String caseText) {
      String[] parts = caseText.split("\\|");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DynamoDbJson.toItem(json(parts[0])));

      assertEquals(parts[1], e.getMessage());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void numbersMeetTheBoundsOfTheTablesItems() {
      String digits = "1".repeat(401);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  DynamoDbJson.toItem(
                      json("{\"m\": {\"M\": {\"n\": {\"N\": \"" + digits + "\"}}}}")));

      assertEquals("attribute \"m.n\": N is longer than any DynamoDB number", e.getMessage());
    }

    @Test
    void reportsAShapeProblemBeforeANumberProblem() {
      // the shape is checked while building attribute values, the numbers when they are converted
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> DynamoDbJson.toItem(json("{\"a\": {\"N\": \"x\"}, \"b\": {\"BOOL\": 1}}")));

      assertEquals("attribute \"b\": BOOL must be true or false", e.getMessage());
    }

    @Test
    void rejectsANonObject() {
      JsonNode array = tree("[]");

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DynamoDbJson.toItem(array));
      assertEquals("DynamoDB JSON must be an object of attributes", e.getMessage());
    }
  }

  @Nested
  class Matches {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"pk\": {\"S\": \"x\"}}",
          "{\"pk\": {\"S\": \"x\"}, \"n\": {\"N\": \"1\"}, \"m\": {\"M\": {}}, \"z\": {\"NULL\":"
              + " true}}",
          "{\"Item\": {\"pk\": {\"S\": \"x\"}, \"tags\": {\"SS\": [\"a\"]}}}",
          "{\"Item\": {}}",
          "{\"Item\": {\"S\": \"x\"}}",
        })
    void recognisesDynamoDbJson(String text) {
      assertTrue(DynamoDbJson.matches(json(text)), text);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{}",
          "{\"pk\": \"x\"}",
          "{\"pk\": {\"S\": \"x\"}, \"plain\": 1}",
          "{\"name\": {\"first\": \"Ada\"}}",
          "{\"pk\": {\"S\": \"x\", \"N\": \"1\"}}",
          "{\"pk\": {}}",
          "{\"Item\": {\"name\": \"x\"}}",
          "{\"Item\": {\"pk\": {\"S\": \"x\"}}, \"Count\": 1}",
          "{\"tenant\": {\"plan\": {\"S\": \"x\"}}}",
        })
    void takesPlainItemsForPlainJson(String text) {
      assertFalse(DynamoDbJson.matches(json(text)), text);
    }

    @Test
    void takesNonObjectsForPlainJson() {
      assertFalse(DynamoDbJson.matches(tree("[{\"S\": \"x\"}]")));
      assertFalse(DynamoDbJson.matches(tree("\"S\"")));
      assertFalse(DynamoDbJson.matches(null));
    }
  }
}
