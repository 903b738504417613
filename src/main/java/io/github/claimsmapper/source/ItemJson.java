package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts DynamoDB items to the plain JSON that mappings read (the table of types is in
 * docs/mapping-language.md), and a number back to {@code N} for number keys ({@link #toN}). Numbers
 * keep every digit DynamoDB stores, since a claim is exact or absent; sets, unordered in DynamoDB,
 * become arrays in a fixed order, so the same item always yields the same token. Error messages
 * name the attribute's path ({@code tenant.plan}, {@code roles[2]}), never a value: values are
 * users' data.
 */
public final class ItemJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ItemJson() {}

  /**
   * Converts an item as the SDK returns it to plain JSON.
   *
   * @throws IllegalArgumentException when an attribute holds no value of a known kind or a number
   *     that is not a decimal
   */
  public static ObjectNode fromAttributeValues(Map<String, AttributeValue> item) {
    ObjectNode out = NODES.objectNode();
    item.forEach((name, value) -> out.set(name, fromAttributeValue(name, value)));
    return out;
  }

  // --- AttributeValue -> JSON ---------------------------------------------------------------

  private static JsonNode fromAttributeValue(String path, AttributeValue value) {
    if (value == null || value.type() == null) {
      throw problem(path, "no value of a known type");
    }
    switch (value.type()) {
      case S:
        return NODES.textNode(value.s());
      case N:
        return number(path, value.n());
      case B:
        return NODES.textNode(base64(value.b().asByteArrayUnsafe()));
      case BOOL:
        return NODES.booleanNode(value.bool());
      case NUL:
        return NODES.nullNode();
      case M:
        {
          ObjectNode out = NODES.objectNode();
          value.m().forEach((k, v) -> out.set(k, fromAttributeValue(path + "." + k, v)));
          return out;
        }
      case L:
        {
          ArrayNode out = NODES.arrayNode();
          List<AttributeValue> list = value.l();
          for (int i = 0; i < list.size(); i++) {
            out.add(fromAttributeValue(path + "[" + i + "]", list.get(i)));
          }
          return out;
        }
      case SS:
        return stringSet(value.ss());
      case NS:
        return numberSet(path, value.ns());
      case BS:
        {
          List<byte[]> bytes = new ArrayList<>();
          value.bs().forEach(b -> bytes.add(b.asByteArrayUnsafe()));
          return binarySet(bytes);
        }
      default:
        // UNKNOWN_TO_SDK_VERSION: nothing set, or a kind newer than this SDK
        throw problem(path, "no value of a known type");
    }
  }

  /** An exact number node: integral values as int, long or BigInteger, others as BigDecimal. */
  private static JsonNode number(String path, String text) {
    BigDecimal decimal = parseDecimal(path, text);
    if (decimal.scale() > 0) {
      return DecimalNode.valueOf(decimal);
    }
    BigInteger integer = decimal.toBigIntegerExact();
    if (integer.compareTo(INT_MIN) >= 0 && integer.compareTo(INT_MAX) <= 0) {
      return IntNode.valueOf(integer.intValue());
    }
    if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
      return LongNode.valueOf(integer.longValue());
    }
    return BigIntegerNode.valueOf(integer);
  }

  /**
   * The longest number text read, as for numbers in events: DynamoDB writes none longer than about
   * 170 characters (38 digits, 1E-130 to below 1E+126, written out), and the bound keeps a long
   * digit string from costing quadratic time to parse.
   */
  static final int MAX_NUMBER_TEXT = 400;

  private static BigDecimal parseDecimal(String path, String text) {
    if (text.length() > MAX_NUMBER_TEXT) {
      throw problem(path, "N is longer than any DynamoDB number");
    }
    if (hugeExponent(text)) {
      // decided here, not by BigDecimal: JDKs differ on exponents beyond an int (17 refuses, 25
      // reads them)
      throw problem(path, "N is outside DynamoDB's number range");
    }
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw problem(path, "N must be a decimal number");
    }
    return inRange(path, decimal);
  }

  /**
   * DynamoDB stores magnitudes from 1E-130 to below 1E+126; the bound also keeps a hostile exponent
   * from turning into a huge BigInteger or plain text.
   */
  private static BigDecimal inRange(String path, BigDecimal decimal) {
    if (decimal.signum() == 0) {
      // a zero has no magnitude to bound, but its scale would still be written out: 0E-999999
      return Math.abs(decimal.scale()) > 130 ? BigDecimal.ZERO : decimal;
    }
    int exponent = decimal.precision() - decimal.scale() - 1;
    if (exponent > 125 || exponent < -130) {
      throw problem(path, "N is outside DynamoDB's number range");
    }
    return decimal;
  }

  /** An exponent of more than 6 digits (leading zeros aside): far outside DynamoDB's ±130. */
  private static boolean hugeExponent(String text) {
    int e = Math.max(text.indexOf('e'), text.indexOf('E'));
    if (e < 0) {
      return false;
    }
    int digits = 0;
    for (int i = e + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= '1' && c <= '9') || (c == '0' && digits > 0)) {
        digits++;
      }
    }
    return digits > 6;
  }

  private static ArrayNode stringSet(List<String> strings) {
    ArrayNode out = NODES.arrayNode();
    strings.stream().sorted().forEach(out::add);
    return out;
  }

  private static ArrayNode numberSet(String path, List<String> numbers) {
    record Entry(BigDecimal value, String text) {}
    List<Entry> entries = new ArrayList<>(numbers.size());
    for (int i = 0; i < numbers.size(); i++) {
      String element = path + "[" + i + "]";
      entries.add(new Entry(parseDecimal(element, numbers.get(i)), numbers.get(i)));
    }
    entries.sort(Comparator.comparing(Entry::value).thenComparing(Entry::text));
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < entries.size(); i++) {
      out.add(number(path + "[" + i + "]", entries.get(i).text()));
    }
    return out;
  }

  private static ArrayNode binarySet(List<byte[]> values) {
    ArrayNode out = NODES.arrayNode();
    values.stream().sorted(Arrays::compareUnsigned).forEach(b -> out.add(base64(b)));
    return out;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  // --- a number -> N -------------------------------------------------------------------------

  /**
   * A number as DynamoDB's {@code N}, the form the lookup sends number keys in: its exact decimal
   * text, written out without exponent ({@code 1E+3} as {@code 1000}, {@code
   * 12345678901234567890.5} with every digit). Only a number inside DynamoDB's range is written
   * out, so that a number a user can type in nine characters ({@code 1e9999999}) never becomes
   * millions of digits.
   *
   * @param path names the value in error messages
   * @param number a number node
   * @throws IllegalArgumentException naming the path, never the value, when the number has no
   *     DynamoDB form: NaN, infinity, or a magnitude outside DynamoDB's range
   */
  static AttributeValue toN(String path, JsonNode number) {
    BigDecimal decimal = inRange(path, exact(path, number));
    return AttributeValue.fromN(decimal.signum() == 0 ? "0" : decimal.toPlainString());
  }

  private static BigDecimal exact(String path, JsonNode number) {
    if (number.isIntegralNumber()) {
      return new BigDecimal(number.bigIntegerValue());
    }
    if (number.isBigDecimal()) {
      return number.decimalValue();
    }
    double d = number.doubleValue();
    if (!Double.isFinite(d)) {
      throw problem(path, "NaN and infinity have no DynamoDB form");
    }
    // Float.toString / Double.toString give the shortest text that reads back as the same value.
    return number.isFloat()
        ? new BigDecimal(Float.toString(number.floatValue()))
        : BigDecimal.valueOf(d);
  }

  private static IllegalArgumentException problem(String path, String message) {
    return new IllegalArgumentException("attribute \"" + path + "\": " + message);
  }
}
