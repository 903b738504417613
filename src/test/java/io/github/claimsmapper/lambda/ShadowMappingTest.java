package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shadow mapping: golden cases under {@code src/test/resources/shadow/<case>/} ({@code
 * mapping.yaml}, {@code shadow.yaml}, {@code expected.json}: the differences, names only) answered
 * for the sample version 2 event; and a shadow that fails, is slow or is busy, which is reported
 * and costs at most its budget. The slow and failing shadows are scripted at our own seam (the
 * function that yields the shadow's façade).
 */
class ShadowMappingTest {
  static final Path ROOT = Path.of("src/test/resources/shadow");
  static final ItemSource NO_ITEMS =
      request -> {
        throw new IllegalStateException("these mappings read no item");
      };

  /** Thread start and scheduling on a loaded 2-core machine; the budget is what is asserted. */
  static final long SLACK_MILLIS = 2_000;

  static ClaimsMapper mapper(Path file) throws Exception {
    return new ClaimsMapper(new MappingLoader(Map.of()).load(file).plan(), NO_ITEMS, Log.NONE);
  }

  static JsonNode event() throws Exception {
    return Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json")));
  }

  @TestFactory
  Stream<DynamicTest> goldenCases() throws Exception {
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(ROOT)) {
      cases = dirs.sorted().toList();
    }
    assertTrue(cases.size() >= 4, "shadow cases are missing");
    return cases.stream()
        .map(
            dir ->
                DynamicTest.dynamicTest(
                    dir.getFileName().toString(),
                    () -> {
                      ClaimsMapper real = mapper(dir.resolve("mapping.yaml"));
                      ClaimsMapper shadow = mapper(dir.resolve("shadow.yaml"));
                      JsonNode event = event();
                      ObjectNode response = real.respond(event.deepCopy(), "real");
                      String before = Json.compact(response);
                      ShadowMapping.Report report =
                          new ShadowMapping(t -> Optional.of(shadow), Duration.ofSeconds(10))
                              .compare(event.deepCopy(), response, "ref");
                      List<String> expected = new ArrayList<>();
                      Json.MAPPER
                          .readTree(Files.readString(dir.resolve("expected.json")))
                          .forEach(n -> expected.add(n.asText()));
                      assertEquals(expected, report.differences());
                      assertEquals(
                          expected.isEmpty()
                              ? ShadowMapping.Result.SAME
                              : ShadowMapping.Result.DIFFERS,
                          report.result());
                      assertEquals(
                          before, Json.compact(response), "the real response is untouched");
                    }));
  }

  @Test
  void aSlowShadowCostsAtMostItsBudgetAndTheLaneFullOfThemSkipsTheNext() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ClaimsMapper shadow = mapper(ROOT.resolve("same/shadow.yaml"));
    ShadowMapping mapping =
        new ShadowMapping(
            t -> {
              try {
                release.await(
                    60,
                    TimeUnit.SECONDS); // ignores interruption on purpose: a shadow stuck in a call
              } catch (InterruptedException e) {
                try {
                  release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException again) {
                  Thread.currentThread().interrupt();
                }
              }
              return Optional.of(shadow);
            },
            Duration.ofMillis(100));
    for (int i = 0; i < ShadowMapping.MAX_RUNNING; i++) {
      long started = System.nanoTime();
      ShadowMapping.Report report = mapping.compare(event(), null, "ref");
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(ShadowMapping.Result.TIMEOUT, report.result());
      assertTrue(
          millis >= 95 && millis < 100 + SLACK_MILLIS,
          "waited its budget, no more (" + millis + " ms)");
    }
    // the stalled shadows hold their own lane, and nothing more: the next one is skipped at once
    long started = System.nanoTime();
    assertEquals(ShadowMapping.Result.BUSY, mapping.compare(event(), null, "ref").result());
    assertTrue(
        (System.nanoTime() - started) / 1_000_000 < SLACK_MILLIS,
        "a busy shadow is not waited for");
    release.countDown();
  }

  @Test
  void aFailingShadowIsReportedAndChangesNothing() throws Exception {
    ClaimsMapper real = mapper(ROOT.resolve("same/mapping.yaml"));
    ObjectNode response = real.respond(event(), "real");
    String before = Json.compact(response);
    ShadowMapping mapping =
        new ShadowMapping(
            t -> {
              throw new IllegalStateException("a bug in the shadow");
            },
            Duration.ofMillis(500));
    ShadowMapping.Report report = mapping.compare(event(), response, "ref");
    assertEquals(new ShadowMapping.Report(ShadowMapping.Result.FAILED, List.of()), report);
    assertEquals(before, Json.compact(response));
  }

  @Test
  void noShadowHeldIsUnavailable() throws Exception {
    ShadowMapping mapping = new ShadowMapping(t -> Optional.empty(), Duration.ofMillis(500));
    assertEquals(ShadowMapping.Result.UNAVAILABLE, mapping.compare(event(), null, "ref").result());
  }

  @Test
  void theShadowNeverWaitsBeyondTheInvocationsTimeLeft() throws Exception {
    ShadowMapping mapping =
        new ShadowMapping(
            t -> {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Optional.empty();
            },
            Duration.ofSeconds(30));
    long started = System.nanoTime();
    assertEquals(
        ShadowMapping.Result.TIMEOUT,
        mapping.compare(event(), null, "ref", Duration.ofMillis(100)).result());
    assertTrue(
        (System.nanoTime() - started) / 1_000_000 < 100 + SLACK_MILLIS,
        "the time left, not the 30 s budget");
    assertEquals(
        ShadowMapping.Result.TIMEOUT,
        mapping.compare(event(), null, "ref", Duration.ZERO).result(),
        "no time left: not started");
  }
}
