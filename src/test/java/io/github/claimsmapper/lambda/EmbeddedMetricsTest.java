package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.SourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The summary line is a valid CloudWatch embedded metric format document, checked against the
 * specification's rules, for each kind of invocation, and carries the metrics the alarm uses. The
 * store is scripted at our own seam ({@link ItemSource}); what is under test is the line.
 */
class EmbeddedMetricsTest {
  /** The units the EMF specification allows for a MetricDefinition. */
  private static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._/#: -]{1,255}");

  private static final Map<String, String> ENV =
      Map.of(
          "AWS_LAMBDA_FUNCTION_NAME",
          "claims-mapper-prod",
          "METRICS_NAMESPACE",
          "Auth/ClaimsMapper");

  private static final ObjectNode ITEM =
      (ObjectNode) read("{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}");

  private static final String USER = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

  /** A store that answers from a script: an item, "none", or "fail" per read. */
  private static final class ScriptedStore implements ItemSource {
    private final Iterator<String> script;

    ScriptedStore(String... answers) {
      this.script = List.of(answers).iterator();
    }

    @Override
    public Optional<ObjectNode> find(ItemRequest request) {
      String next = script.next();
      if (next.equals("fail")) {
        throw new SourceException("DynamoDB is unavailable (throttled)", null);
      }
      return next.equals("none") ? Optional.empty() : Optional.of(ITEM.deepCopy());
    }
  }

