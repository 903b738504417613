package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import io.burt.jmespath.function.FunctionCallException;
import org.junit.jupiter.api.Test;

class SplitFunctionTest {
  @Test
  void splitsACustomAttribute() {
    assertResult(
        "[\"admin\", \"billing\"]",
        "split(event.request.userAttributes.\"custom:roles\", ',')",
        "{\"event\": {\"request\": {\"userAttributes\": {\"custom:roles\": \"admin,billing\"}}}}");
  }

  @Test
  void theSeparatorIsLiteralTextNotARegularExpression() {
    assertResult("[\"a\", \"b\", \"c\"]", "split('a.b.c', '.')");
    assertResult("[\"a\", \"b\"]", "split('a|b', '|')");
    assertResult("[\"orders\", \"read\"]", "split('orders::read', '::')");
    assertResult("[\"a1b\", \"c\"]", "split(s, sep)", "{\"s\": \"a1b\\\\dc\", \"sep\": \"\\\\d\"}");
  }

  @Test
  void keepsEmptyParts() {
    assertResult("[\"\", \"a\", \"\", \"b\", \"\"]", "split(',a,,b,', ',')");
    assertResult("[\"\"]", "split('', ',')");
    assertResult("[\"admin\"]", "split('admin', ',')");
    assertResult("[\"\", \"\"]", "split(',', ',')");
  }

  @Test
  void splitsUnicode() {
    assertResult("[\"α\", \"β\", \"γ\"]", "split(s, '→')", "{\"s\": \"α→β→γ\"}");
    assertResult("[\"a\", \"b\"]", "split(s, '😀')", "{\"s\": \"a😀b\"}");
  }

  @Test
  void nullYieldsNull() {
    assertResult(
        "null", "split(event.request.userAttributes.\"custom:roles\", ',')", "{\"event\": {}}");
  }

  @Test
  void anEmptySeparatorIsAnError() {
    assertCallFails(
        FunctionCallException.class, "split: the separator must not be empty", "split('a,b', '')");
    assertCallFails(
        FunctionCallException.class,
        "split: the separator must not be empty",
        "split(missing, '')");
  }

  @Test
  void otherTypesAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"split\": expected string or null but was number",
        "split(`1`, ',')");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"split\": expected string but was null",
        "split('a,b', sep)");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"split\": expected string but was array",
        "split('a,b', `[\",\"]`)");
  }
}
