package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A template's parts, the one lexer of its {@code ${...}} code, and what a claim evaluates to. */
class TemplatePartsTest {
  static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  @Test
  void aTemplateIsLiteralsAndCodeWithTheirOffsets() throws Exception {
    Template template = Template.compile("USER#${event.userName}/${ {a: 'x}'}.a }", COMPILER);
    List<Template.Part> parts = template.parts();
    assertEquals(4, parts.size());
    assertEquals(new Template.Literal("USER#"), parts.get(0));
    Template.Code first = assertInstanceOf(Template.Code.class, parts.get(1));
    assertEquals("event.userName", first.expression().text());
    assertEquals(7, first.offset());
    assertEquals(new Template.Literal("/"), parts.get(2));
    assertEquals(List.of(7, 25), template.offsets());
  }

  @Test
  void theLexerClosesAPartOnlyOutsideStringsAndBraces() {
    assertEquals(3, TemplateLexer.closeOfPart("${a}", 2));
    assertEquals(10, TemplateLexer.closeOfPart("${ {b: c} }", 2));
    assertEquals(7, TemplateLexer.closeOfPart("${'a}b'}", 2));
    assertEquals(8, TemplateLexer.closeOfPart("${'a\\'}'}", 2)); // an escaped quote stays inside
    assertEquals(5, TemplateLexer.closeOfPart("${`}`}", 2));
    assertEquals(-1, TemplateLexer.closeOfPart("${'a}", 2));
    assertEquals(-1, TemplateLexer.closeOfPart("${ {a}", 2));
  }

  @Test
  void theLexerTellsTheStringACharacterStandsIn() {
    TemplateLexer lexer = new TemplateLexer();
    assertFalse(lexer.closesPart('\''));
    assertEquals('\'', lexer.quote());
    assertFalse(lexer.closesPart('\\'));
    assertTrue(lexer.escaping());
    assertFalse(lexer.closesPart('\''));
    assertEquals('\'', lexer.quote());
    assertFalse(lexer.closesPart('\''));
    assertEquals(0, lexer.quote());
    assertTrue(lexer.closesPart('}'));
  }

  @Test
  void aClaimSaysWhenItsDefaultStandsIn() throws Exception {
    TextNode fallback = TextNode.valueOf("none");
    ClaimRule rule =
        new ClaimRule(
            "tier",
            "$.idToken.claims.tier",
            COMPILER.compile("item.tier"),
            null,
            ValueType.STRING,
            fallback,
            false,
            false);
    JsonNode missing = Json.MAPPER.readTree("{\"item\": {}}");
    assertEquals(new Evaluated(fallback, true), rule.evaluate(missing).orElseThrow());
    // the data's own value, even when it equals the default, is not the default
    JsonNode same = Json.MAPPER.readTree("{\"item\": {\"tier\": \"none\"}}");
    assertEquals(new Evaluated(fallback, false), rule.evaluate(same).orElseThrow());
  }
}
