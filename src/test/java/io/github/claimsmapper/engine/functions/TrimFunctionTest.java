package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import org.junit.jupiter.api.Test;

class TrimFunctionTest {
  @Test
  void stripsLeadingAndTrailingWhiteSpaceOnly() {
    assertResult(
        "\"Jane Doe\"",
        "trim(item.display_name)",
        "{\"item\": {\"display_name\": \" \\t Jane Doe\\n\"}}");
  }

  @Test
  void emptyAndBlankStringsBecomeEmpty() {
    assertResult("\"\"", "trim('')");
    assertResult("\"\"", "trim(s)", "{\"s\": \" \\t\\r\\n \"}");
  }

  @Test
  void unicodeWhiteSpaceIsStripped() {
    // U+3000 ideographic space and U+2003 em space are white space; U+00A0 no-break space is not
    assertResult("\"Jane\"", "trim(s)", "{\"s\": \"\\u3000\\u2003Jane\\u3000\"}");
    assertResult("\"\\u00a0Jane\\u00a0\"", "trim(s)", "{\"s\": \" \\u00a0Jane\\u00a0 \"}");
    assertResult("\"日本 語\"", "trim(s)", "{\"s\": \"  日本 語  \"}");
  }

  @Test
  void nullYieldsNull() {
    assertResult("null", "trim(item.display_name)", "{\"item\": null}");
  }

  @Test
  void otherTypesAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"trim\": expected string or null but was object",
        "trim(item)",
        "{\"item\": {\"display_name\": \"Jane\"}}");
  }
}
