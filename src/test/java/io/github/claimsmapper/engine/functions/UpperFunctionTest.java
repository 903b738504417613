package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class UpperFunctionTest {
  @Test
  void uppersACustomAttribute() {
    assertResult(
        "\"DE\"",
        "upper(event.request.userAttributes.\"custom:country\")",
        "{\"event\": {\"request\": {\"userAttributes\": {\"custom:country\": \"de\"}}}}");
  }

  @Test
  void emptyStringStaysEmpty() {
    assertResult("\"\"", "upper('')");
  }

  @Test
  void uppersUnicode() {
    assertResult("\"STRASSE ÉCOLE 😀\"", "upper(s)", "{\"s\": \"straße école 😀\"}");
  }

  @Test
  void ignoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr"));
    try {
      assertResult("\"TITLE\"", "upper('title')"); // Turkish rules would give a dotted İ
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void nullYieldsNull() {
    assertResult("null", "upper(missing)");
  }

  @Test
  void otherTypesAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"upper\": expected string or null but was boolean",
        "upper(`true`)");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"upper\": expected string or null but was object",
        "upper(@)");
  }
}
