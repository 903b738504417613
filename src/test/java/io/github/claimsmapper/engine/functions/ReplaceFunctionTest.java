package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import io.burt.jmespath.function.FunctionCallException;
import org.junit.jupiter.api.Test;

class ReplaceFunctionTest {
  @Test
  void replacesEveryOccurrence() {
    assertResult(
        "\"acme:eu:sales\"",
        "replace(item.org_path, '/', ':')",
        "{\"item\": {\"org_path\": \"acme/eu/sales\"}}");
  }

  @Test
  void replacesLeftToRightWithoutOverlap() {
    assertResult("\"ba\"", "replace('aaa', 'aa', 'b')");
    assertResult("\"bb\"", "replace('aaaa', 'aa', 'b')");
  }

  @Test
  void searchAndReplacementAreLiteralText() {
    assertResult("\"a$1b\"", "replace('a.b', '.', '$1')");
    assertResult("\"a\\\\b\"", "replace('a.b', '.', backslash)", "{\"backslash\": \"\\\\\"}");
    assertResult("\"ab\"", "replace('a.*b', '.*', '')");
  }

  @Test
  void edges() {
    assertResult("\"\"", "replace('', 'a', 'b')");
    assertResult("\"admin\"", "replace('admin', 'x', 'y')");
    assertResult("\"ü-ö\"", "replace(s, '😀', '-')", "{\"s\": \"ü😀ö\"}");
  }

  @Test
  void nullYieldsNull() {
    assertResult("null", "replace(item.org_path, '/', ':')", "{\"item\": null}");
  }

  @Test
  void anEmptySearchIsAnError() {
    assertCallFails(
        FunctionCallException.class,
        "replace: the search string must not be empty",
        "replace('ab', '', '-')");
  }

  @Test
  void otherTypesAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"replace\": expected string or null but was number",
        "replace(`12`, '1', '2')");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"replace\": expected string but was null",
        "replace('a', missing, 'b')");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"replace\": expected string but was number",
        "replace('a', 'a', `1`)");
  }
}
