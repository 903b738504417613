package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import org.junit.jupiter.api.Test;

/**
 * Every numeric path of the engine is exact or refuses: conversions ({@code type: number},
 * templates, version 1 strings), the functions that make numbers, and comparisons. A number a user
 * can type ({@code "1e9999999"}) is refused at once, never expanded.
 */
class ExactNumbersTest {
  static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  static String eval(String expression) throws Exception {
    return Json.compact(
        COMPILER
            .compile(expression)
            .evaluate(
                json(
                    "{\"item\": {\"big\": 9007199254740993,"
                        + " \"d\": 0.1, \"e\": 1E+3, \"list\": [9007199254740993, 1, 0.1]}}")));
  }

  static String fails(String expression) {
    return assertThrows(EvaluationException.class, () -> eval(expression), expression).getMessage();
  }

  @Test
  void toNumberReadsStringsExactly() throws Exception {
    assertEquals("12345678901234567890123", eval("to_number('12345678901234567890123')"));
    assertEquals("100000000000000000000", eval("to_number('1e20')"));
    assertEquals("9007199254740993", eval("to_number('9007199254740993')"));
    assertEquals("-1.50", eval("to_number('-1.50')"));
    assertEquals("0.1", eval("to_number('0.1')"));
    assertEquals("9007199254740993", eval("to_number(item.big)"), "a number stays itself");
    for (String notANumber :
        new String[] {"lots", " 25", "0x19", "NaN", "Infinity", "+1", "1d", ""}) {
      assertEquals("null", eval("to_number('" + notANumber + "')"), notANumber);
    }
    assertEquals("null", eval("to_number(`[1]`)"));
  }

  @Test
  void numbersAUserCanTypeButNoOneCanWriteOutAreRefusedAtOnce() {
    String bounds =
        "the number is too large or too small to handle exactly (at most 1000 digits before and"
            + " after the point)";
    for (String huge :
        new String[] {
          "1e9999999",
          "1e2147483648",
          "1e999999999",
          "1e-9999999",
          "1e1001",
          "1e-1001",
          "1" + "0".repeat(1000),
          "1" + "0".repeat(3000)
        }) {
      assertEquals(
          "expression failed: to_number: " + bounds, fails("to_number('" + huge + "')"), huge);
      EvaluationException e =
          assertThrows(
              EvaluationException.class,
              () -> ValueType.NUMBER.convert(json("\"" + huge + "\"")),
              huge);
      assertEquals("cannot convert string to number: " + bounds, e.getMessage());
    }
  }

  @Test
  void arithmeticIsExact() throws Exception {
    assertEquals("9007199254740994.1", eval("sum(item.list)"));
    assertEquals("0", eval("sum(`[]`)"));
    assertEquals("9007199254740993", eval("abs(`-9007199254740993`)"));
    assertEquals("9007199254740993", eval("ceil(`9007199254740992.5`)"));
    assertEquals("9007199254740992", eval("floor(`9007199254740992.5`)"));
    assertEquals("-2", eval("floor(`-1.5`)"));
    assertEquals("4503599627370497", eval("avg(`[9007199254740993, 1]`)"));
    assertEquals("1.5", eval("avg(`[1, 2]`)"));
    assertEquals("null", eval("avg(`[]`)"));
  }

  /**
   * The JMESPath specification's example gives 1.3333333333333333 (a double); an average without an
   * exact decimal form is rounded to 34 significant digits, never an error.
   */
  @Test
  void anAverageWithoutAnExactDecimalIsRounded() throws Exception {
    assertEquals("1.333333333333333333333333333333333", eval("avg(`[1, 1, 2]`)"));
    assertEquals("0.3333333333333333333333333333333333", eval("avg(`[0, 0, 1]`)"));
    assertEquals("3002399751580331", eval("avg(`[9007199254740993, 0, 0]`)"));
    assertEquals("-0.6666666666666666666666666666666667", eval("avg(`[-1, -1, 0]`)"));
    assertEquals("true", eval("avg(`[1, 1, 2]`) > `1.3333333333333333`"));
  }

  /** {@code contains} finds a number as {@code ==} compares it: by exact value. */
  @Test
  void containsComparesAsEqualsDoes() throws Exception {
    assertEquals("true", eval("contains(`[1.0]`, `1`)"));
    assertEquals("true", eval("contains(`[1]`, `1.00`)"));
    assertEquals("false", eval("contains(`[9007199254740992]`, `9007199254740993`)"));
    assertEquals("true", eval("contains(item.list, `9007199254740993`)"));
    assertEquals("true", eval("contains(`[[1.0, {\"a\": 2.0}]]`, `[1, {\"a\": 2}]`)"));
    assertEquals("false", eval("contains(`[\"1\"]`, `1`)"), "a string is not a number");
    assertEquals("false", eval("contains(`[true]`, `1`)"));
    assertEquals("true", eval("contains(`[null]`, `null`)"));
    assertEquals("true", eval("contains('abc', 'b')"), "on a string: a substring");
    assertEquals("false", eval("contains(`[]`, `1`)"));
  }

  @Test
  void comparisonsAreExact() throws Exception {
    assertEquals("false", eval("`9007199254740993` == `9007199254740992`"));
    assertEquals("true", eval("item.big > `9007199254740992`"));
    assertEquals("true", eval("`1.0` == `1`"));
    assertEquals("9007199254740993", eval("max(`[9007199254740992, 9007199254740993]`)"));
    assertEquals(
        "[9007199254740992,9007199254740993]",
        eval("sort(`[9007199254740993, 9007199254740992]`)"));
  }

  @Test
  void numbersBecomeTextExactlyAndWithoutExponent() throws Exception {
    JsonNode envelope = json("{\"item\": {\"e\": 1E+3, \"d\": 0.10}}");
    assertEquals(
        "\"n=1000/0.10\"",
        Json.compact(Template.compile("n=${item.e}/${item.d}", COMPILER).evaluate(envelope)));
    assertEquals("\"1000\"", Json.compact(ValueType.STRING.convert(json("1E+3"))));
    assertEquals("\"1000\"", Json.compact(ValueText.asClaimString(json("1E+3"))));
    EvaluationException huge =
        assertThrows(
            EvaluationException.class,
            () ->
                Template.compile("n=${item.e}", COMPILER)
                    .evaluate(json("{\"item\": {\"e\": 1E+100000}}")));
    assertEquals(
        "a number is too large or too small to handle exactly (at most 1000 digits before and after"
            + " the point)",
        huge.getMessage());
  }
}