  private record Run(ClaimsMapper mapper, ByteArrayOutputStream out) {
    List<JsonNode> lines() {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          lines.add(read(line));
        }
      }
      return lines;
    }

    /** Invokes and returns the summary line, which must be the only line with a requestId. */
    JsonNode invoke(String reference) throws IOException {
      try {
        mapper.respond(
            Json.MAPPER.readTree(Files.readAllBytes(Path.of("events/v2-authentication.json"))),
            reference);
      } catch (SignInDenied expected) {
        // the line is what is checked
      }
      List<JsonNode> summaries =
          lines().stream().filter(l -> reference.equals(l.path("requestId").asText(null))).toList();
      assertEquals(1, summaries.size(), "exactly one summary line per invocation: " + summaries);
      return summaries.get(0);
    }
  }

  private static Run run(String sourceTail, ItemSource store) throws Exception {
    return run(sourceTail, store, ENV);
  }

  private static Run run(String sourceTail, ItemSource store, Map<String, String> env)
      throws Exception {
    String yaml =
        "version: 1\n"
            + "source:\n"
            + "  table: users\n"
            + "  key:\n"
            + "    id: \"USER#${event.userName}\"\n"
            + sourceTail
            + "idToken:\n"
            + "  claims:\n"
            + "    first_name: item.first_name\n"
            + "    last_name: item.last_name\n";
    MappingPlan plan = new MappingLoader(Map.of()).load("metrics.yaml", yaml).plan();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLineLog lines =
        new JsonLineLog(
            Log.Level.INFO,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            EmbeddedMetrics.from(env),
            env);
    return new Run(new ClaimsMapper(plan, store, lines, lines::invocation), out);
  }

  @Test
  void anAllowedSignInCountsOneAllowedAndItsClaimBytes() throws Exception {
    Run run = run("  onMissing: deny\n", new ScriptedStore("item"));
    JsonNode line = run.invoke("r-allowed");
    assertValidEmf(line);
    assertMetrics(line, 1, 0, 0, 0, 0);
    // {"first_name":"Ada","last_name":"Lovelace"}: what limits.maxClaimBytes would count
    assertEquals(43, line.get("ClaimBytes").asInt());
    assertTrue(line.get("LookupLatency").isIntegralNumber());
  }

  @Test
  void aDeniedSignInCountsOneDeniedAndNoClaimBytes() throws Exception {
    Run run = run("  onMissing: deny\n", new ScriptedStore("none"));
    JsonNode line = run.invoke("r-denied");
    assertValidEmf(line);
    assertMetrics(line, 0, 1, 0, 0, 0);
    assertEquals(0, line.get("ClaimBytes").asInt());
  }

  /**
   * A user without an item under {@code onMissing: deny} is a denial the mapping asks for: counted
   * as DeniedByMapping, not as a failure, so the failure alarm stays quiet.
   */
  @Test
  void aDenialTheMappingAsksForIsNotAFailure() throws Exception {
    JsonNode line = run("  onMissing: deny\n", new ScriptedStore("none")).invoke("r-no-item");
    assertEquals("no_item", line.get("reason").asText());
    assertEquals(List.of(1, 1, 0), deniedSplit(line));
  }

  @Test
  void aFailedLookupThatDeniesIsAFailureWithItsReason() throws Exception {
    JsonNode line = run("  onError: deny\n", new ScriptedStore("fail")).invoke("r-lookup");
    assertEquals("lookup_failed", line.get("reason").asText());
    assertEquals(List.of(1, 0, 1), deniedSplit(line));
  }

  @Test
  void anAllowedSignInHasNoReasonAndCountsNeitherKindOfDenial() throws Exception {
    JsonNode line = run("  onMissing: deny\n", new ScriptedStore("item")).invoke("r-ok");
    assertFalse(line.has("reason"));
    assertEquals(List.of(0, 0, 0), deniedSplit(line));
  }

  /** SignInsDenied, DeniedByMapping, SignInFailures. */
  private static List<Integer> deniedSplit(JsonNode line) {
    return List.of(
        line.get("SignInsDenied").asInt(),
        line.get("DeniedByMapping").asInt(),
        line.get("SignInFailures").asInt());
  }

  @Test
  void theLineCarriesTheTriggerSourceAsAFieldAndABoundedDimension() throws Exception {
    JsonNode line = run("  onMissing: deny\n", new ScriptedStore("item")).invoke("r-trigger");
    assertEquals("TokenGeneration_Authentication", line.get("triggerSource").asText());
    assertEquals("Authentication", line.get("TriggerSource").asText());
    JsonNode byTrigger = line.at("/_aws/CloudWatchMetrics/1");
    assertEquals(read("[[\"FunctionName\",\"TriggerSource\"]]"), byTrigger.get("Dimensions"));
    List<String> names = new ArrayList<>();
    byTrigger.get("Metrics").forEach(m -> names.add(m.get("Name").asText()));
    assertEquals(List.of("SignInsAllowed", "SignInsDenied", "SignInFailures"), names);
    // an event cannot choose a dimension value: anything unknown is Other
    assertEquals(
        "RefreshTokens", EmbeddedMetrics.triggerDimension("TokenGeneration_RefreshTokens"));
    assertEquals("Other", EmbeddedMetrics.triggerDimension("TokenGeneration_Anything"));
    assertEquals("Other", EmbeddedMetrics.triggerDimension("PreSignUp_SignUp"));
    assertEquals("Other", EmbeddedMetrics.triggerDimension(null));
  }

  @Test
  void theLineCarriesTheMappingVersionAsTheFingerprintOfItsText() throws Exception {
    JsonNode line = run("  onMissing: deny\n", new ScriptedStore("item")).invoke("r-version");
    assertTrue(line.get("mappingVersion").asText().matches("sha256:[0-9a-f]{12}"), line.toString());
    assertEquals(
        "sha256:"
            + java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest("abc".getBytes(StandardCharsets.UTF_8)),
                    0,
                    6),
        MappingPlan.fingerprintOf("abc"));
    assertEquals("sha256:ba7816bf8f01", MappingPlan.fingerprintOf("abc"), "SHA-256 of abc");
  }

  /** The user's sub identifies who could not sign in; LOG_USER_SUB=false leaves it out. */
  @Test
  void theUsersSubIsLoggedUnlessTurnedOff() throws Exception {
    JsonNode on = run("  onMissing: deny\n", new ScriptedStore("none")).invoke("r-sub");
    assertEquals(USER, on.get("sub").asText());
    Map<String, String> off = new java.util.HashMap<>(ENV);
    off.put("LOG_USER_SUB", "false");
    JsonNode without = run("  onMissing: deny\n", new ScriptedStore("none"), off).invoke("r-nosub");
    assertFalse(without.has("sub"));
    assertFalse(Json.compact(without).contains(USER));
  }

  /** A sub that is not of Cognito's form (an odd event) is left out, never copied into the log. */
  @Test
  void aSubThatIsNotOfCognitosFormIsNotLogged() {
    assertTrue(JsonLineLog.SUB_FORM.matcher(USER).matches());
    for (String odd : List.of("", "jane.doe@example.com", "a b", "x".repeat(129), "a\nb", "ü")) {
      assertFalse(JsonLineLog.SUB_FORM.matcher(odd).matches(), odd);
    }
  }

  @Test
  void aFailedLookupCountsALookupErrorWhetherItDeniesOrContinues() throws Exception {
    JsonNode denied = run("  onError: deny\n", new ScriptedStore("fail")).invoke("r-error-deny");
    assertValidEmf(denied);
    assertMetrics(denied, 0, 1, 1, 0, 0);

    JsonNode continued =
        run("  onError: continue\n", new ScriptedStore("fail")).invoke("r-error-continue");
    assertValidEmf(continued);
    assertMetrics(continued, 1, 0, 1, 0, 0);
  }

  @Test
  void aFreshCachedItemCountsACacheHit() throws Exception {
    Run run = run("  cache: { fresh: 1h }\n", new ScriptedStore("item"));
    assertMetrics(run.invoke("r-first"), 1, 0, 0, 0, 0);
    JsonNode hit = run.invoke("r-hit");
    assertValidEmf(hit);
    assertMetrics(hit, 1, 0, 0, 0, 1);
    assertEquals(0, hit.get("lookups").asInt(), "served without a read");
  }

  @Test
  void aStaleItemServedCountsItAndTheLookupError() throws Exception {
    Run run = run("  onError: stale\n  cache: { stale: 1h }\n", new ScriptedStore("item", "fail"));
    run.invoke("r-good");
    JsonNode stale = run.invoke("r-stale");
    assertValidEmf(stale);
    assertMetrics(stale, 1, 0, 1, 1, 0);
  }

  @Test
  void theLineNamesTheFunctionAndNamespaceAndNothingOfTheUser() throws Exception {
    Run run = run("  onMissing: deny\n", new ScriptedStore("item"));
    JsonNode line = run.invoke("r-private");
    assertEquals("claims-mapper-prod", line.get("FunctionName").asText());
    assertEquals("Auth/ClaimsMapper", line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
    // the sub (pseudonymous id) is the one field about the user, and only as "sub"
    String text = Json.compact(line).replace("\"sub\":\"" + USER + "\"", "");
    for (String personal : List.of(USER, "jane.doe@example.com", "Ada", "Lovelace")) {
      assertFalse(text.contains(personal), "no personal data in the line: " + personal);
    }
  }

  @Test
  void everyLineOfAnInvocationOtherThanTheSummaryIsFreeOfMetrics() throws Exception {
    // metrics counted twice would double the alarm's view: only the summary line carries _aws
    Run run = run("  onError: continue\n", new ScriptedStore("fail"));
    run.invoke("r-once");
    List<JsonNode> withMetrics = run.lines().stream().filter(l -> l.has("_aws")).toList();
    assertEquals(1, withMetrics.size());
    assertTrue(run.lines().size() > 1, "the failed read is logged on its own line too");
  }

  // ---- settings

  @Test
  void theNamespaceAndFunctionHaveDefaults() {
    EmbeddedMetrics metrics = EmbeddedMetrics.from(Map.of());
    assertEquals("CognitoClaimsMapper", metrics.namespace());
    assertEquals("local", metrics.functionName());
    assertTrue(metrics.problem().isEmpty());
  }

  @Test
  void aNamespaceCloudWatchWouldRefuseFallsBackToTheDefaultAndSaysSo() {
    for (String bad :
        List.of("AWS/Lambda", ":leading", "   ", "tab\there", "ünïcode", "x".repeat(256))) {
      EmbeddedMetrics metrics = EmbeddedMetrics.from(Map.of("METRICS_NAMESPACE", bad));
      assertEquals("CognitoClaimsMapper", metrics.namespace(), bad);
      assertEquals(
          Optional.of(
              "METRICS_NAMESPACE is not a CloudWatch namespace (up to 255 of letters, digits, . - _"
                  + " / # : and space, not starting with AWS/ or a colon): metrics go to"
                  + " CognitoClaimsMapper"),
          metrics.problem());
    }
    assertEquals(
        "My App/auth-1.prod#a:b",
        EmbeddedMetrics.from(Map.of("METRICS_NAMESPACE", "My App/auth-1.prod#a:b")).namespace());
  }

  @Test
  void aNamespaceWithQuotesCannotBreakTheLine() {
    // the pattern refuses it; the directive is rendered by Jackson in any case
    EmbeddedMetrics metrics = EmbeddedMetrics.from(Map.of("METRICS_NAMESPACE", "a\",\"b"));
    assertEquals("CognitoClaimsMapper", metrics.namespace());
  }

  // ---- the specification's rules

  /**
   * The EMF specification's required structure: {@code _aws} with a number {@code Timestamp} and a
   * {@code CloudWatchMetrics} array of directives; each directive has a valid {@code Namespace},
   * {@code Dimensions} (arrays of at most 30 names, each a root member holding a string) and at
   * most 100 {@code Metrics} (a {@code Name} that is a root member holding a number, an allowed
   * {@code Unit}), and no other members.
   */
  static void assertValidEmf(JsonNode line) {
    JsonNode aws = line.get("_aws");
    assertTrue(aws != null && aws.isObject(), "_aws is an object");
    JsonNode timestamp = aws.get("Timestamp");
    assertTrue(timestamp != null && timestamp.isIntegralNumber(), "Timestamp is a number of ms");
    long now = System.currentTimeMillis();
    assertTrue(
        Math.abs(now - timestamp.asLong()) < 3_600_000,
        "Timestamp in ms since the epoch: " + timestamp);
    assertEquals(Set.of("Timestamp", "CloudWatchMetrics"), fieldNames(aws));
    JsonNode directives = aws.get("CloudWatchMetrics");
    assertTrue(
        directives.isArray() && directives.size() >= 1, "CloudWatchMetrics is a non-empty array");
    for (JsonNode directive : directives) {
      assertEquals(Set.of("Namespace", "Dimensions", "Metrics"), fieldNames(directive));
      String namespace = directive.get("Namespace").asText();
      assertTrue(
          directive.get("Namespace").isTextual()
              && NAMESPACE.matcher(namespace).matches()
              && !namespace.startsWith("AWS/")
              && !namespace.startsWith(":")
              && !namespace.isBlank(),
          namespace);
      JsonNode dimensions = directive.get("Dimensions");
      assertTrue(dimensions.isArray(), "Dimensions is an array of dimension sets");
      for (JsonNode set : dimensions) {
        assertTrue(set.isArray() && set.size() <= 30, "a dimension set: at most 30 names");
        for (JsonNode name : set) {
          assertTrue(name.isTextual() && !name.asText().isEmpty() && name.asText().length() <= 250);
          JsonNode value = line.get(name.asText());
          assertTrue(
              value != null && value.isTextual() && !value.asText().isEmpty(),
              "dimension " + name + " is a root member holding a string");
        }
      }
      JsonNode metrics = directive.get("Metrics");
      assertTrue(metrics.isArray() && metrics.size() <= 100, "Metrics: at most 100");
      Set<String> names = new HashSet<>();
      for (JsonNode metric : metrics) {
        String name = metric.get("Name").asText();
        assertTrue(metric.get("Name").isTextual() && !name.isEmpty() && name.length() <= 1024);
        assertTrue(names.add(name), "a metric is named once: " + name);
        assertTrue(Set.of("Name", "Unit", "StorageResolution").containsAll(fieldNames(metric)));
        assertTrue(
            UNITS.contains(metric.path("Unit").asText("None")), "a unit EMF knows: " + metric);
        JsonNode value = line.get(name);
        assertTrue(
            value != null && value.isNumber(),
            "metric " + name + " is a root member holding a number");
      }
    }
  }

  /** The contract the alarm and the docs rely on: names, units, one dimension. */
  @Test
  void theDirectiveIsTheDocumentedContract() throws Exception {
    JsonNode line = run("  onMissing: deny\n", new ScriptedStore("item")).invoke("r-contract");
    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertEquals(read("[[\"FunctionName\"]]"), directive.get("Dimensions"));
    Map<String, String> units = new LinkedHashMap<>();
    directive
        .get("Metrics")
        .forEach(m -> units.put(m.get("Name").asText(), m.get("Unit").asText()));
    assertEquals(
        Map.of(
            "SignInsAllowed",
            "Count",
            "SignInsDenied",
            "Count",
            "DeniedByMapping",
            "Count",
            "SignInFailures",
            "Count",
            "LookupErrors",
            "Count",
            "StaleItemsServed",
            "Count",
            "CacheHits",
            "Count",
            "LookupLatency",
            "Milliseconds",
            "ClaimBytes",
            "Bytes"),
        units);
  }

  /** docs/operations.md lists exactly the metrics the line carries, with their units. */
  @Test
  void theOperationsPageDocumentsEveryMetric() throws Exception {
    Map<String, String> documented = new LinkedHashMap<>();
    java.util.regex.Matcher row =
        Pattern.compile("(?m)^\\| `(\\w+)` \\| (\\w+) \\|")
            .matcher(Files.readString(Path.of("docs/operations.md")));
    while (row.find()) {
      documented.put(row.group(1), row.group(2));
    }
    Map<String, String> emitted = new LinkedHashMap<>();
    EmbeddedMetrics.METRICS.forEach(m -> emitted.put(m.name(), m.unit()));
    EmbeddedMetrics.LIVE_METRICS.forEach(m -> emitted.put(m.name(), m.unit()));
    EmbeddedMetrics.SHADOW_METRICS.forEach(m -> emitted.put(m.name(), m.unit()));
    assertEquals(emitted, documented);
  }

  private static void assertMetrics(
      JsonNode line, int allowed, int denied, int lookupErrors, int stale, int hits) {
    assertEquals(
        List.of(allowed, denied, lookupErrors, stale, hits),
        List.of(
            line.get("SignInsAllowed").asInt(),
            line.get("SignInsDenied").asInt(),
            line.get("LookupErrors").asInt(),
            line.get("StaleItemsServed").asInt(),
            line.get("CacheHits").asInt()),
        "SignInsAllowed, SignInsDenied, LookupErrors, StaleItemsServed, CacheHits in " + line);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
