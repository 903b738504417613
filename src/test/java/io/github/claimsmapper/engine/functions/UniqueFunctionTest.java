package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import org.junit.jupiter.api.Test;

class UniqueFunctionTest {
  @Test
  void keepsFirstOccurrencesInOrder() {
    assertResult(
        "[\"billing\", \"admin\"]",
        "unique(item.roles)",
        "{\"item\": {\"roles\": [\"billing\", \"admin\", \"billing\", \"admin\"]}}");
  }

  @Test
  void mergesAPrimaryRoleWithTheOthers() {
    String item =
        "{\"item\": {\"primary_role\": \"admin\", \"roles\": [\"admin\", \"billing\", \"admin\"]}}";
    assertResult("[\"admin\", \"billing\"]", "unique([item.primary_role, item.roles][])", item);
    // jmespath-java's flatten keeps a null element, and unique keeps one null like any other value
    assertResult(
        "[null, \"admin\", \"billing\"]",
        "unique([item.primary_role, item.roles][])",
        "{\"item\": {\"roles\": [\"admin\", \"billing\", \"admin\"]}}");
  }

  @Test
  void numbersAreEqualByValue() {
    assertResult("[1, 2]", "unique(n)", "{\"n\": [1, 1.0, 1.00, 1E+0, 2, 2.0]}");
    assertResult("[1]", "unique(`[1, 1.0]`)");
    assertResult("[0]", "unique(`[0, 0.0, -0.0]`)");
    assertResult(
        "[12345678901234567890123456789012345678, 12345678901234567890123456789012345679]",
        "unique(n)",
        "{\"n\": [12345678901234567890123456789012345678,"
            + " 12345678901234567890123456789012345679]}");
  }

  @Test
  void valuesOfDifferentTypesDiffer() {
    assertResult(
        "[1, \"1\", true, \"true\", null, \"null\", [1], \"[1]\"]",
        "unique(@)",
        "[1, \"1\", true, \"true\", null, \"null\", [1], \"[1]\", 1, \"1\", null]");
  }

  @Test
  void objectsAreEqualWhateverTheKeyOrder() {
    assertResult(
        "[{\"id\": \"t-1\", \"role\": \"admin\"}, {\"id\": \"t-1\"}]",
        "unique(@)",
        "[{\"id\": \"t-1\", \"role\": \"admin\"}, {\"role\": \"admin\", \"id\": \"t-1\"}, {\"id\":"
            + " \"t-1\"}]");
  }

  @Test
  void arraysAreEqualElementByElement() {
    assertResult(
        "[[1, 2], [2, 1], [[1]]]", "unique(@)", "[[1, 2], [2, 1], [1.0, 2], [[1]], [[1]]]");
  }

  @Test
  void stringsAreComparedExactly() {
    // quotes and backslashes cannot make two different strings look alike; no Unicode normalization
    assertResult(
        "[\"a\\\",\\\"b\", \"a\\\\\", \"\\\\\", \"é\", \"e\\u0301\", \"\"]",
        "unique(@)",
        "[\"a\\\",\\\"b\", \"a\\\\\", \"\\\\\", \"é\", \"e\\u0301\", \"\", \"é\", \"\"]");
  }

  @Test
  void aStringHoldingQuotesDiffersFromTwoStrings() {
    assertResult(
        "[[\"a\\\",\\\"b\"], [\"a\", \"b\"]]", "unique(@)", "[[\"a\\\",\\\"b\"], [\"a\", \"b\"]]");
  }

  @Test
  void emptyArrayStaysEmpty() {
    assertResult("[]", "unique(`[]`)");
  }

  @Test
  void nullYieldsNull() {
    assertResult("null", "unique(item.roles)", "{\"item\": null}");
  }

  @Test
  void otherTypesAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"unique\": expected array or null but was string",
        "unique('admin')");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"unique\": expected array or null but was object",
        "unique(@)");
  }
}
