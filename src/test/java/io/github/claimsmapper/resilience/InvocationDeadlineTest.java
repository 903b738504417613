package io.github.claimsmapper.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.resilience.LambdaRun.CapturedHandler;
import io.github.claimsmapper.resilience.LambdaRun.Result;
import io.github.claimsmapper.testing.AppConfigExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One deadline per invocation: the time the refresh check, the lookups and the shadow take all
 * comes off the Lambda's remaining time, so the answer is written before it runs out, whatever each
 * setting allows a step on its own. Every step stalls here: a silent AppConfig extension, DynamoDB
 * stalling mid-answer for the mapping and the shadow alike, and settings that would each take the
 * whole remaining time.
 */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
// (docs/development.md)
class InvocationDeadlineTest {
  @TempDir static Path dir;
  static InvocationDeadline world;

  @BeforeAll
  static void start() throws IOException {
    world = new InvocationDeadline(dir);
  }

  @AfterAll
  static void stop() throws IOException {
    world.close();
  }

  /** Measured before one deadline: 1,023 ms for 1,000 ms left, ~2,020 ms for 1,300 ms left. */
  @ParameterizedTest(name = "{0} ms left, check timeout {1} ms, shadow budget {2} ms")
  @CsvSource({"1000, 5000, 50", "1300, 5000, 1000", "1300, 200, 1000", "600, 1000, 1000"})
  void everyStepStallsAndTheAnswerStillBeatsTheRemainingTime(
      int remaining, int checkTimeout, int shadowBudget) throws IOException {
    CapturedHandler handler =
        CapturedHandler.of(world.env("4500ms", checkTimeout, true, true, shadowBudget));
    world.extension.behave(AppConfigExtension.Behaviour.SILENT);
    String reference = "deadline-" + remaining + "-" + checkTimeout + "-" + shadowBudget;
    Result result = handler.invoke(world.event, reference, remaining);
    assertTrue(
        result.took().toMillis() < remaining,
        "answered in " + result.took().toMillis() + " ms with " + remaining + " ms left");
    assertTrue(result.allowed(), "onError: continue answers without the item");
    JsonNode summary = handler.invocation(reference);
    assertEquals("failed", summary.path("mappingRefresh").asText());
    assertEquals(1, summary.path("LookupErrors").asInt());
    // The shadow is bounded either way: it is given up (timeout, busy), or its own stalled lookup
    // reaches its onError: continue inside the shadow's budget and it answers without the item
    // (differs). Which comes first is a race of two equal deadlines on a loaded machine.
    assertTrue(summary.path("shadow").asText().matches("timeout|busy|differs"), summary.toString());
    System.out.printf(
        "deadline: %d ms left (check timeout %d ms, shadow budget %d ms, source timeout 4500 ms,"
            + " every step stalled): answered in %d ms%n",
        remaining, checkTimeout, shadowBudget, result.took().toMillis());
  }
}
