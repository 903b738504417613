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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cost of evaluation is bounded: expressions spend a budget of steps, created values and
 * created text, and fail (for onError to handle) when it runs out; values bound for a token have a
 * size bound; group regular expressions run in linear time.
 */
class EvaluationBoundsTest {
  static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  static String doubling(String start, int times) {
    return start + " | [@, @][]".repeat(times);
  }

  static final String ITEM =
      "{\"item\": {\"list\": [1, 2, 3, 4], \"s\": \"" + "x".repeat(7000) + "\"}}";

  /**
   * 28 doublings of a four-element array need a billion elements: the budget stops it near 200 000.
   */
  @Test
  void anExpressionThatMultipliesDataSpendsItsBudgetAndFails() throws Exception {
    Expression bomb = COMPILER.compile(doubling("item.list", 28));
    EvaluationException e =
        assertThrows(EvaluationException.class, () -> bomb.evaluate(json(ITEM)));
    assertEquals(
        "the expression exceeded its evaluation budget (more than 200000 values created)",
        e.getMessage());
    assertTrue(e.isExhausted());
    assertEquals(
        4 << 10,
        COMPILER.compile(doubling("item.list", 10)).evaluate(json(ITEM)).size(),
        "within the budget the same expression works");
  }

  @Test
  void textThatMultipliesIsRefusedBeforeItIsBuilt() throws Exception {
    String repeated = "[" + "item.s, ".repeat(99) + "item.s]"; // 100 references to 7000 characters
    String thousandfold = "[" + (repeated + ", ").repeat(9) + repeated + "][]";
    for (String expression :
        List.of(
            "join('', " + thousandfold + ")",
            "to_string(" + thousandfold + ")",
            "replace(item.s, 'x', join('', " + repeated + "))")) {
      EvaluationException e =
          assertThrows(
              EvaluationException.class,
              () -> COMPILER.compile(expression).evaluate(json(ITEM)),
              expression);
      assertTrue(e.getMessage().contains("6291456 characters"), e.getMessage());
    }
  }

  @Test
  void aClaimValueIsBoundedInSizeEvenWhenCheapToBuild() throws Exception {
    String thousandfold =
        "["
            + ("[" + "item.s, ".repeat(99) + "item.s], ").repeat(9)
            + "["
            + "item.s, ".repeat(99)
            + "item.s]][]";
    ClaimRule rule =
        new ClaimRule(
            "big",
            "$.idToken.claims.big",
            COMPILER.compile(thousandfold),
            null,
            ValueType.ANY,
            null,
            false,
            false);
    EvaluationException e =
        assertThrows(EvaluationException.class, () -> rule.evaluate(json(ITEM)));
    assertEquals(
        "the value of claim 'big' is larger than 6291456 characters as JSON", e.getMessage());
  }

  /**
   * A condition that spends its budget is a failure, not "does not apply": a skipped rule may
   * widen.
   */
  @Test
  void aConditionThatSpendsItsBudgetThrowsRatherThanNotApplying() throws Exception {
    Condition condition =
        COMPILER.compileCondition(
            "$.rules[0].when", "length(" + doubling("item.list", 28) + ") > `0`");
    assertThrows(EvaluationException.class, () -> condition.test(json(ITEM)));
    assertFalse(
        COMPILER
            .compileCondition("$.rules[0].when", "contains(item.missing, 'a')")
            .test(json(ITEM)),
        "type errors still mean false");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // java.util.regex takes minutes; RE2/J microseconds
  void groupRegularExpressionsRunInLinearTime() {
    GroupMatch match = new GroupMatch(List.of(), Set.of(), Pattern.compile("(.*a){25}b"));
    assertFalse(match.matches("a".repeat(40)));
    assertTrue(match.matches("a".repeat(25) + "b"));
  }
}
