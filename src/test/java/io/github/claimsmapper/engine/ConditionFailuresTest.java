package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule's {@code when} fails (and the sign-in is denied) on every evaluation failure but a type
 * mismatch: over-limit text from {@code join}, {@code concat}, {@code replace} and {@code
 * to_string}, a number beyond the 1,000-digit bound, a malformed JSON text. Each used to read as
 * "does not apply", even under {@code !( ... )}, so a rule that restricts was skipped.
 */
class ConditionFailuresTest {
  private static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  /** 100 references to 70,000 characters, ten times over: 70 million characters as one text. */
  private static final String MANY =
      "["
          + ("[" + "item.s, ".repeat(99) + "item.s], ").repeat(9)
          + "["
          + "item.s, ".repeat(99)
          + "item.s]][]";

  private static JsonNode envelope() throws Exception {
    return Json.MAPPER.readTree(
        "{\"item\": {\"s\": \""
            + "x".repeat(70_000)
            + "\", \"n\": 42, \"huge\": \"1e2000\", \"identities\": \"not json\","
            + " \"big\": 1E+1500}, \"event\": {}}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "join('', MANY) == 'x'",
        "length(concat(item.s, join('', MANY))) > `0`",
        "replace(item.s, 'x', item.s) == 'x'",
        "to_string(MANY) == 'x'",
        "to_number(item.huge) > `1`",
        "item.big > `1`",
        "from_json(item.identities) == `1`",
      })
  void aFailureIsThrownPlainNegatedAndInsideOr(String condition) throws Exception {
    JsonNode envelope = envelope();
    for (String form :
        new String[] {
          condition.replace("MANY", MANY),
          "!(" + condition.replace("MANY", MANY) + ")",
          "event.missing || !(" + condition.replace("MANY", MANY) + ")",
        }) {
      Condition compiled = COMPILER.compileCondition("$.rules[0].when", form);
      assertThrows(
          EvaluationException.class,
          () -> compiled.test(envelope),
          () -> form.substring(0, Math.min(80, form.length())));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "contains(event.request.scopes, 'x')",
        "lower(item.n) == 'x'",
        "starts_with(item.n, 'x')",
        "length(item.n) > `1`",
        "join(',', item.n) == 'x'",
      })
  void aTypeMismatchIsFalse(String condition) throws Exception {
    assertFalse(
        COMPILER.compileCondition("$.rules[0].when", condition).test(envelope()), condition);
  }

  @ParameterizedTest
  @ValueSource(strings = {"avg(`[1, 1, 2]`) > `1.33`", "contains(`[1.0]`, `1`)"})
  void whatUsedToFailOrMissNowHolds(String condition) throws Exception {
    assertTrue(COMPILER.compileCondition("$.rules[0].when", condition).test(envelope()), condition);
  }
}
