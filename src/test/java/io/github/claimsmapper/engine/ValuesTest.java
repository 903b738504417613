package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import io.github.claimsmapper.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Templates, type conversion, conditions, scope patterns and group filters. */
class ValuesTest {
  static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void templatesJoinTextAndKeepASingleValuesType() throws Exception {
    JsonNode envelope =
        json(
            "{\"event\": {\"userName\": \"u-1\"}, \"item\": {\"n\": 25, \"ok\": true, \"obj\":"
                + " {}}}");
    assertEquals(
        "\"USER#u-1\"",
        Json.compact(Template.compile("USER#${event.userName}", COMPILER).evaluate(envelope)));
    assertEquals("25", Json.compact(Template.compile("${item.n}", COMPILER).evaluate(envelope)));
    assertEquals(
        "\"25/true\"",
        Json.compact(Template.compile("${item.n}/${item.ok}", COMPILER).evaluate(envelope)));
    assertEquals(
        "null", Json.compact(Template.compile("x${item.missing}", COMPILER).evaluate(envelope)));
    assertEquals(
        "\"n=1\"",
        Json.compact(Template.compile("n=${ {a: `1`}.a }", COMPILER).evaluate(envelope)),
        "braces inside a part do not end it");
    EvaluationException complex =
        assertThrows(
            EvaluationException.class,
            () -> Template.compile("x${item.obj}", COMPILER).evaluate(envelope));
    assertEquals(
        "template part ${item.obj} yielded object, expected a string, number or boolean",
        complex.getMessage());
    ExpressionSyntaxException unclosed =
        assertThrows(
            ExpressionSyntaxException.class, () -> Template.compile("ab${event", COMPILER));
    assertEquals(2, unclosed.offset());
    ExpressionSyntaxException inner =
        assertThrows(
            ExpressionSyntaxException.class, () -> Template.compile("ab${event.[}", COMPILER));
    assertEquals(11, inner.offset());
  }

  @Test
  void typesConvertOnlyWhereLosslessAndUnambiguous() throws Exception {
    assertEquals("42", Json.compact(ValueType.NUMBER.convert(json("\"42\""))));
    assertEquals(
        "12345678901234567890.123456789012345678",
        Json.compact(
            ValueType.NUMBER.convert(json("\"12345678901234567890.123456789012345678\""))));
    assertEquals("\"42\"", Json.compact(ValueType.STRING.convert(json("42"))));
    assertEquals("\"0.10\"", Json.compact(ValueType.STRING.convert(json("0.10"))));
    assertEquals("true", Json.compact(ValueType.BOOLEAN.convert(json("\"true\""))));
    for (String[] bad :
        List.of(
            new String[] {"NUMBER", "\" 42\""},
            new String[] {"NUMBER", "\"0x10\""},
            new String[] {"BOOLEAN", "\"True\""},
            new String[] {"BOOLEAN", "1"},
            new String[] {"STRING", "[1]"},
            new String[] {"ARRAY", "\"[1]\""},
            new String[] {"OBJECT", "[]"})) {
      assertThrows(
          EvaluationException.class,
          () -> ValueType.valueOf(bad[0]).convert(json(bad[1])),
          bad[0] + " " + bad[1]);
    }
    assertEquals(
        "cannot convert string to number",
        assertThrows(EvaluationException.class, () -> ValueType.NUMBER.convert(json("\"many\"")))
            .getMessage());
  }

  @Test
  void conditionsUseJmesPathTruthinessAndTypeErrorsMeanFalse() throws Exception {
    JsonNode envelope =
        json("{\"event\": {\"request\": {\"scopes\": [\"a\"]}, \"s\": \"\", \"o\": {}}}");
    assertTrue(
        COMPILER
            .compileCondition("$.rules[0].when", "contains(event.request.scopes, 'a')")
            .test(envelope));
    assertFalse(
        COMPILER
            .compileCondition("$.rules[0].when", "contains(event.request.missing, 'a')")
            .test(envelope));
    assertFalse(COMPILER.compileCondition("$.rules[0].when", "event.s").test(envelope));
    assertFalse(COMPILER.compileCondition("$.rules[0].when", "event.o").test(envelope));
    assertTrue(COMPILER.compileCondition("$.rules[0].when", "event.request").test(envelope));
  }

  @Test
  void scopePatternsMatchWholeScopesWithStars() {
    assertTrue(ScopePattern.of("orders-api/*").matches("orders-api/read"));
    assertFalse(ScopePattern.of("orders-api/*").matches("xorders-api/read"));
    assertTrue(ScopePattern.of("*").matches("anything"));
    assertTrue(ScopePattern.of("a.b").matches("a.b"));
    assertFalse(ScopePattern.of("a.b").matches("axb"), "dots are literal");
    assertTrue(ScopePattern.of("*/read").matches("orders/read"));
  }

  @Test
  void groupFiltersMatchByPrefixExactNameOrWholeRegex() {
    GroupMatch match =
        new GroupMatch(List.of("tenant-"), Set.of("admins"), Pattern.compile("app-[0-9]+"));
    assertTrue(match.matches("tenant-x"));
    assertTrue(match.matches("admins"));
    assertTrue(match.matches("app-12"));
    assertFalse(match.matches("app-12x"), "the regex matches the whole name");
    assertFalse(match.matches("admins2"));
  }
}
