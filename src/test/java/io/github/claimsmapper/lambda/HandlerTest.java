package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real handler class, configured through its environment, against the real DynamoDB-compatible
 * server, with every sample event in {@code events/}.
 */
class HandlerTest {
  static final String USER = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
  static String table;

  @BeforeAll
  static void seedTable() throws IOException {
    Dynalite db = Dynalite.shared();
    table = db.sampleUserTable("users");
  }

  static Map<String, String> env(String config) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("TABLE_NAME", table);
    env.put("DYNAMODB_ENDPOINT", Dynalite.shared().endpoint().toString());
    if (config != null) {
      env.put(Settings.CONFIG, config);
    }
    return env;
  }

  @TestFactory
  Stream<DynamicTest> everySampleEventWithTheBundledMapping() throws IOException {
    Handler handler = new Handler(Wiring.from(Settings.from(env(null))));
    List<Path> events;
    try (Stream<Path> files = Files.list(Path.of("events"))) {
      events = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(events.size() >= 8, "sample events are missing");
    return events.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      JsonNode event = Json.MAPPER.readTree(Files.readString(file));
                      JsonNode result = invoke(handler, Files.readAllBytes(file));
                      ObjectNode rest = result.deepCopy();
                      rest.remove("response");
                      ObjectNode eventRest = event.deepCopy();
                      eventRest.remove("response");
                      assertEquals(
                          eventRest,
                          rest,
                          "the event comes back as it was, with the response filled in");

                      String version = event.path("version").asText();
                      boolean typed = version.equals("2") || version.equals("3");
                      boolean machine =
                          event
                              .path("triggerSource")
                              .asText()
                              .equals("TokenGeneration_ClientCredentials");
                      JsonNode details =
                          result
                              .path("response")
                              .path(
                                  typed
                                      ? "claimsAndScopeOverrideDetails"
                                      : "claimsOverrideDetails");
                      assertTrue(details.isObject(), "the version's response container");
                      assertFalse(
                          details.has("groupOverrideDetails"),
                          "no groups section: groups are never touched");
                      JsonNode idClaims =
                          typed
                              ? details.path("idTokenGeneration").path("claimsToAddOrOverride")
                              : details.path("claimsToAddOrOverride");
                      assertEquals(
                          machine,
                          typed && !details.has("idTokenGeneration"),
                          "no ID token for client credentials");
                      boolean known = USER.equals(event.path("userName").asText());
                      assertEquals(known ? "Jane" : null, idClaims.path("first_name").textValue());
                      assertEquals(known ? "Doe" : null, idClaims.path("last_name").textValue());
                      if (typed) {
                        assertEquals(
                            known ? "blue" : null,
                            details
                                .path("accessTokenGeneration")
                                .path("claimsToAddOrOverride")
                                .path("interesting_value")
                                .textValue());
                      }
                    }));
  }

  @Test
  void richMappingFromAFileReadsTypedValues() throws IOException {
    Handler handler = new Handler(Wiring.from(Settings.from(env("config/tenant-rbac.yaml"))));
    JsonNode result = invoke(handler, Files.readAllBytes(Path.of("events/v2-authentication.json")));
    JsonNode details = result.path("response").path("claimsAndScopeOverrideDetails");
    assertEquals(
        25,
        details.path("idTokenGeneration").path("claimsToAddOrOverride").path("seats").intValue());
    assertEquals(
        "[\"orders-api/read\",\"orders-api/write\"]",
        Json.compact(details.path("accessTokenGeneration").path("scopesToAdd")));
    assertEquals(
        "[\"editors\",\"tenant-t-1\"]",
        Json.compact(details.path("groupOverrideDetails").path("groupsToOverride")));
  }

  @Test
  void anInvalidMappingStopsTheFunctionAtInitWithEveryProblem(@TempDir Path dir)
      throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad, "version: 1\nidToken:\n  claims:\n    sub: event.userName\n    x: \"item.[\"\n");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Handler(Wiring.from(Settings.from(env(bad.toString())))));
    assertEquals(
        "the claims mapping is invalid, the function will not start:\n"
            + bad
            + ":4:5: $.idToken.claims.sub: 'sub' is set by Cognito and cannot be added or"
            + " overridden\n"
            + bad
            + ":5:15: $.idToken.claims.x: invalid JMESPath expression: syntax error mismatched"
            + " input '<EOF>' expecting {'!', '(', '*', '[', '{', '[?', '@', '`', RAW_STRING,"
            + " JSON_CONSTANT, NAME, STRING}",
        e.getMessage());
  }

  @Test
  void inputThatIsNotJsonGetsANeutralError() {
    Handler handler = new Handler(Wiring.from(Settings.from(env(null))));
    for (String input : List.of("not json", "[1, 2]", "\"text\"", "")) {
      SignInDenied denied =
          assertThrows(
              SignInDenied.class, () -> invoke(handler, input.getBytes(StandardCharsets.UTF_8)));
      assertEquals("Sign-in could not be completed (ref request-1)", denied.getMessage());
      assertEquals(0, denied.getStackTrace().length, "no stack trace travels to Cognito");
    }
  }

  @Test
  void aMissingTableDeniesWithoutLeakingTheKey() {
    Map<String, String> env = env(null);
    env.put("TABLE_NAME", "no-such-table");
    Handler handler = new Handler(Wiring.from(Settings.from(env)));
    SignInDenied denied =
        assertThrows(
            SignInDenied.class,
            () -> invoke(handler, Files.readAllBytes(Path.of("events/v2-authentication.json"))));
    assertEquals("Sign-in could not be completed (ref request-1)", denied.getMessage());
    assertFalse(denied.getMessage().contains(USER));
  }

  static JsonNode invoke(Handler handler, byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input), out, new TestContext("request-1"));
    return Json.MAPPER.readTree(out.toByteArray());
  }
}
