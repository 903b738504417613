package io.github.claimsmapper.source;

import static io.github.claimsmapper.testing.ItemFixtures.bytes;
import static io.github.claimsmapper.testing.ItemFixtures.item;
import static io.github.claimsmapper.testing.ItemFixtures.json;
import static io.github.claimsmapper.testing.ItemFixtures.n;
import static io.github.claimsmapper.testing.ItemFixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemJsonTest {

  @Nested
  class FromAttributeValues {

    @Test
    void convertsEveryKind() {
      ObjectNode actual =
          ItemJson.fromAttributeValues(
              item(
                  "s", AttributeValue.fromS("text"),
                  "n", n("12.5"),
                  "b", bytes(1, 2, 255),
                  "bool", AttributeValue.fromBool(true),
                  "null", AttributeValue.fromNul(true),
                  "m",
                      AttributeValue.fromM(
                          item(
                              "inner",
                              AttributeValue.fromS("x"),
                              "deep",
                              AttributeValue.fromM(item("k", n("1"))))),
                  "l",
                      AttributeValue.fromL(
                          List.of(
                              AttributeValue.fromS("a"), n("2"), AttributeValue.fromBool(false))),
                  "ss", AttributeValue.fromSs(List.of("b", "a")),
                  "ns", AttributeValue.fromNs(List.of("10", "9")),
                  "bs",
                      AttributeValue.fromBs(
                          List.of(
                              SdkBytes.fromByteArray(new byte[] {2}),
                              SdkBytes.fromByteArray(new byte[] {1})))));

      assertEquals(
          json(
              """
              {"s": "text", "n": 12.5, "b": "AQL/", "bool": true, "null": null,
               "m": {"inner": "x", "deep": {"k": 1}}, "l": ["a", 2, false],
               "ss": ["a", "b"], "ns": [9, 10], "bs": ["AQ==", "Ag=="]}
              """),
          actual);
      assertTrue(actual.get("null").isNull());
    }

    @Test
    void integralNumbersBecomeTheSmallestFittingIntegerNode() {
      ObjectNode actual =
          ItemJson.fromAttributeValues(
              item(
                  "int", n("2147483647"),
                  "negative", n("-42"),
                  "long", n("2147483648"),
                  "big", n("12345678901234567890123456789012345678"),
                  "exponent", n("1E+2")));

      assertEquals(IntNode.valueOf(Integer.MAX_VALUE), actual.get("int"));
      assertEquals(IntNode.valueOf(-42), actual.get("negative"));
      assertEquals(LongNode.valueOf(2147483648L), actual.get("long"));
      assertEquals(
          BigIntegerNode.valueOf(new BigInteger("12345678901234567890123456789012345678")),
          actual.get("big"));
      assertEquals(IntNode.valueOf(100), actual.get("exponent"));
    }

    @Test
    void decimalsKeepEveryDigitAndTheirScale() {
      ObjectNode actual =
          ItemJson.fromAttributeValues(
              item(
                  "tenth", n("0.1"),
                  "digits38", n("1234567890123456789012345678.9012345678"),
                  "tiny", n("-0.00000000000000000000000000000000000001"),
                  "scaled", n("12.50")));

      assertInstanceOf(DecimalNode.class, actual.get("tenth"));
      assertEquals(new BigDecimal("0.1"), actual.get("tenth").decimalValue());
      assertEquals("0.1", actual.get("tenth").decimalValue().toPlainString());
      assertEquals(
          "1234567890123456789012345678.9012345678",
          actual.get("digits38").decimalValue().toPlainString());
      assertEquals(
          "-0.00000000000000000000000000000000000001",
          actual.get("tiny").decimalValue().toPlainString());
      assertEquals("12.50", actual.get("scaled").decimalValue().toPlainString());
    }

    @Test
    void setsComeOutSorted() {
      ObjectNode actual =
          ItemJson.fromAttributeValues(
              item(
                  "ss",
                  AttributeValue.fromSs(List.of("b", "a", "B", "aa", "é")),
                  "ns",
                  AttributeValue.fromNs(List.of("10", "9", "-1.5", "1E+2", "0.25")),
                  "bs",
                  AttributeValue.fromBs(
                      List.of(
                          bytes(0xFF).b(),
                          bytes(0x01, 0x00).b(),
                          bytes(0x80).b(),
                          bytes(0x01).b(),
                          bytes(0x7F, 0xFF).b()))));

      assertEquals(tree("[\"B\", \"a\", \"aa\", \"b\", \"é\"]"), actual.get("ss"));
      assertEquals("[-1.5,0.25,9,10,100]", actual.get("ns").toString());
      // unsigned: 0x01 < 0x01 0x00 < 0x7F 0xFF < 0x80 < 0xFF (signed order would put 0x80, 0xFF
      // first)
      assertEquals(tree("[\"AQ==\", \"AQA=\", \"f/8=\", \"gA==\", \"/w==\"]"), actual.get("bs"));
    }

    /**
     * A zero's exponent says nothing of its magnitude, so DynamoDB's range does not bound it: a
     * server could send {@code 0E-999999}, whose plain form is a million characters.
     */
    @Test
    void aZeroWithAnExponentBeyondDynamoDbsRangeReadsAsZero() {
      ObjectNode actual =
          ItemJson.fromAttributeValues(
              item(
                  "far", AttributeValue.fromN("0E-999999"),
                  "near", AttributeValue.fromN("0.00")));

      assertEquals("0", actual.get("far").toString());
      assertEquals("0.00", actual.get("near").decimalValue().toPlainString());
    }

    @Test
    void emptyListsAndSetsBecomeEmptyArrays() {
      ObjectNode actual =
          ItemJson.fromAttributeValues(
              item(
                  "l", AttributeValue.fromL(List.of()),
                  "ss", AttributeValue.fromSs(List.of()),
                  "ns", AttributeValue.fromNs(List.of()),
                  "bs", AttributeValue.fromBs(List.of()),
                  "m", AttributeValue.fromM(Map.of())));

      assertEquals(json("{\"l\": [], \"ss\": [], \"ns\": [], \"bs\": [], \"m\": {}}"), actual);
    }

    @Test
    void aValueWithoutAKindIsRejectedByPath() {
      Map<String, AttributeValue> item =
          item("outer", AttributeValue.fromM(item("bad", AttributeValue.builder().build())));

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ItemJson.fromAttributeValues(item));
      assertEquals("attribute \"outer.bad\": no value of a known type", e.getMessage());
    }
  }

  @Nested
  class ToN {

    @Test
    void numbersKeepTheirExactDecimalText() {
      assertEquals(n("-5"), ItemJson.toN("int", IntNode.valueOf(-5)));
      assertEquals(
          n("9223372036854775807"), ItemJson.toN("long", LongNode.valueOf(Long.MAX_VALUE)));
      assertEquals(
          n("99999999999999999999999999999999999999"),
          ItemJson.toN(
              "big",
              BigIntegerNode.valueOf(new BigInteger("99999999999999999999999999999999999999"))));
      assertEquals(
          n("1234567890123456789012345678.9012345678"),
          ItemJson.toN(
              "digits38",
              DecimalNode.valueOf(new BigDecimal("1234567890123456789012345678.9012345678"))));
      assertEquals(n("0.1"), ItemJson.toN("double", DoubleNode.valueOf(0.1)));
      assertEquals(n("12.50"), ItemJson.toN("scale", DecimalNode.valueOf(new BigDecimal("12.50"))));
    }

    @Test
    void numbersAreWrittenOutWithoutExponent() {
      assertEquals(
          n("12345678901234567890.5"),
          ItemJson.toN("seq", DecimalNode.valueOf(new BigDecimal("1.23456789012345678905E+19"))));
      assertEquals(n("1000"), ItemJson.toN("seq", DecimalNode.valueOf(new BigDecimal("1E+3"))));
      assertEquals(
          n("0.0000005"), ItemJson.toN("seq", DecimalNode.valueOf(new BigDecimal("5E-7"))));
      assertEquals(
          n("0"), ItemJson.toN("seq", DecimalNode.valueOf(new BigDecimal("0E-999999999"))));
    }

    @Test
    void dynamoDbsRangeIsWrittenOutAndNothingBeyondIt() {
      assertEquals(
          n("9" + "0".repeat(125)),
          ItemJson.toN("seq", DecimalNode.valueOf(new BigDecimal("9E+125"))));
      assertEquals(
          n("0." + "0".repeat(129) + "1"),
          ItemJson.toN("seq", DecimalNode.valueOf(new BigDecimal("1E-130"))));
      for (String outside :
          List.of("1E+126", "-1E+126", "9E-131", "1E+999999999", "1E-999999999")) {
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () -> ItemJson.toN("seq", DecimalNode.valueOf(new BigDecimal(outside))),
                outside);
        assertEquals(
            "attribute \"seq\": N is outside DynamoDB's number range", e.getMessage(), outside);
      }
    }

    @Test
    void notANumberHasNoDynamoDbForm() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ItemJson.toN("seq", DoubleNode.valueOf(Double.NaN)));
      assertEquals("attribute \"seq\": NaN and infinity have no DynamoDB form", e.getMessage());
    }
  }

  /** The tests' seeding helper, which many table tests rely on. */
  @Nested
  class ToAttributeValues {

    @Test
    void convertsEveryPlainKind() {
      Map<String, AttributeValue> actual =
          PlainItems.toAttributeValues(
              json(
                  """
                  {"s": "text", "i": 7, "d": 12.50, "t": true, "f": false, "z": null,
                   "m": {"k": "v", "n": {"deep": 1}}, "l": ["a", 1, [true]], "empty": []}
                  """));

      Map<String, AttributeValue> expected =
          item(
              "s", AttributeValue.fromS("text"),
              "i", n("7"),
              "d", n("12.50"),
              "t", AttributeValue.fromBool(true),
              "f", AttributeValue.fromBool(false),
              "z", AttributeValue.fromNul(true),
              "m",
                  AttributeValue.fromM(
                      item(
                          "k",
                          AttributeValue.fromS("v"),
                          "n",
                          AttributeValue.fromM(item("deep", n("1"))))),
              "l",
                  AttributeValue.fromL(
                      List.of(
                          AttributeValue.fromS("a"),
                          n("1"),
                          AttributeValue.fromL(List.of(AttributeValue.fromBool(true))))),
              "empty", AttributeValue.fromL(List.of()));
      assertEquals(expected, actual);
    }

    @Test
    void binaryBecomesB() {
      ObjectNode plain = JsonNodeFactory.instance.objectNode();
      plain.set("b", BinaryNode.valueOf(new byte[] {1, 2, (byte) 255}));

      assertEquals(bytes(1, 2, 255), PlainItems.toAttributeValues(plain).get("b"));
    }

    @Test
    void notANumberIsRejectedByPath() {
      ObjectNode plain = json("{\"a\": {\"list\": [0]}}");
      ((com.fasterxml.jackson.databind.node.ArrayNode) plain.get("a").get("list"))
          .set(0, DoubleNode.valueOf(Double.NaN));

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PlainItems.toAttributeValues(plain));
      assertEquals(
          "attribute \"a.list[0]\": NaN and infinity have no DynamoDB form", e.getMessage());
    }

    @Test
    void plainItemsSurviveTheRoundTrip() {
      ObjectNode plain =
          json(
              """
              {"s": "x", "n": 42, "big": 12345678901234567890123456789012345678,
               "d": 1234567890123456789012345678.9012345678, "t": 0.1, "b": false, "z": null,
               "m": {"l": [1, "two", {"three": [null]}]}}
              """);

      assertEquals(plain, ItemJson.fromAttributeValues(PlainItems.toAttributeValues(plain)));
    }
  }
}
