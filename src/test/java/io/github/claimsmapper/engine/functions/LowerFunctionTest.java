package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LowerFunctionTest {
  @Test
  void lowersAnEmail() {
    assertResult(
        "\"jane.doe@example.com\"",
        "lower(event.request.userAttributes.email)",
        "{\"event\": {\"request\": {\"userAttributes\": {\"email\": \"Jane.Doe@Example.COM\"}}}}");
  }

  @Test
  void emptyStringStaysEmpty() {
    assertResult("\"\"", "lower('')");
  }

  @Test
  void lowersUnicode() {
    assertResult(
        "\"école ünïcode σοφία→σοφία 😀\"",
        "lower(s)",
        "{\"s\": \"ÉCOLE ÜNÏCODE ΣΟΦΊΑ→σοφία 😀\"}");
  }

  @Test
  void ignoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr"));
    try {
      assertResult("\"title\"", "lower('TITLE')"); // Turkish rules would give a dotless ı
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void nullYieldsNull() {
    assertResult("null", "lower(event.request.userAttributes.email)", "{\"event\": {}}");
    assertResult("null", "lower(`null`)");
  }

  @Test
  void otherTypesAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"lower\": expected string or null but was number",
        "lower(n)",
        "{\"n\": 42}");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"lower\": expected string or null but was array",
        "lower(`[\"A\"]`)");
  }
}
