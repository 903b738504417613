package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.AppConfigExtension;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real handler reading its mapping through a local server that implements the AppConfig Lambda
 * extension's endpoint: versions switch, a broken version is refused while the last good one
 * serves, the endpoint being down, failing, slow or silent never denies a sign-in, the refresh
 * interval and the time budget hold, and each version is compiled once.
 */
class AppConfigMappingTest {
  static final String A = mapping("gold");
  static final String B = mapping("platinum");

  /** Two problems: both must be reported, located. */
  static final String BROKEN =
      """
      version: 1
      idToken:
        claims:
          tier: "event.userName =="
          sub: { const: x }
      """;

  /**
   * How long a check on a silent or slow endpoint may take beyond its timeout on a loaded 2-core
   * machine (thread scheduling, a GC pause). Generous: the assertion is that the wait is bounded by
   * the timeout, not by the endpoint (which stays silent for 60 s).
   */
  static final long SLACK_MILLIS = 2_000;

  AppConfigExtension extension;
  ByteArrayOutputStream out;
  byte[] event;

  static String mapping(String tier) {
    return "version: 1\nidToken:\n  claims:\n    tier: { const: " + tier + " }\n";
  }

  @BeforeEach
  void start() throws IOException {
    extension = AppConfigExtension.start();
    out = new ByteArrayOutputStream();
    event = Files.readAllBytes(Path.of("events/v2-authentication.json"));
  }

  @AfterEach
  void stop() {
    extension.close();
  }

