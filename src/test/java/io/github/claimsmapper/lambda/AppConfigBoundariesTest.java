package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a version that breaks the compiler itself does at each boundary that loads a mapping after
 * the function's own: a new version of the real mapping is refused (counted, logged, remembered)
 * and never thrown out of {@code handleRequest}; a shadow's first version does not stop the
 * function. Deep nesting stands for any such version: it overflowed the stack of the expression
 * parser (a bound on nesting makes it a located problem instead; both are refused the same way).
 */
class AppConfigBoundariesTest {
  /** The extension, the handler and its log, as the AppConfig tests set them up. */
  final AppConfigMappingTest fixture = new AppConfigMappingTest();

  @BeforeEach
  void start() throws IOException {
    fixture.start();
  }

  @AfterEach
  void stop() {
    fixture.stop();
  }

  /** A claim nested far deeper than any mapping needs. */
  static final String DEEP =
      "version: 1\nidToken:\n  claims:\n    tier: \""
          + "(".repeat(20_000)
          + "event.userName"
          + ")".repeat(20_000)
          + "\"\n";

  static final String DEEP_NOT =
      "version: 1\nidToken:\n  claims:\n    tier: \"" + "!".repeat(20_000) + "event.userName\"\n";

  @Test
  void aVersionThatBreaksTheCompilerIsRefusedCountedAndNeverThrown() throws IOException {
    fixture.extension.deploy("claims", "prod", "mapping", "1", AppConfigMappingTest.A);
    Handler handler = fixture.handler(fixture.env("0"));
    for (String deep : List.of(DEEP, DEEP_NOT)) {
      String version = deep.equals(DEEP) ? "2" : "3";
      fixture.extension.deploy("claims", "prod", "mapping", version, deep);
      assertEquals(
          "gold",
          AppConfigMappingTest.tier(fixture.invoke(handler, 5000)),
          "the held version answers");
      JsonNode summary = fixture.lastSummary();
      assertEquals("rejected", summary.path("mappingRefresh").asText(), summary.toString());
      assertEquals(1, summary.path("MappingVersionsRejected").asInt());
      assertEquals("1", summary.path("mappingVersion").asText());
      int compiled = handler.live().compilations();
      assertEquals("gold", AppConfigMappingTest.tier(fixture.invoke(handler, 5000)));
      assertEquals("rejected", fixture.lastSummary().path("mappingRefresh").asText());
      assertEquals(compiled, handler.live().compilations(), "a refused version is compiled once");
    }
    assertTrue(
        fixture.messages("ERROR").stream()
            .anyMatch(m -> m.contains("version 2") && m.contains("version 1 keeps serving")),
        fixture.messages("ERROR").toString());
  }

  @Test
  void aShadowWhoseFirstVersionBreaksTheCompilerDoesNotStopTheFunction() throws IOException {
    fixture.extension.deploy("claims", "prod", "mapping", "1", AppConfigMappingTest.A);
    fixture.extension.deploy("claims", "prod", "shadow", "1", DEEP);
    Map<String, String> env = fixture.env("0");
    env.put(LiveSettings.SHADOW, "appconfig:claims/prod/shadow");
    env.put(LiveSettings.SHADOW_BUDGET, "1000");
    Handler handler = fixture.handler(env);
    assertEquals("gold", AppConfigMappingTest.tier(fixture.invoke(handler, 5000)));
    assertEquals("unavailable", fixture.lastSummary().path("shadow").asText());
    assertTrue(
        fixture.messages("ERROR").stream().anyMatch(m -> m.startsWith("shadow: ")),
        fixture.messages("ERROR").toString());
  }
}
