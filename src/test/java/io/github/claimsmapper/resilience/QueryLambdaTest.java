package io.github.claimsmapper.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.resilience.LambdaRun.CapturedHandler;
import io.github.claimsmapper.resilience.LambdaRun.Result;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.FaultProxy;
import io.github.claimsmapper.testing.QueryTables;
import io.github.claimsmapper.testing.Responses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Query and forEach sources through the real {@code Handler}, built from its environment against
 * dynalite: the three data shapes of {@code config/memberships.yaml} end to end, and a query source
 * under throttling and a stalled server with each {@code onError} policy, answered within the
 * deadline.
 */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
class QueryLambdaTest {
  /** The generous bound every faulty sign-in must answer within, for a 300 ms timeout. */
  static final Duration ANSWERED_WITHIN = Duration.ofSeconds(2);

  static QueryTables tables;
  static byte[] event;

  @TempDir static Path dir;

  @BeforeAll
  static void tables() throws IOException {
    tables = QueryTables.shared();
    event = Files.readAllBytes(Path.of("events/v2-authentication.json"));
  }

  static Map<String, String> env(Path mapping, URI endpoint) {
    Map<String, String> env = new HashMap<>(tables.env());
    env.put("AWS_REGION", "us-east-1");
    env.put("DYNAMODB_ENDPOINT", endpoint.toString());
    env.put("CLAIMS_CONFIG", mapping.toString());
    env.put("LOG_LEVEL", "DEBUG");
    return env;
  }

  @Test
  void theThreeDataShapesOfTheExampleMappingEndToEnd() {
    CapturedHandler h =
        CapturedHandler.of(env(Path.of("config/memberships.yaml"), Dynalite.shared().endpoint()));
    ObjectNode response = h.invoke(event, "shapes").responseOrFail();
    assertEquals(
        "{\"display_name\":\"Jane from GSI\",\"tenants\":[\"acme\",\"globex\",\"initech\"],"
            + "\"tenant_names\":[\"Acme Corp\",\"Globex\"]}",
        Json.compact(Responses.claims(response, "idTokenGeneration")));
    assertEquals(
        "{\"admin_of\":[\"acme\"],\"plans\":[\"gold\",\"silver\"]}",
        Json.compact(Responses.claims(response, "accessTokenGeneration")));
    JsonNode summary = h.invocation("shapes");
    assertEquals("allowed", summary.path("outcome").asText());
    assertFalse(h.log().contains("Acme Corp"), "no item value reaches the log");
  }

  static Path mapping(String name, String onError) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        version: 1
        source:                              # the primary source may be a query: item is a list
          table: ${env:APP_TABLE}
          query:
            pk: "USER#${event.request.userAttributes.sub}"
            sk: { beginsWith: "TENANT#" }
          timeout: 300ms
          onError: %s
          cache: { stale: 1h }
        idToken:
          claims:
            tenants: { value: "item[].tenant_id", type: array }
            mapped: { const: query }
        """
            .formatted(onError));
    return file;
  }

  @ParameterizedTest(name = "{0} with onError {1}")
  @CsvSource({
    "THROTTLE, deny",
    "THROTTLE, continue",
    "THROTTLE, stale",
    "HEADERS_THEN_SILENCE, deny",
    "HEADERS_THEN_SILENCE, continue",
    "HEADERS_THEN_SILENCE, stale"
  })
  void aFailingQueryGetsItsPolicysOutcomeWithinTheDeadline(FaultProxy.Mode fault, String onError)
      throws IOException {
    try (FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint())) {
      CapturedHandler h =
          CapturedHandler.of(env(mapping(fault + "-" + onError, onError), proxy.endpoint()));
      Result good = null;
      for (int attempt = 1; attempt <= 10 && (good == null || !good.allowed()); attempt++) {
        good = h.invoke(event, "warm-" + attempt); // warms the client, fills the cache
      }
      assertEquals(
          "[\"acme\",\"globex\",\"initech\"]",
          Json.compact(
              Responses.claims(good.responseOrFail(), "idTokenGeneration").get("tenants")));

      proxy.mode(fault);
      Result result = h.invoke(event, "fault");
      assertTrue(
          result.took().compareTo(ANSWERED_WITHIN) < 0,
          "answered after " + result.took().toMillis() + " ms");
      String reason = String.join("\n", h.messagesFor("fault"));
      switch (onError) {
        case "deny" -> {
          SignInDenied denied = result.deniedOrFail();
          assertEquals("Sign-in could not be completed (ref fault)", denied.getMessage());
          assertTrue(reason.contains("$.source: DynamoDB Query"), reason);
        }
        case "continue" ->
            assertEquals(
                "{\"mapped\":\"query\"}",
                Json.compact(Responses.claims(result.responseOrFail(), "idTokenGeneration")),
                "the list is left out, nothing else in its place");
        default -> {
          assertEquals(
              "[\"acme\",\"globex\",\"initech\"]",
              Json.compact(
                  Responses.claims(result.responseOrFail(), "idTokenGeneration").get("tenants")),
              "onError: stale serves the list last read for the same query");
          assertTrue(reason.contains("onError: stale"), reason);
        }
      }
    }
  }
}
