package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import org.junit.jupiter.api.Test;

class ToBooleanFunctionTest {
  @Test
  void convertsACustomAttribute() {
    String event =
        "{\"event\": {\"request\": {\"userAttributes\": {\"custom:mfa_enrolled\": \"%s\"}}}}";
    assertResult(
        "true",
        "to_boolean(event.request.userAttributes.\"custom:mfa_enrolled\")",
        event.formatted("true"));
    assertResult(
        "false",
        "to_boolean(event.request.userAttributes.\"custom:mfa_enrolled\")",
        event.formatted("false"));
  }

  @Test
  void booleansStay() {
    assertResult("true", "to_boolean(`true`)");
    assertResult("false", "to_boolean(`false`)");
  }

  @Test
  void ambiguousStringsYieldNull() {
    for (String text :
        new String[] {"TRUE", "True", "FALSE", " true", "true ", "yes", "1", "0", "", "null"}) {
      assertResult("null", "to_boolean(s)", "{\"s\": \"" + text + "\"}");
    }
  }

  @Test
  void otherTypesYieldNullNotAnError() {
    assertResult("null", "to_boolean(`1`)");
    assertResult("null", "to_boolean(`0`)");
    assertResult("null", "to_boolean(`[true]`)");
    assertResult("null", "to_boolean(`{\"enabled\": true}`)");
  }

  @Test
  void nullYieldsNullSoAFallbackApplies() {
    assertResult("null", "to_boolean(missing)");
    assertResult("false", "to_boolean(missing) || `false`");
  }

  @Test
  void anExpressionArgumentIsAnError() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"to_boolean\": expected any value but was expression",
        "to_boolean(&enabled)");
  }
}
