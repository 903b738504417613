package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.testing.AppConfigExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When checks happen, on a clock the test moves (a seam we own), against the local extension
 * endpoint: the refresh interval, the back-off after a failure, and the settings' bounds.
 */
class LiveMappingTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);

  LiveMapping live(AppConfigExtension extension, Duration interval) {
    MappingLoader loader = new MappingLoader(Map.of());
    return live(
        extension,
        interval,
        Duration.ofSeconds(2),
        (name, text) -> loader.load(name, text).plan(),
        Log.NONE);
  }

  /** A live mapping started on version 1 (mapping A), checking every {@code interval}. */
  LiveMapping startedOnVersion1(AppConfigExtension extension, Duration interval) throws Exception {
    extension.deploy("claims", "prod", "mapping", "1", AppConfigMappingTest.A);
    LiveMapping live = live(extension, interval);
    live.start(Duration.ofSeconds(5), true);
    return live;
  }

  LiveMapping live(
      AppConfigExtension extension,
      Duration interval,
      Duration checkTimeout,
      LiveMapping.Compiler compiler,
      Log log) {
    AppConfigProfile profile = new AppConfigProfile("claims", "prod", "mapping");
    return new LiveMapping(
        new AppConfigClient(extension.port(), profile, MappingLoader.MAX_FILE_BYTES),
        interval,
        checkTimeout,
        compiler,
        plan ->
            new ClaimsMapper(
                plan,
                request -> {
                  throw new IllegalStateException("no source");
                },
                Log.NONE),
        log,
        now::get);
  }

  void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void checksAtMostOncePerInterval() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      LiveMapping live = startedOnVersion1(extension, Duration.ofSeconds(30));
      extension.deploy("claims", "prod", "mapping", "2", AppConfigMappingTest.B);
      advance(Duration.ofSeconds(29));
      assertEquals(LiveMapping.Refresh.NOT_DUE, live.current(null).refresh());
      assertEquals(1, extension.requests());
      advance(Duration.ofSeconds(1));
      LiveMapping.Served served = live.current(null);
      assertEquals(LiveMapping.Refresh.SWAPPED, served.refresh());
      assertEquals("2", served.active().version());
      assertEquals(LiveMapping.Refresh.NOT_DUE, live.current(null).refresh());
      assertEquals(2, extension.requests());
    }
  }

  @Test
  void afterAFailureTheNextCheckWaitsTheBackOff() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      LiveMapping live = startedOnVersion1(extension, Duration.ZERO);
      extension.behave(AppConfigExtension.Behaviour.ERROR_500);
      assertEquals(LiveMapping.Refresh.FAILED, live.current(null).refresh());
      advance(LiveMapping.FAILURE_BACKOFF.minusMillis(1));
      assertEquals(LiveMapping.Refresh.NOT_DUE, live.current(null).refresh());
      extension.behave(AppConfigExtension.Behaviour.SERVE);
      advance(Duration.ofMillis(1));
      assertEquals(LiveMapping.Refresh.UNCHANGED, live.current(null).refresh());
      assertEquals(
          LiveMapping.Refresh.UNCHANGED,
          live.current(null).refresh(),
          "an interval of 0 checks every time");
    }
  }

  @Test
  void settingsOutOfRangeStopTheFunctionNamingTheVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LiveSettings.from(Map.of(LiveSettings.REFRESH, "-1")));
    assertEquals(
        "CLAIMS_CONFIG_REFRESH_SECONDS must be a whole number from 0 to 86400: the function will"
            + " not start",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LiveSettings.from(Map.of(LiveSettings.SHADOW_BUDGET, "soon")));
    assertEquals(
        "CLAIMS_SHADOW_BUDGET_MILLIS must be a whole number from 1 to 1000: the function will not"
            + " start",
        e.getMessage());
    LiveSettings defaults = LiveSettings.from(Map.of());
    assertEquals(
        new LiveSettings(
            2772,
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            java.util.Optional.empty(),
            Duration.ofMillis(50)),
        defaults);
  }

  @Test
  void aCompilerThatThrowsRefusesTheVersionAndKeepsServing() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      extension.deploy("claims", "prod", "mapping", "1", AppConfigMappingTest.A);
      AppConfigProfile profile = new AppConfigProfile("claims", "prod", "mapping");
      MappingLoader loader = new MappingLoader(Map.of());
      java.util.List<String> errors = new java.util.ArrayList<>();
      LiveMapping live =
          new LiveMapping(
              new AppConfigClient(extension.port(), profile, MappingLoader.MAX_FILE_BYTES),
              Duration.ZERO,
              Duration.ofSeconds(2),
              (name, text) -> {
                if (text.contains("platinum")) {
                  throw new IllegalStateException("a bug in the compiler");
                }
                return loader.load(name, text).plan();
              },
              plan ->
                  new ClaimsMapper(
                      plan,
                      request -> {
                        throw new IllegalStateException("no source");
                      },
                      Log.NONE),
              (level, message) -> {
                if (level == Log.Level.ERROR) {
                  errors.add(message);
                }
              },
              now::get);
      live.start(Duration.ofSeconds(5), true);
      extension.deploy("claims", "prod", "mapping", "2", AppConfigMappingTest.B);
      LiveMapping.Served served = live.current(null);
      assertEquals(LiveMapping.Refresh.REJECTED, served.refresh());
      assertEquals("1", served.active().version());
      assertEquals(
          java.util.List.of(
              "mapping appconfig:claims/prod/mapping version 2 could not be compiled"
                  + " (IllegalStateException): version 1 keeps serving sign-ins"),
          errors);
    }
  }

  @Test
  void aVersionHeaderThatIsNotAShortTokenIsAFailedCheck() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      LiveMapping live = startedOnVersion1(extension, Duration.ZERO);
      extension.deploy("claims", "prod", "mapping", "x".repeat(65), AppConfigMappingTest.B);
      assertEquals(LiveMapping.Refresh.FAILED, live.current(null).refresh());
      assertEquals("1", live.active().version());
    }
  }

  /** Whatever the compiler throws, a StackOverflowError included, refuses the version. */
  @Test
  void aVersionThatOverflowsTheStackIsRefusedAndTheHeldOneServes() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      extension.deploy("claims", "prod", "mapping", "1", AppConfigMappingTest.A);
      MappingLoader loader = new MappingLoader(Map.of());
      List<String> errors = new ArrayList<>();
      LiveMapping live =
          live(
              extension,
              Duration.ZERO,
              Duration.ofSeconds(2),
              (name, text) -> {
                if (text.contains("platinum")) {
                  throw new StackOverflowError();
                }
                return loader.load(name, text).plan();
              },
              (level, message) -> errors.add(level + " " + message));
      live.start(Duration.ofSeconds(5), true);
      extension.deploy("claims", "prod", "mapping", "2", AppConfigMappingTest.B);
      LiveMapping.Served served = live.current(null);
      assertEquals(LiveMapping.Refresh.REJECTED, served.refresh());
      assertEquals("1", served.active().version());
      assertEquals(LiveMapping.Refresh.REJECTED, live.current(null).refresh());
      assertEquals(2, live.compilations(), "compiled once");
      assertEquals(
          List.of(
              "ERROR mapping appconfig:claims/prod/mapping version 2 could not be compiled"
                  + " (StackOverflowError): version 1 keeps serving sign-ins"),
          errors.stream().filter(e -> e.startsWith("ERROR")).toList());
    }
  }

  /** Two bad versions deployed in turn: each is compiled and logged once, not on every check. */
  @Test
  void everyRefusedVersionIsRemembered() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      extension.deploy("claims", "prod", "mapping", "1", AppConfigMappingTest.A);
      List<String> errors = new ArrayList<>();
      MappingLoader loader = new MappingLoader(Map.of());
      LiveMapping live =
          live(
              extension,
              Duration.ZERO,
              Duration.ofSeconds(2),
              (name, text) -> loader.load(name, text).plan(),
              (level, message) -> {
                if (level == Log.Level.ERROR && message.contains("is refused")) {
                  errors.add(message);
                }
              });
      live.start(Duration.ofSeconds(5), true);
      for (int round = 0; round < 3; round++) {
        for (String version : List.of("2", "3")) {
          extension.deploy("claims", "prod", "mapping", version, AppConfigMappingTest.BROKEN);
          assertEquals(LiveMapping.Refresh.REJECTED, live.current(null).refresh());
        }
      }
      assertEquals(3, live.compilations(), "versions 1, 2 and 3 once each");
      assertEquals(2, errors.size(), errors.toString());
    }
  }

  /**
   * A version that takes long to compile costs the sign-in that found it at most its check: the
   * held version serves meanwhile, and the next sign-in after the compilation reports the swap.
   */
  @Test
  void aSlowCompilationNeverHoldsASignInBeyondItsCheck() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      extension.deploy("claims", "prod", "mapping", "1", AppConfigMappingTest.A);
      MappingLoader loader = new MappingLoader(Map.of());
      CountDownLatch release = new CountDownLatch(1);
      LiveMapping live =
          live(
              extension,
              Duration.ofSeconds(30),
              Duration.ofMillis(200),
              (name, text) -> {
                if (text.contains("platinum")) {
                  try {
                    release.await(10, TimeUnit.SECONDS); // a 1 MB mapping takes seconds
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                return loader.load(name, text).plan();
              },
              Log.NONE);
      live.start(Duration.ofSeconds(5), true);
      extension.deploy("claims", "prod", "mapping", "2", AppConfigMappingTest.B);
      advance(Duration.ofSeconds(30));
      long started = System.nanoTime();
      LiveMapping.Served served = live.current(Duration.ofSeconds(4));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(LiveMapping.Refresh.COMPILING, served.refresh());
      assertEquals("1", served.active().version());
      assertTrue(millis < 200 + AppConfigMappingTest.SLACK_MILLIS, "waited " + millis + " ms");
      assertEquals(LiveMapping.Refresh.NOT_DUE, live.current(null).refresh());
      release.countDown();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      LiveMapping.Served next = live.current(null);
      while (next.refresh() == LiveMapping.Refresh.NOT_DUE && System.nanoTime() < until) {
        Thread.sleep(5);
        next = live.current(null);
      }
      assertEquals(LiveMapping.Refresh.SWAPPED, next.refresh(), "reported once, before it is due");
      assertEquals("2", next.active().version());
      assertEquals(LiveMapping.Refresh.NOT_DUE, live.current(null).refresh());
      assertEquals(2, live.compilations());
    }
  }

  /** The check draws on the invocation's deadline: with none left, no check is made. */
  @Test
  void noCheckWhenTheInvocationHasNoTimeLeft() throws Exception {
    try (AppConfigExtension extension = AppConfigExtension.start()) {
      LiveMapping live = startedOnVersion1(extension, Duration.ZERO);
      int requests = extension.requests();
      assertEquals(LiveMapping.Refresh.NOT_DUE, live.current(Duration.ZERO).refresh());
      assertEquals(requests, extension.requests());
    }
  }
}