  Map<String, String> env(String refreshSeconds) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put(Settings.CONFIG, "appconfig:claims/prod/mapping");
    env.put(LiveSettings.PORT, String.valueOf(extension.port()));
    env.put(LiveSettings.REFRESH, refreshSeconds);
    return env;
  }

  Handler handler(Map<String, String> env) {
    return new Handler(
        Wiring.from(Settings.from(env), null, new PrintStream(out, true, StandardCharsets.UTF_8)));
  }

  JsonNode invoke(Handler handler, int remainingMillis) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event), response, new TestContext("req-1", remainingMillis));
    return Json.MAPPER.readTree(response.toByteArray());
  }

  static String tier(JsonNode response) {
    return response
        .at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride/tier")
        .asText();
  }

  List<JsonNode> lines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  JsonNode lastSummary() throws IOException {
    List<JsonNode> summaries = lines().stream().filter(l -> l.has("outcome")).toList();
    return summaries.get(summaries.size() - 1);
  }

  List<String> messages(String level) throws IOException {
    return lines().stream()
        .filter(l -> l.path("level").asText().equals(level) && !l.has("outcome"))
        .map(l -> l.path("message").asText())
        .toList();
  }

  @Test
  void switchesFromAToBAtTheNextCheck() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Handler handler = handler(env("0"));
    assertEquals("gold", tier(invoke(handler, 5000)));
    assertEquals("unchanged", lastSummary().path("mappingRefresh").asText());

    extension.deploy("claims", "prod", "mapping", "2", B);
    assertEquals("platinum", tier(invoke(handler, 5000)));
    JsonNode summary = lastSummary();
    assertEquals("2", summary.path("mappingVersion").asText());
    assertEquals("swapped", summary.path("mappingRefresh").asText());
    assertEquals(0, summary.path("MappingRefreshFailures").asInt());
    assertEquals(0, summary.path("MappingVersionsRejected").asInt());
    assertTrue(
        messages("INFO")
            .contains(
                "mapping appconfig:claims/prod/mapping version 2 serves sign-ins (was version 1)"));
  }

  @Test
  void refusesABrokenVersionWhileServingTheLastGoodOneAndCompilesEachVersionOnce()
      throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Handler handler = handler(env("0"));
    extension.deploy("claims", "prod", "mapping", "2", B);
    assertEquals("platinum", tier(invoke(handler, 5000)));

    extension.deploy("claims", "prod", "mapping", "3", BROKEN);
    for (int i = 0; i < 3; i++) {
      assertEquals(
          "platinum",
          tier(invoke(handler, 5000)),
          "a version that does not compile never serves a sign-in");
      JsonNode summary = lastSummary();
      assertEquals("rejected", summary.path("mappingRefresh").asText());
      assertEquals("2", summary.path("mappingVersion").asText());
      assertEquals(
          1,
          summary.path("MappingVersionsRejected").asInt(),
          "every check that finds it counts for the alarm");
      assertEquals("allowed", summary.path("outcome").asText());
    }
    assertEquals(
        List.of(
            "appconfig:claims/prod/mapping@3:4:29: $.idToken.claims.tier: invalid JMESPath"
                + " expression: syntax error mismatched input '<EOF>' expecting {'!', '(', '*',"
                + " '[', '{', '[?', '@', '`', RAW_STRING, JSON_CONSTANT, NAME, STRING}",
            "appconfig:claims/prod/mapping@3:5:5: $.idToken.claims.sub: 'sub' is set by Cognito and"
                + " cannot be added or overridden",
            "mapping appconfig:claims/prod/mapping version 3 is refused (2 problems): version 2"
                + " keeps serving sign-ins"),
        messages("ERROR"),
        "every diagnostic once, located, for the bad version");
    assertEquals(3, handler.live().compilations(), "versions 1, 2 and 3 each compiled once");

    extension.deploy("claims", "prod", "mapping", "4", A);
    assertEquals("gold", tier(invoke(handler, 5000)));
    assertEquals("swapped", lastSummary().path("mappingRefresh").asText());
    assertEquals(4, handler.live().compilations());
  }

  @Test
  void survivesTheEndpointBeingDownAndAnsweringErrors() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Handler handler = handler(env("0"));
    extension.down();
    assertEquals("gold", tier(invoke(handler, 5000)));
    JsonNode summary = lastSummary();
    assertEquals("failed", summary.path("mappingRefresh").asText());
    assertEquals(1, summary.path("MappingRefreshFailures").asInt());
    assertEquals("allowed", summary.path("outcome").asText());
    assertEquals(
        List.of(
            "the AppConfig extension refused the connection on port "
                + extension.port()
                + " (appconfig:claims/prod/mapping): serving version 1 until it answers"),
        messages("WARN"));

    // after a failure the next check waits for the back-off, even with a refresh interval of 0
    assertEquals("gold", tier(invoke(handler, 5000)));
    assertEquals("not-due", lastSummary().path("mappingRefresh").asText());
    assertEquals(1, messages("WARN").size(), "an outage is logged once, not per invocation");
  }

  @Test
  void anErrorStatusIsAFailedCheckNotADenial() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Handler handler = handler(env("0"));
    extension.behave(AppConfigExtension.Behaviour.ERROR_500);
    assertEquals("gold", tier(invoke(handler, 5000)));
    assertEquals("failed", lastSummary().path("mappingRefresh").asText());
    assertTrue(
        messages("WARN")
            .contains(
                "the AppConfig extension answered HTTP 500 for appconfig:claims/prod/mapping:"
                    + " serving version 1 until it answers"));
  }

  @Test
  void anUnknownProfileStopsTheFunctionAtInit() {
    extension.deploy("claims", "prod", "other", "1", A);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> handler(env("0")));
    assertEquals(
        "the claims mapping cannot be read: the AppConfig extension answered HTTP 404 for"
            + " appconfig:claims/prod/mapping: the function will not start",
        e.getMessage());
  }

  @Test
  void aBrokenFirstVersionStopsTheFunctionAtInit() {
    extension.deploy("claims", "prod", "mapping", "1", BROKEN);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> handler(env("0")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "the claims mapping is invalid, the function will not start:\n"
                    + "appconfig:claims/prod/mapping@1:4:29: $.idToken.claims.tier: invalid"
                    + " JMESPath expression"),
        e.getMessage());
  }

  @Test
  void aSilentEndpointCostsAtMostTheCheckTimeout() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Map<String, String> env = env("0");
    env.put(LiveSettings.TIMEOUT, "300");
    Handler handler = handler(env);
    extension.behave(AppConfigExtension.Behaviour.SILENT);
    long started = System.nanoTime();
    assertEquals("gold", tier(invoke(handler, 5000)));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(millis >= 290, "the check waited for the endpoint (" + millis + " ms)");
    assertTrue(millis < 300 + SLACK_MILLIS, "the check gave up at its timeout (" + millis + " ms)");
    assertEquals("failed", lastSummary().path("mappingRefresh").asText());
    assertTrue(
        messages("WARN")
            .contains(
                "the AppConfig extension did not answer within 300 ms for"
                    + " appconfig:claims/prod/mapping: serving version 1 until it answers"));
  }

  @Test
  void theCheckObeysTheInvocationsTimeBudget() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Map<String, String> env = env("0");
    env.put(LiveSettings.TIMEOUT, "5000");
    Handler handler = handler(env);
    extension.slow(10_000);
    long started = System.nanoTime();
    // 650 ms left, less the 250 ms kept for the response: the check may take 400 ms, not 5 s
    assertEquals("gold", tier(invoke(handler, 650)));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(
        millis < 400 + SLACK_MILLIS,
        "the check stopped at the invocation's budget (" + millis + " ms)");
    // what is left of the invocation's one deadline when the check starts: 400 ms less what the
    // invocation spent before it
    assertTrue(
        messages("WARN").stream()
            .anyMatch(
                m ->
                    m.matches(
                        "the AppConfig extension did not answer within (3[5-9]\\d|400) ms for"
                            + " appconfig:claims/prod/mapping: serving version 1 until it"
                            + " answers")),
        messages("WARN").toString());
  }

  @Test
  void respectsTheRefreshInterval() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Handler handler = handler(env("3600"));
    int atInit = extension.requests();
    extension.deploy("claims", "prod", "mapping", "2", B);
    for (int i = 0; i < 5; i++) {
      assertEquals("gold", tier(invoke(handler, 5000)));
      assertEquals("not-due", lastSummary().path("mappingRefresh").asText());
    }
    assertEquals(atInit, extension.requests(), "no request before the interval has passed");
  }

  @Test
  void aSnapStartRestoreChecksBeforeTheFirstSignIn() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Handler handler = handler(env("3600"));
    extension.deploy("claims", "prod", "mapping", "2", B);
    handler.live().afterRestore(null);
    assertEquals("platinum", tier(invoke(handler, 5000)));
    assertEquals("swapped", lastSummary().path("mappingRefresh").asText());
    assertEquals("platinum", tier(invoke(handler, 5000)));
    assertEquals(
        "not-due",
        lastSummary().path("mappingRefresh").asText(),
        "then the interval applies again");
  }

  @Test
  void anUnchangedVersionIsNotCompiledAgain() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Handler handler = handler(env("0"));
    for (int i = 0; i < 5; i++) {
      invoke(handler, 5000);
    }
    assertEquals(6, extension.requests(), "one check at init and one per invocation");
    assertEquals(1, handler.live().compilations());
  }

  @Test
  void aFileMappingWritesTheSummaryLineAsBefore() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    Path file = Files.createTempFile("mapping", ".yaml");
    Files.writeString(file, A);
    env.put(Settings.CONFIG, file.toString());
    Handler handler = handler(env);
    assertEquals("gold", tier(invoke(handler, 5000)));
    JsonNode summary = lastSummary();
    // a file's version is its fingerprint; AppConfig's version number and refresh are absent
    assertTrue(summary.get("mappingVersion").asText().matches("sha256:[0-9a-f]{12}"));
    assertFalse(summary.has("mappingRefresh"));
    assertFalse(summary.has("shadow"));
    assertFalse(summary.has("MappingRefreshFailures"));
    assertFalse(summary.has("ShadowDifferences"));
  }

  @Test
  void aShadowFileReportsWhatItWouldChangeByNameOnTheSummaryLine() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    Map<String, String> env = env("0");
    env.put(LiveSettings.SHADOW, "src/test/resources/shadow/claims-and-scopes/shadow.yaml");
    env.put(LiveSettings.SHADOW_BUDGET, "1000"); // the first, cold evaluation on a loaded machine
    Handler handler = handler(env);
    JsonNode response = invoke(handler, 5000);
    assertEquals("gold", tier(response), "the shadow never answers");
    JsonNode summary = lastSummary();
    assertEquals("differs", summary.path("shadow").asText());
    assertEquals(
        Json.MAPPER.readTree(
            "[\"idToken claim changed: tier\", \"idToken claim added: seats\", \"idToken suppress"
                + " added: email\", \"accessToken scopesToAdd added: 1 scope\"]"),
        summary.path("shadowDifferences"));
    assertFalse(summary.toString().contains("platinum"), "names only, no values");
    assertFalse(
        summary.toString().contains("orders-api"), "a scope is a value: counted, not named");
    assertEquals(1, summary.path("ShadowDifferences").asInt());
    assertEquals(0, summary.path("ShadowErrors").asInt());
    EmbeddedMetricsTest.assertValidEmf(summary);
    JsonNode metricNames = summary.at("/_aws/CloudWatchMetrics/0/Metrics");
    assertTrue(
        metricNames.toString().contains("\"ShadowDifferences\"")
            && metricNames.toString().contains("\"MappingVersionsRejected\""));
  }

  @Test
  void aSilentAppConfigShadowCostsAtMostItsBudgetAndChangesNothing() throws IOException {
    extension.deploy("claims", "prod", "mapping", "1", A);
    extension.deploy("claims", "prod", "shadow", "1", B);
    Map<String, String> env = env("0");
    env.put(LiveSettings.SHADOW, "appconfig:claims/prod/shadow");
    env.put(LiveSettings.SHADOW_BUDGET, "100");
    env.put(LiveSettings.TIMEOUT, "300");
    Handler handler = handler(env);
    // the first evaluations run cold code and may take longer than 100 ms on a loaded machine
    long warm = System.nanoTime() + 10_000_000_000L;
    do {
      assertEquals("gold", tier(invoke(handler, 5000)));
    } while (!lastSummary().path("shadow").asText().equals("differs") && System.nanoTime() < warm);
    assertEquals("differs", lastSummary().path("shadow").asText());
    assertEquals(
        Json.MAPPER.readTree("[\"idToken claim changed: tier\"]"),
        lastSummary().path("shadowDifferences"));

    // both checks now meet silence: the real one gives up at its timeout, the shadow at its budget
    extension.behave(AppConfigExtension.Behaviour.SILENT);
    long started = System.nanoTime();
    JsonNode response = invoke(handler, 5000);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("gold", tier(response));
    JsonNode summary = lastSummary();
    assertEquals("failed", summary.path("mappingRefresh").asText());
    // Mostly the shadow's own check meets the silence and its budget runs out ("timeout"). On a
    // loaded machine the caller may be descheduled past the budget while the shadow's worker
    // runs a check with the sliver of time left, which fails at once, and answers with the
    // shadow version it holds ("differs", within the budget): both keep the promise.
    String shadow = summary.path("shadow").asText();
    assertTrue(List.of("timeout", "differs").contains(shadow), summary.toString());
    assertEquals(shadow.equals("timeout") ? 1 : 0, summary.path("ShadowErrors").asInt());
    assertEquals(shadow.equals("timeout") ? 0 : 1, summary.path("ShadowDifferences").asInt());
    assertTrue(
        millis >= 290 && millis < 300 + 100 + SLACK_MILLIS,
        "the real check's timeout and at most the shadow's budget (" + millis + " ms)");

    // the shadow's check had the shadow's budget only, so it is not left stuck: the next
    // invocations do not wait for it (busy while it finishes), then compare with the shadow
    // version held while its check backs off
    started = System.nanoTime();
    assertEquals("gold", tier(invoke(handler, 5000)));
    assertTrue((System.nanoTime() - started) / 1_000_000 < SLACK_MILLIS);
    assertEquals("not-due", lastSummary().path("mappingRefresh").asText());
    assertTrue(
        List.of("busy", "differs").contains(lastSummary().path("shadow").asText()),
        lastSummary().toString());
    long until = System.nanoTime() + 5_000_000_000L;
    while (!lastSummary().path("shadow").asText().equals("differs") && System.nanoTime() < until) {
      invoke(handler, 5000);
    }
    assertEquals("differs", lastSummary().path("shadow").asText());
  }
}
