package io.github.claimsmapper.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.resilience.LambdaRun.CapturedHandler;
import io.github.claimsmapper.resilience.LambdaRun.Result;
import io.github.claimsmapper.testing.AppConfigExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The whole-invocation deadline as a property: for any remaining time from 50 ms to 5 s, any
 * setting the function allows (check timeout, shadow budget, source timeout) and any mix of stalls
 * (a silent AppConfig extension, DynamoDB stalling mid-answer, a shadow), the real handler answers
 * (a response or the neutral denial) before the remaining time is spent, with one summary line.
 */
@Tag("slow") // jqwik's own tag: the fast loop (-DexcludedGroups=slow) leaves it out
class InvocationDeadlinePropertiesTest {
  /** Modest: each try builds a handler and may wait out several stalls. */
  static final int TRIES = 24;

  static Path dir;
  static InvocationDeadline world;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("invocation-deadline");
    world = new InvocationDeadline(dir);
    // the first invocations of a JVM load the classes of the answer path: warm them
    CapturedHandler warm = CapturedHandler.of(world.env("1000ms", 200, false, true, 50));
    for (int i = 0; i < 20; i++) {
      warm.invoke(world.event, "warm-" + i, 5000);
    }
  }

  @AfterContainer
  static void stop() throws IOException {
    world.close();
  }

  @Property(tries = TRIES)
  boolean theAnswerIsWrittenBeforeTheRemainingTimeIsSpent(
      @ForAll @IntRange(min = 50, max = 5000) int remaining,
      @ForAll @IntRange(min = 1, max = 5000) int checkTimeout,
      @ForAll @IntRange(min = 1, max = 1000) int shadowBudget,
      @ForAll @LongRange(min = 1, max = 4500) long sourceTimeoutMillis,
      @ForAll boolean extensionSilent,
      @ForAll boolean dynamoDbStalls,
      @ForAll boolean shadow)
      throws IOException {
    CapturedHandler handler =
        CapturedHandler.of(
            world.env(
                sourceTimeoutMillis + "ms", checkTimeout, dynamoDbStalls, shadow, shadowBudget));
    if (extensionSilent) {
      world.extension.behave(AppConfigExtension.Behaviour.SILENT);
    }
    String reference = "property-" + System.nanoTime();
    Result result = handler.invoke(world.event, reference, remaining);
    JsonNode summary = handler.invocation(reference); // exactly one, or it throws
    if (result.took().toMillis() >= remaining) {
      throw new AssertionError(
          "answered in "
              + result.took().toMillis()
              + " ms with "
              + remaining
              + " ms left: "
              + summary);
    }
    return true;
  }
}
