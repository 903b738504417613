package io.github.claimsmapper.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.resilience.LambdaRun.CapturedHandler;
import io.github.claimsmapper.resilience.LambdaRun.Result;
import io.github.claimsmapper.source.ItemJson;
import io.github.claimsmapper.testing.Dynalite;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Hostile and odd input through the real {@code Handler}: events that are not JSON or not an
 * object, wrong types in known fields, unknown versions, missing headers, huge attribute maps;
 * items of 400 KB, deeply nested maps, numbers beyond long and double range, binary, empty
 * collections. Each gets a defined outcome (a response of the version's shape, or the neutral
 * denial; never another exception), and no log line ever holds an attribute value: every value
 * below carries the marker {@value #SECRET}, and the captured log must not.
 */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
// (docs/development.md)
class HostileInputTest {
  static final String SECRET = "s3cr3t";
  static final String NEUTRAL = "Sign-in could not be completed (ref %s)";

  @TempDir static Path dir;

  enum Shape {
    DENIED,
    V1,
    V2,
    V3,
    /** V3 client credentials: the access token only. */
    V3_MACHINE
  }

  /** One odd input and what must come of it; {@code check} looks further at a response. */
  // Bytes on purpose: odd inputs include invalid UTF-8; the record is never compared.
  @SuppressWarnings("ArrayRecordComponent")
  record Case(String name, byte[] input, Shape expected, Consumer<ObjectNode> check) {
    static Case of(String name, String input, Shape expected) {
      return new Case(name, input.getBytes(StandardCharsets.UTF_8), expected, r -> {});
    }

    static Case of(String name, String input, Shape expected, Consumer<ObjectNode> check) {
      return new Case(name, input.getBytes(StandardCharsets.UTF_8), expected, check);
    }

    static Case of(String name, JsonNode event, Shape expected, Consumer<ObjectNode> check) {
      return new Case(name, Json.compact(event).getBytes(StandardCharsets.UTF_8), expected, check);
    }
  }

  // ---- the response's shape

  /**
   * Asserts the response has the version's shape and otherwise is the event as it came. Returns the
   * container ({@code claimsOverrideDetails} or {@code claimsAndScopeOverrideDetails}).
   */
  static JsonNode assertShape(byte[] input, ObjectNode response, Shape shape, boolean groupsSection)
      throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    ObjectNode rest = response.deepCopy();
    rest.remove("response");
    ObjectNode eventRest = ((ObjectNode) event).deepCopy();
    eventRest.remove("response");
    assertEquals(eventRest, rest, "the event comes back as it was, with the response filled in");
    JsonNode container = response.path("response");
    assertEquals(1, container.size(), "one container: " + container);
    if ("TokenGeneration_ClientCredentials".equals(event.path("triggerSource").asText(null))) {
      groupsSection = false; // a machine has no groups
    }
    if (shape == Shape.V1) {
      JsonNode details = container.path("claimsOverrideDetails");
      assertTrue(details.isObject(), "claimsOverrideDetails: " + container);
      assertClaims(details, true);
      assertGroups(details, groupsSection);
      return details;
    }
    JsonNode details = container.path("claimsAndScopeOverrideDetails");
    assertTrue(details.isObject(), "claimsAndScopeOverrideDetails: " + container);
    JsonNode access = details.path("accessTokenGeneration");
    assertClaims(access, false);
    assertTrue(
        access.path("scopesToAdd").isArray() && access.path("scopesToSuppress").isArray(),
        access.toString());
    if (shape == Shape.V3_MACHINE) {
      assertFalse(details.has("idTokenGeneration"), "no ID token for client credentials");
      assertFalse(details.has("groupOverrideDetails"), "no groups for client credentials");
    } else {
      assertClaims(details.path("idTokenGeneration"), false);
      assertGroups(details, groupsSection);
    }
    return details;
  }

  static void assertClaims(JsonNode token, boolean stringsOnly) {
    JsonNode add = token.path("claimsToAddOrOverride");
    assertTrue(add.isObject(), "claimsToAddOrOverride: " + token);
    if (stringsOnly) {
      add.properties()
          .forEach(e -> assertTrue(e.getValue().isTextual(), "version 1 claims are strings: " + e));
    }
    JsonNode suppress = token.path("claimsToSuppress");
    assertTrue(suppress.isArray(), "claimsToSuppress: " + token);
    suppress.forEach(s -> assertTrue(s.isTextual()));
  }

  static void assertGroups(JsonNode details, boolean groupsSection) {
    if (!groupsSection) {
      assertFalse(details.has("groupOverrideDetails"), "no groups section: groups untouched");
      return;
    }
    JsonNode groups = details.path("groupOverrideDetails");
    // fully populated: both lists always, the preferred role when there is one (never a null)
    assertEquals(groups.has("preferredRole") ? 3 : 2, groups.size(), "fully populated: " + groups);
    assertTrue(groups.path("groupsToOverride").isArray());
    assertTrue(groups.path("iamRolesToOverride").isArray());
    assertTrue(
        groups.path("preferredRole").isMissingNode() || groups.path("preferredRole").isTextual());
  }

  static ObjectNode object(String json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A version 2 sign-in with a marked user, email and groups, to be bent by each case. */
  static ObjectNode v2() {
    return object(
        """
        {"version": "2", "triggerSource": "TokenGeneration_Authentication", "region": "us-east-1",
         "userPoolId": "us-east-1_Example12", "userName": "user-s3cr3t-1",
         "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "client-1"},
         "request": {"userAttributes": {"sub": "sub-s3cr3t", "email": "jane-s3cr3t@example.com"},
                     "groupConfiguration": {"groupsToOverride": ["team-a", "admins"], "iamRolesToOverride": [],
                                            "preferredRole": null},
                     "scopes": ["openid"]},
         "response": {"claimsAndScopeOverrideDetails": null}}
        """);
  }

  static ObjectNode with(String version) {
    ObjectNode event = v2();
    event.put("version", version);
    return event;
  }

  static JsonNode idClaims(JsonNode details) {
    return details.has("idTokenGeneration")
        ? details.path("idTokenGeneration").path("claimsToAddOrOverride")
        : details.path("claimsToAddOrOverride");
  }

  // ---- an event-only mapping

  @Nested
  class EventOnlyMapping {
    static final String MAPPING =
        """
        version: 1
        idToken:
          claims:
            user_email: event.request.userAttributes.email
            user_name: { value: event.userName, type: string }
            mapped_by: { const: claims-mapper }
          suppress: [phone_number]
        accessToken:
          claims:
            client: event.callerContext.clientId
          scopes:
            add: [orders-api/read]
        groups:
          keep: { prefix: team- }
        """;

    CapturedHandler handler() throws IOException {
      Path file = dir.resolve("event-only.yaml");
      Files.writeString(file, MAPPING);
      return CapturedHandler.of(
          Map.of(
              "CLAIMS_CONFIG", file.toString(), "AWS_REGION", "us-east-1", "LOG_LEVEL", "DEBUG"));
    }

    List<Case> cases() {
      List<Case> cases = new ArrayList<>();
      // not an object
      cases.add(Case.of("not JSON", "user=s3cr3t; not json", Shape.DENIED));
      cases.add(Case.of("truncated JSON", "{\"userName\": \"s3cr3t", Shape.DENIED));
      cases.add(Case.of("array", "[\"s3cr3t\", 1]", Shape.DENIED));
      cases.add(Case.of("string", "\"s3cr3t\"", Shape.DENIED));
      cases.add(Case.of("number", "42", Shape.DENIED));
      cases.add(Case.of("null", "null", Shape.DENIED));
      cases.add(Case.of("true", "true", Shape.DENIED));
      cases.add(Case.of("empty input", "", Shape.DENIED));
      cases.add(Case.of("only whitespace", " \n\t ", Shape.DENIED));
      cases.add(
          new Case(
              "invalid UTF-8",
              new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
              Shape.DENIED,
              r -> {}));
      cases.add(Case.of("nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), Shape.DENIED));
      // every field optional
      cases.add(
          Case.of(
              "empty object",
              "{}",
              Shape.V1,
              r ->
                  assertEquals(
                      "claims-mapper",
                      r.path("response")
                          .path("claimsOverrideDetails")
                          .path("claimsToAddOrOverride")
                          .path("mapped_by")
                          .textValue())));
      cases.add(Case.of("console test event", "{\"request\": {}, \"response\": {}}", Shape.V1));

      // wrong types in known fields
      ObjectNode numberVersion = v2();
      numberVersion.put("version", 2);
      cases.add(Case.of("version as the number 2", numberVersion, Shape.V2, r -> {}));
      ObjectNode numberVersion3 = v2();
      numberVersion3.put("version", 3);
      cases.add(Case.of("version as the number 3", numberVersion3, Shape.V3, r -> {}));
      ObjectNode objectVersion = v2();
      objectVersion.putObject("version").put("v", "2");
      cases.add(Case.of("version as an object", objectVersion, Shape.V1, r -> {}));
      ObjectNode nullVersion = v2();
      nullVersion.putNull("version");
      cases.add(Case.of("version null", nullVersion, Shape.V1, r -> {}));
      ObjectNode numberName = v2();
      numberName.put("userName", 42);
      cases.add(
          Case.of(
              "userName as a number",
              numberName,
              Shape.V2,
              r -> assertEquals("42", idClaims(details(r)).path("user_name").textValue())));
      ObjectNode bigName = v2();
      bigName.put("userName", new BigInteger("123456789012345678901234567890"));
      cases.add(
          Case.of(
              "userName beyond long",
              bigName,
              Shape.V2,
              r ->
                  assertEquals(
                      "123456789012345678901234567890",
                      idClaims(details(r)).path("user_name").textValue())));
      ObjectNode objectName = v2();
      objectName.putObject("userName").put("first", "s3cr3t");
      cases.add(
          Case.of(
              "userName as an object (type: string cannot take it: no source, so deny)",
              objectName,
              Shape.DENIED,
              r -> {}));
      ObjectNode arrayName = v2();
      arrayName.putArray("userName").add("s3cr3t");
      cases.add(Case.of("userName as an array", arrayName, Shape.DENIED, r -> {}));
      ObjectNode stringRequest = v2();
      stringRequest.put("request", "s3cr3t");
      cases.add(
          Case.of(
              "request as a string",
              stringRequest,
              Shape.V2,
              r -> {
                assertFalse(idClaims(details(r)).has("user_email"));
                assertEquals(
                    "[]",
                    Json.compact(details(r).path("groupOverrideDetails").path("groupsToOverride")));
              }));
      ObjectNode arrayAttributes = v2();
      ((ObjectNode) arrayAttributes.get("request"))
          .putArray("userAttributes")
          .add("email")
          .add("s3cr3t");
      cases.add(
          Case.of(
              "userAttributes as an array",
              arrayAttributes,
              Shape.V2,
              r -> assertFalse(idClaims(details(r)).has("user_email"))));
      ObjectNode numberEmail = v2();
      ((ObjectNode) numberEmail.path("request").path("userAttributes")).put("email", 7);
      cases.add(
          Case.of(
              "an attribute as a number",
              numberEmail,
              Shape.V2,
              r -> assertEquals(7, idClaims(details(r)).path("user_email").intValue())));
      ObjectNode numberEmailV1 = with("1");
      ((ObjectNode) numberEmailV1.path("request").path("userAttributes"))
          .putObject("email")
          .put("s3cr3t", true);
      cases.add(
          Case.of(
              "an attribute as an object, version 1: compact JSON text",
              numberEmailV1,
              Shape.V1,
              r ->
                  assertEquals(
                      "{\"s3cr3t\":true}", idClaims(details(r)).path("user_email").textValue())));
      ObjectNode stringGroups = v2();
      ((ObjectNode) stringGroups.path("request").path("groupConfiguration"))
          .put("groupsToOverride", "team-s3cr3t");
      cases.add(
          Case.of(
              "groupsToOverride as a string (not a list: no groups)",
              stringGroups,
              Shape.V2,
              r ->
                  assertEquals(
                      "[]",
                      Json.compact(
                          details(r).path("groupOverrideDetails").path("groupsToOverride")))));
      ObjectNode mixedGroups = v2();
      ArrayNode mixed =
          ((ObjectNode) mixedGroups.path("request").path("groupConfiguration"))
              .putArray("groupsToOverride");
      mixed.add(1).addNull().add("team-b").addObject().put("team", "s3cr3t");
      ((ObjectNode) mixedGroups.path("request").path("groupConfiguration")).put("preferredRole", 5);
      ((ObjectNode) mixedGroups.path("request").path("groupConfiguration"))
          .putObject("iamRolesToOverride")
          .put("a", "s3cr3t");
      cases.add(
          Case.of(
              "groups of mixed types, roles as an object, preferredRole a number",
              mixedGroups,
              Shape.V2,
              r -> {
                JsonNode groups = details(r).path("groupOverrideDetails");
                assertEquals("[\"team-b\"]", Json.compact(groups.path("groupsToOverride")));
                assertEquals(
                    "[]",
                    Json.compact(groups.path("iamRolesToOverride")),
                    "roles given as an object are not a list: none kept");
                assertTrue(
                    groups.path("preferredRole").isMissingNode(), "no preferred role: no key");
              }));
      ObjectNode stringGroupConfig = v2();
      ((ObjectNode) stringGroupConfig.path("request")).put("groupConfiguration", "s3cr3t");
      cases.add(
          Case.of(
              "groupConfiguration as a string",
              stringGroupConfig,
              Shape.V2,
              r ->
                  assertEquals(
                      "[]",
                      Json.compact(
                          details(r).path("groupOverrideDetails").path("groupsToOverride")))));
      ObjectNode stringResponse = v2();
      stringResponse.put("response", "s3cr3t");
      cases.add(Case.of("response as a string", stringResponse, Shape.V2, r -> {}));
      ObjectNode arrayResponse = v2();
      arrayResponse.putArray("response").add(1);
      cases.add(Case.of("response as an array", arrayResponse, Shape.V2, r -> {}));
      ObjectNode nullCaller = v2();
      nullCaller.putNull("callerContext");
      cases.add(
          Case.of(
              "callerContext null",
              nullCaller,
              Shape.V2,
              r ->
                  assertFalse(
                      details(r)
                          .path("accessTokenGeneration")
                          .path("claimsToAddOrOverride")
                          .has("client"))));
      ObjectNode stringCaller = v2();
      stringCaller.put("callerContext", "s3cr3t");
      cases.add(Case.of("callerContext as a string", stringCaller, Shape.V2, r -> {}));
      ObjectNode numberTrigger = v2();
      numberTrigger.put("triggerSource", 17);
      cases.add(Case.of("triggerSource as a number", numberTrigger, Shape.V2, r -> {}));
      ObjectNode emptyLists = v2();
      ((ObjectNode) emptyLists.path("request")).putArray("scopes");
      ((ObjectNode) emptyLists.path("request").path("groupConfiguration"))
          .putArray("groupsToOverride");
      ((ObjectNode) emptyLists.path("request")).putObject("userAttributes");
      cases.add(
          Case.of(
              "empty lists and maps",
              emptyLists,
              Shape.V2,
              r ->
                  assertEquals(
                      "[]",
                      Json.compact(
                          details(r).path("groupOverrideDetails").path("groupsToOverride")))));

      // versions
      for (String version : List.of("4", "", "1.0", "0", "2.0", " 2", "v2", "٢")) {
        cases.add(
            Case.of(
                "version \"" + version + "\" is answered as version 1",
                with(version),
                Shape.V1,
                r -> {}));
      }
      cases.add(Case.of("version \"3\"", with("3"), Shape.V3, r -> {}));
      ObjectNode machine = with("3");
      machine.put("triggerSource", "TokenGeneration_ClientCredentials");
      machine.remove("userName");
      ((ObjectNode) machine.path("request")).remove("userAttributes");
      cases.add(
          Case.of(
              "version 3 client credentials without a user",
              machine,
              Shape.V3_MACHINE,
              r ->
                  assertEquals(
                      "client-1",
                      details(r)
                          .path("accessTokenGeneration")
                          .path("claimsToAddOrOverride")
                          .path("client")
                          .textValue())));
      ObjectNode machineV2 = v2();
      machineV2.put("triggerSource", "TokenGeneration_ClientCredentials");
      cases.add(
          Case.of("client credentials in a version 2 event", machineV2, Shape.V3_MACHINE, r -> {}));
      ObjectNode machineV1 = with("1");
      machineV1.put("triggerSource", "TokenGeneration_ClientCredentials");
      cases.add(
          Case.of(
              "client credentials in a version 1 event: no ID token, so nothing to add",
              machineV1,
              Shape.V1,
              r -> assertEquals(0, idClaims(details(r)).size())));

      // missing headers, unknown trigger source
      ObjectNode headless = v2();
      for (String header :
          List.of(
              "version", "triggerSource", "region", "userPoolId", "userName", "callerContext")) {
        headless.remove(header);
      }
      cases.add(Case.of("no headers at all", headless, Shape.V1, r -> {}));
      ObjectNode noRequest = v2();
      noRequest.remove("request");
      noRequest.remove("response");
      cases.add(Case.of("no request and no response", noRequest, Shape.V2, r -> {}));
      ObjectNode unknownTrigger = v2();
      unknownTrigger.put("triggerSource", "TokenGeneration_FromTheFuture");
      cases.add(
          Case.of(
              "unknown triggerSource",
              unknownTrigger,
              Shape.V2,
              r ->
                  assertEquals(
                      "user-s3cr3t-1", idClaims(details(r)).path("user_name").textValue())));
      ObjectNode unknownFields = v2();
      unknownFields.putObject("newField").putArray("s3cr3t").add(1.5);
      cases.add(Case.of("unknown fields come back as they were", unknownFields, Shape.V2, r -> {}));

      // size and depth
      ObjectNode huge = v2();
      ObjectNode attributes = (ObjectNode) huge.path("request").path("userAttributes");
      for (int i = 0; i < 10_000; i++) {
        attributes.put("custom:attribute_" + i, "value-" + SECRET + "-" + i);
      }
      cases.add(
          Case.of(
              "10 000 user attributes",
              huge,
              Shape.V2,
              r ->
                  assertEquals(
                      "jane-s3cr3t@example.com",
                      idClaims(details(r)).path("user_email").textValue())));
      ObjectNode longValue = v2();
      ((ObjectNode) longValue.path("request").path("userAttributes"))
          .put("email", SECRET + "x".repeat(1_000_000));
      cases.add(
          Case.of(
              "a 1 MB attribute value",
              longValue,
              Shape.V2,
              r ->
                  assertEquals(
                      1_000_000 + SECRET.length(),
                      idClaims(details(r)).path("user_email").textValue().length())));
      ObjectNode deep = v2();
      ObjectNode level = deep.putObject("deep");
      for (int i = 0; i < 500; i++) {
        level = level.putObject("d");
      }
      level.put("leaf", SECRET);
      cases.add(Case.of("an unknown field nested 500 deep", deep, Shape.V2, r -> {}));

      // numbers beyond long and double range
      ObjectNode numbers = v2();
      ((ObjectNode) numbers.path("request").path("userAttributes"))
          .put("email", new BigDecimal("1E+400"));
      numbers.put("beyondLong", new BigInteger("99999999999999999999999999999999999999"));
      numbers.put("tiny", new BigDecimal("-1E-400"));
      cases.add(
          Case.of(
              "numbers beyond double range",
              numbers,
              Shape.V2,
              r ->
                  assertEquals(
                      0,
                      new BigDecimal("1E+400")
                          .compareTo(idClaims(details(r)).path("user_email").decimalValue()))));
      ObjectNode numbersV1 = with("1");
      ((ObjectNode) numbersV1.path("request").path("userAttributes"))
          .put("email", new BigDecimal("1.50E+40"));
      cases.add(
          Case.of(
              "a number beyond long in a version 1 claim: plain text",
              numbersV1,
              Shape.V1,
              r ->
                  assertEquals(
                      "15000000000000000000000000000000000000000",
                      idClaims(details(r)).path("user_email").textValue())));

      // odd text
      ObjectNode odd = v2();
      odd.put("userName", "\u0000\u202e" + SECRET + "\ud83d\ude00\n\"'");
      ObjectNode duplicate = v2();
      cases.add(
          Case.of(
              "control characters and emoji",
              odd,
              Shape.V2,
              r ->
                  assertEquals(
                      "\u0000\u202e" + SECRET + "\ud83d\ude00\n\"'",
                      idClaims(details(r)).path("user_name").textValue())));
      String duplicated =
          Json.compact(duplicate).replaceFirst("\\{", "{\"userName\":\"first-s3cr3t\",");
      cases.add(
          Case.of(
              "a duplicated key: the last one counts",
              duplicated,
              Shape.V2,
              r ->
                  assertEquals(
                      "user-s3cr3t-1", idClaims(details(r)).path("user_name").textValue())));
      return cases;
    }

    @TestFactory
    Stream<DynamicTest> eachOddEventGetsADefinedOutcome() throws IOException {
      CapturedHandler h = handler();
      List<DynamicTest> tests = new ArrayList<>();
      int[] n = {0};
      for (Case c : cases()) {
        String ref = "odd-" + ++n[0];
        tests.add(DynamicTest.dynamicTest(c.name(), () -> run(h, c, ref, true)));
      }
      tests.add(
          DynamicTest.dynamicTest("the log holds no attribute value", () -> assertLogIsClean(h)));
      return tests.stream();
    }
  }

  static JsonNode details(ObjectNode response) {
    JsonNode container = response.path("response");
    return container.has("claimsOverrideDetails")
        ? container.path("claimsOverrideDetails")
        : container.path("claimsAndScopeOverrideDetails");
  }

  static void run(CapturedHandler h, Case c, String ref, boolean groupsSection) throws IOException {
    Result result;
    try {
      result = h.invoke(c.input(), ref);
    } catch (RuntimeException e) {
      throw new AssertionError(
          c.name() + ": the handler threw " + e + " instead of a response or SignInDenied", e);
    }
    assertTrue(
        result.took().compareTo(Duration.ofSeconds(5)) < 0,
        c.name() + " took " + result.took().toMillis() + " ms");
    if (c.expected() == Shape.DENIED) {
      SignInDenied denied = result.deniedOrFail();
      assertEquals(String.format(NEUTRAL, ref), denied.getMessage());
      assertEquals(0, denied.getStackTrace().length);
      assertEquals(
          List.of("ref " + ref + ": " + denied.explanation()),
          h.messagesFor(ref),
          "the denial's reason is logged with its reference");
      return;
    }
    ObjectNode response = result.responseOrFail();
    assertShape(c.input(), response, c.expected(), groupsSection);
    c.check().accept(response);
  }

  static void assertLogIsClean(CapturedHandler h) {
    // the user's sub, Cognito's pseudonymous id, is on the summary line by design (LOG_USER_SUB),
    // as its own field only: no other value of the user reaches the log
    String log = h.log().replace("\"sub\":\"sub-s3cr3t\"", "");
    assertFalse(log.isEmpty());
    assertFalse(log.contains(SECRET), () -> "a value reached the log:\n" + excerpt(log));
    assertFalse(log.contains("jane"), () -> "a value reached the log:\n" + excerpt(log));
    for (JsonNode line : h.lines()) {
      assertTrue(
          line.path("timestamp").isTextual()
              && line.path("level").isTextual()
              && line.path("message").isTextual(),
          "Lambda's JSON log shape: " + line);
    }
  }

  static String excerpt(String log) {
    StringBuilder out = new StringBuilder();
    for (String line : log.split("\n")) {
      if (line.contains(SECRET) || line.contains("jane")) {
        out.append(line, 0, Math.min(line.length(), 400)).append('\n');
      }
    }
    return out.toString();
  }

  // ---- the seed mapping against dynalite, with odd items

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SeedMappingAgainstDynalite {
    String table;

    @BeforeAll
    void seed() {
      Dynalite db = Dynalite.shared();
      table = Dynalite.uniqueTableName("hostile-users");
      db.createTable(table, "id", ScalarAttributeType.S, null, null);

      // ~400 KB: DynamoDB's item limit (names and values), minus room for the other attributes
      db.put(
          table,
          Map.of(
              "id",
              s("USER#big"),
              "first_name",
              s(SECRET + "x".repeat(399_000)),
              "last_name",
              s("Doe-" + SECRET)));
      // 32 levels of nesting: the most DynamoDB allows
      AttributeValue nested = s("leaf-" + SECRET);
      for (int i = 0; i < 31; i++) {
        nested = AttributeValue.fromM(Map.of("m", nested));
      }
      db.put(table, Map.of("id", s("USER#deep"), "last_name", nested));
      db.put(
          table,
          Map.of(
              "id",
              s("USER#numbers"),
              "first_name",
              AttributeValue.fromN("1E+125"),
              "last_name",
              AttributeValue.fromN("12345678901234567890123456789012345678"),
              "interesting_value",
              AttributeValue.fromN("-1E-130")));
      db.put(
          table,
          Map.of(
              "id",
              s("USER#binary"),
              "first_name",
              AttributeValue.fromB(SdkBytes.fromUtf8String(SECRET)),
              "last_name",
              AttributeValue.fromBs(
                  List.of(
                      SdkBytes.fromByteArray(new byte[] {(byte) 0xff, 0}),
                      SdkBytes.fromByteArray(new byte[] {1, 2, 3}))),
              "interesting_value",
              AttributeValue.fromSs(List.of("b-" + SECRET, "a-" + SECRET))));
      db.put(
          table,
          Map.of(
              "id",
              s("USER#empty"),
              "first_name",
              AttributeValue.fromL(List.of()),
              "last_name",
              AttributeValue.fromM(Map.of()),
              "interesting_value",
              AttributeValue.fromNul(true)));
      db.put(
          table,
          Map.of(
              "id",
              s("USER#odd-types"),
              "first_name",
              AttributeValue.fromBool(true),
              "last_name",
              AttributeValue.fromL(
                  List.of(
                      s("x-" + SECRET),
                      AttributeValue.fromN("1"),
                      AttributeValue.fromNul(true),
                      AttributeValue.fromM(Map.of("k", s(SECRET)))))));
      db.put(table, Map.of("id", s("USER#empty-string"), "first_name", s(""), "last_name", s(" ")));
    }

    static AttributeValue s(String text) {
      return AttributeValue.fromS(text);
    }

    CapturedHandler handler() {
      Map<String, String> env = new HashMap<>();
      env.put("AWS_REGION", "us-east-1");
      env.put("TABLE_NAME", table);
      env.put("DYNAMODB_ENDPOINT", Dynalite.shared().endpoint().toString());
      env.put("LOG_LEVEL", "DEBUG");
      return CapturedHandler.of(env); // no CLAIMS_CONFIG: the seed mapping bundled in the jar
    }

    static ObjectNode user(String userName, String version) {
      ObjectNode event = with(version);
      event.put("userName", userName);
      return event;
    }

    List<Case> cases() {
      List<Case> cases = new ArrayList<>();
      Map<String, Consumer<JsonNode>> v2 = new LinkedHashMap<>();
      v2.put(
          "big",
          id ->
              assertEquals(399_000 + SECRET.length(), id.path("first_name").textValue().length()));
      v2.put(
          "deep",
          id -> {
            JsonNode at = id.path("last_name");
            int depth = 0;
            while (at.isObject()) {
              at = at.path("m");
              depth++;
            }
            assertEquals(31, depth);
            assertEquals("leaf-" + SECRET, at.textValue());
          });
      v2.put(
          "numbers",
          id -> {
            assertEquals(
                0, new BigDecimal("1E+125").compareTo(id.path("first_name").decimalValue()));
            assertEquals(
                new BigInteger("12345678901234567890123456789012345678"),
                id.path("last_name").bigIntegerValue());
            assertTrue(id.path("last_name").isIntegralNumber(), "38 digits, not a double");
          });
      v2.put(
          "binary",
          id -> {
            assertEquals(
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
                id.path("first_name").textValue());
            assertEquals(
                "[\"AQID\",\"/wA=\"]",
                Json.compact(id.path("last_name")),
                "a binary set: base64, sorted by bytes");
          });
      v2.put(
          "empty",
          id -> {
            assertEquals("[]", Json.compact(id.path("first_name")));
            assertEquals("{}", Json.compact(id.path("last_name")));
          });
      v2.put(
          "odd-types",
          id -> {
            assertTrue(id.path("first_name").booleanValue());
            assertEquals(4, id.path("last_name").size());
          });
      v2.put("empty-string", id -> assertEquals("", id.path("first_name").textValue()));
      v2.forEach(
          (user, check) ->
              cases.add(
                  Case.of(
                      "item '" + user + "', version 2",
                      user(user, "2"),
                      Shape.V2,
                      r -> check.accept(idClaims(details(r))))));

      cases.add(
          Case.of(
              "item 'numbers', version 1: plain decimal text",
              user("numbers", "1"),
              Shape.V1,
              r -> {
                JsonNode id = idClaims(details(r));
                assertEquals("1" + "0".repeat(125), id.path("first_name").textValue());
                assertEquals(
                    "12345678901234567890123456789012345678", id.path("last_name").textValue());
              }));
      cases.add(
          Case.of(
              "item 'deep', version 1: compact JSON text",
              user("deep", "1"),
              Shape.V1,
              r ->
                  assertTrue(
                      idClaims(details(r))
                          .path("last_name")
                          .textValue()
                          .startsWith("{\"m\":{\"m\":"))));
      cases.add(Case.of("item 'big', version 1", user("big", "1"), Shape.V1, r -> {}));
      cases.add(
          Case.of(
              "item 'binary', version 1",
              user("binary", "1"),
              Shape.V1,
              r ->
                  assertEquals(
                      "[\"AQID\",\"/wA=\"]", idClaims(details(r)).path("last_name").textValue())));

      // events that reach the key template
      ObjectNode numberName = user("x", "2");
      numberName.put("userName", 42);
      cases.add(
          Case.of(
              "userName a number: key USER#42, no such item (onMissing: continue)",
              numberName,
              Shape.V2,
              r -> assertEquals(0, idClaims(details(r)).size())));
      ObjectNode objectName = user("x", "2");
      objectName.putObject("userName").put("id", SECRET);
      cases.add(
          Case.of(
              "userName an object: the key cannot be built (onError: deny)",
              objectName,
              Shape.DENIED,
              r -> {}));
      ObjectNode noName = user("x", "2");
      noName.remove("userName");
      cases.add(Case.of("no userName: no key (onMissing: continue)", noName, Shape.V2, r -> {}));
      ObjectNode hugeName = user("x", "2");
      hugeName.put("userName", SECRET + "k".repeat(5000));
      cases.add(
          Case.of(
              "a key beyond DynamoDB's 2048-byte partition key (rejected: onError: deny)",
              hugeName,
              Shape.DENIED,
              r -> {}));
      ObjectNode hugeAttributes = user("numbers", "2");
      ObjectNode attributes = (ObjectNode) hugeAttributes.path("request").path("userAttributes");
      for (int i = 0; i < 10_000; i++) {
        attributes.put("custom:a" + i, SECRET);
      }
      cases.add(Case.of("10 000 user attributes", hugeAttributes, Shape.V2, r -> {}));
      cases.add(Case.of("not JSON", "{{" + SECRET, Shape.DENIED));
      cases.add(Case.of("an array", "[]", Shape.DENIED));
      cases.add(Case.of("console test event", "{\"request\": {}, \"response\": {}}", Shape.V1));
      return cases;
    }

    @TestFactory
    Stream<DynamicTest> eachOddItemAndEventGetsADefinedOutcome() {
      CapturedHandler h = handler();
      List<DynamicTest> tests = new ArrayList<>();
      int[] n = {0};
      for (Case c : cases()) {
        String ref = "seed-" + ++n[0];
        tests.add(DynamicTest.dynamicTest(c.name(), () -> run(h, c, ref, false)));
      }
      tests.add(
          DynamicTest.dynamicTest(
              "the log holds no attribute value",
              () -> {
                assertLogIsClean(h);
                for (JsonNode line : h.lines()) {
                  assertFalse(line.toString().contains("USER#"), "no key value: " + line);
                }
              }));
      return tests.stream();
    }
  }

  // ---- one summary line per invocation, whatever the input

  /**
   * Every invocation writes exactly one structured summary line ({@code requestId}, {@code
   * outcome}, ...), denied ones included, so a dashboard counting outcomes sees every sign-in.
   *
   * <p>Guards a fixed bug: input that was not JSON was denied without a summary line.
   */
  @TestFactory
  Stream<DynamicTest> everyInvocationWritesOneSummaryLine() throws IOException {
    Path file = dir.resolve("summary.yaml");
    Files.writeString(file, EventOnlyMapping.MAPPING);
    CapturedHandler h =
        CapturedHandler.of(Map.of("CLAIMS_CONFIG", file.toString(), "AWS_REGION", "us-east-1"));
    Map<String, String[]> inputs = new LinkedHashMap<>(); // input, outcome
    inputs.put("a version 2 event", new String[] {Json.compact(v2()), "allowed"});
    inputs.put("an array", new String[] {"[1, 2]", "denied"});
    inputs.put("empty input", new String[] {"", "denied"});
    inputs.put("not JSON", new String[] {"not json", "denied"});
    inputs.put("truncated JSON", new String[] {"{\"version\": \"2\"", "denied"});
    int[] n = {0};
    return inputs.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      String ref = "summary-" + ++n[0];
                      h.invoke(e.getValue()[0].getBytes(StandardCharsets.UTF_8), ref);
                      JsonNode summary = h.invocation(ref); // exactly one
                      assertEquals(
                          e.getValue()[1], summary.path("outcome").asText(), summary.toString());
                    }));
  }

  // ---- conversions DynamoDB itself would refuse to store

  @Test
  void emptySetsAndListsBecomeEmptyArrays() {
    ObjectNode item =
        ItemJson.fromAttributeValues(
            Map.of(
                "ss", AttributeValue.fromSs(List.of()),
                "ns", AttributeValue.fromNs(List.of()),
                "bs", AttributeValue.fromBs(List.of()),
                "l", AttributeValue.fromL(List.of()),
                "m", AttributeValue.fromM(Map.of())));
    for (Iterator<String> names = List.of("ss", "ns", "bs", "l").iterator(); names.hasNext(); ) {
      String name = names.next();
      assertEquals("[]", Json.compact(item.get(name)), name);
    }
    assertEquals("{}", Json.compact(item.get("m")));
  }

  // ---- numbers whose exponent is too large to write out plainly

  /**
   * A number such as {@code 1E+10000} (8 characters) parses, but the project writes decimals in
   * plain form and Jackson refuses to write one with a scale beyond ±9999. The event is refused as
   * it is read: the neutral denial, with the reason as data.
   *
   * <p>Guards a fixed bug: the handler threw {@code JsonGenerationException} (an unknown field is
   * echoed back in the response) or {@code IllegalStateException} (a claim value was rendered for
   * the trace even when no trace was kept).
   */
  @TestFactory
  Stream<DynamicTest> numbersWithAHugeExponentAreRefusedAsTheEventIsRead() throws IOException {
    Path file = dir.resolve("huge-exponent.yaml");
    Files.writeString(file, EventOnlyMapping.MAPPING);
    CapturedHandler h =
        CapturedHandler.of(Map.of("CLAIMS_CONFIG", file.toString(), "AWS_REGION", "us-east-1"));
    Map<String, String> events = new LinkedHashMap<>();
    events.put("in an unknown field", "{\"version\": \"2\", \"extra\": 1E+10000}");
    events.put(
        "in a claim's value",
        "{\"version\": \"2\", \"request\": {\"userAttributes\": {\"email\": 1E+10000}}}");
    events.put(
        "in a claim's value, negative exponent",
        "{\"version\": \"2\", \"request\": {\"userAttributes\": {\"email\": 1E-10000}}}");
    return events.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      Result result;
                      try {
                        result = h.invoke(e.getValue().getBytes(StandardCharsets.UTF_8), "exp");
                      } catch (RuntimeException thrown) {
                        fail(
                            "the handler threw "
                                + thrown
                                + " instead of a response or SignInDenied");
                        return;
                      }
                      // refused as the event is read, before any of it reaches a claim or the
                      // response
                      SignInDenied denied = result.deniedOrFail();
                      assertEquals(String.format(NEUTRAL, "exp"), denied.getMessage());
                      assertEquals(Optional.empty(), denied.path());
                      assertEquals(
                          "the event holds a number too large or too small to handle",
                          denied.reason());
                    }));
  }
}
