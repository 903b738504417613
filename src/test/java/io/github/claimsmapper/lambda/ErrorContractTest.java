package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The error contract of one invocation, through the real handler class: whatever fails (the input,
 * the lookup, the evaluation, writing the response; exceptions and Errors alike) ends in the
 * response or the neutral denial, with exactly one summary line.
 */
class ErrorContractTest {
  static final String MAPPING =
      """
      version: 1
      source:
        table: users
        key: { id: "USER#${event.userName}" }
        onError: deny
      idToken:
        claims:
          tenant: item.tenant
      """;
  static final String EVENT =
      """
      {"version": "2", "triggerSource": "TokenGeneration_Authentication", "userName": "jane",
       "callerContext": {"clientId": "c1"}, "request": {"userAttributes": {}}, "response": {}}
      """;

  /** The handler over a store, with its log lines and summaries collected. */
  static final class Run {
    final List<String> log = new ArrayList<>();
    final List<Invocation> summaries = new ArrayList<>();
    final Handler handler;

    Run(String mapping, ItemSource store) {
      MappingPlan plan;
      try {
        plan = new MappingLoader(Map.of()).load("m.yaml", mapping).plan();
      } catch (ConfigException e) {
        throw new AssertionError(e.getMessage(), e);
      }
      Log lines = (level, message) -> log.add(level + " " + message);
      handler = new Handler(Wiring.of(new ClaimsMapper(plan, store, lines, summaries::add)));
    }

    ObjectNode respond(String input) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        handler.handleRequest(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            out,
            new TestContext("r-1"));
        return (ObjectNode) Json.MAPPER.readTree(out.toByteArray());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    SignInDenied denied(String input) {
      SignInDenied denied =
          assertThrows(
              SignInDenied.class,
              () ->
                  handler.handleRequest(
                      new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                      new ByteArrayOutputStream(),
                      new TestContext("r-1")));
      assertEquals("Sign-in could not be completed (ref r-1)", denied.getMessage());
      assertEquals(1, summaries.size(), "one summary line: " + summaries);
      assertEquals(Invocation.Outcome.DENIED, summaries.get(0).outcome());
      return denied;
    }
  }

  static ItemSource throwing(Supplier<Throwable> failure) {
    return request -> {
      Throwable t = failure.get();
      if (t instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) t;
    };
  }

  @Test
  void anErrorInTheLookupIsTheNeutralDenialWithOneSummary() {
    for (Supplier<Throwable> failure :
        List.<Supplier<Throwable>>of(
            () -> new StackOverflowError(), () -> new OutOfMemoryError("Java heap space"))) {
      Run run = new Run(MAPPING, throwing(failure));
      run.denied(EVENT);
      String name = failure.get().getClass().getSimpleName();
      assertEquals(
          List.of("ERROR ref r-1: sign-in denied: internal failure (" + name + ")"), run.log);
    }
  }

  @Test
  void anyExceptionFromTheStoreIsAFailedReadThatOnErrorDecides() {
    Run deny =
        new Run(
            MAPPING,
            throwing(() -> new IllegalArgumentException("Unknown attribute type; value 'jane'")));
    deny.denied(EVENT);
    assertEquals(
        List.of(
            "ERROR ref r-1: sign-in denied at $.source: the lookup failed"
                + " (IllegalArgumentException)"),
        deny.log);

    Run proceed =
        new Run(
            MAPPING.replace("onError: deny", "onError: continue"),
            throwing(() -> new IllegalArgumentException("Unknown attribute type; value 'jane'")));
    ObjectNode response = proceed.respond(EVENT);
    assertEquals(
        "{}",
        Json.compact(
            response
                .path("response")
                .path("claimsAndScopeOverrideDetails")
                .path("idTokenGeneration")
                .path("claimsToAddOrOverride")));
    assertEquals(Invocation.Outcome.ALLOWED, proceed.summaries.get(0).outcome());
    assertEquals(
        List.of(
            "WARN ref r-1: $.source: the lookup failed (IllegalArgumentException) (onError:"
                + " continue)"),
        proceed.log);
  }

  /**
   * The denial carries its path and reason as data for the log and the CLI; what the Lambda runtime
   * reports of a thrown exception (its type, message, cause and stack) stays the neutral text and
   * the reference.
   */
  @Test
  void theDenialCarriesItsReasonAsDataButTheLambdaShowsOnlyTheNeutralText() {
    Run run =
        new Run(
            MAPPING,
            throwing(() -> new IllegalArgumentException("Unknown attribute type; value 'jane'")));
    SignInDenied denied = run.denied(EVENT);
    assertEquals(Optional.of("$.source"), denied.path());
    assertEquals("the lookup failed (IllegalArgumentException)", denied.reason());
    assertEquals(
        List.of("ERROR ref r-1: " + denied.explanation()),
        run.log,
        "the log line is the denial's data");
    assertEquals(
        "io.github.claimsmapper.SignInDenied: Sign-in could not be completed (ref r-1)",
        denied.toString());
    assertEquals(null, denied.getCause());
    assertEquals(0, denied.getStackTrace().length);
    assertEquals(0, denied.getSuppressed().length);

    SignInDenied notJson =
        new Run(MAPPING, throwing(() -> new AssertionError("not called"))).denied("not json");
    assertEquals(Optional.empty(), notJson.path());
    assertEquals("the event is not valid JSON", notJson.reason());
  }

  /** Numbers a user can type into their own attribute: refused at once, handled by onError. */
  @Test
  void aNumberAUserTypesIsRefusedThroughOnErrorNotExpandedOrThrown() {
    String mapping =
        MAPPING.replace("onError: deny", "onError: continue")
            + """
                seats: { value: 'event.request.userAttributes."custom:seats"', type: number }
            limits:
              maxClaimBytes: 4000
            """;
    ObjectNode item = Json.MAPPER.createObjectNode().put("tenant", "t-1");
    for (String typed : List.of("1e2147483648", "1e9999999", "1e999999999", "-1e-9999999")) {
      Run run = new Run(mapping, request -> Optional.of(item.deepCopy()));
      ObjectNode response =
          run.respond(
              EVENT.replace(
                  "\"userAttributes\": {}",
                  "\"userAttributes\": {\"custom:seats\": \"" + typed + "\"}"));
      assertEquals(
          "{\"tenant\":\"t-1\"}",
          Json.compact(
              response
                  .path("response")
                  .path("claimsAndScopeOverrideDetails")
                  .path("idTokenGeneration")
                  .path("claimsToAddOrOverride")),
          typed);
      assertEquals(
          List.of(
              "WARN ref r-1: $.idToken.claims.seats: cannot convert string to number: the number is"
                  + " too large or too small to handle exactly (at most 1000 digits before and"
                  + " after the point)"),
          run.log,
          typed);
      assertEquals(Invocation.Outcome.ALLOWED, run.summaries.get(0).outcome());
    }
  }

  /**
   * A claim whose value is the whole event (or the envelope) is the event as it came in, not a
   * cycle.
   */
  @Test
  void aClaimThatIsTheWholeEventIsWrittenNotACycle() throws Exception {
    Run run =
        new Run(
            MAPPING
                + """
                    whole: event
                    envelope: "@"
                """,
            request -> Optional.of(Json.MAPPER.createObjectNode().put("tenant", "t-1")));
    ObjectNode response = run.respond(EVENT);
    JsonNode claims =
        response
            .path("response")
            .path("claimsAndScopeOverrideDetails")
            .path("idTokenGeneration")
            .path("claimsToAddOrOverride");
    assertEquals(Json.MAPPER.readTree(EVENT), claims.path("whole"));
    assertEquals(Json.MAPPER.readTree(EVENT), claims.path("envelope").path("event"));
    assertEquals(Invocation.Outcome.ALLOWED, run.summaries.get(0).outcome());
  }

  @Test
  void aResponseThatCannotBeWrittenIsOneDenialNotAnAllowedAndADenied() {
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.set("tenant", new POJONode(new Object())); // Jackson has no serializer for it
    Run run = new Run(MAPPING, request -> Optional.of(item));
    run.denied(EVENT);
    assertEquals(
        List.of("ERROR ref r-1: sign-in denied: internal failure (IllegalStateException)"),
        run.log);
  }

  @Test
  void inputThatIsNotOneJsonObjectIsDeniedWithOneSummary() {
    ObjectNode item = Json.MAPPER.createObjectNode().put("tenant", "t-1");
    Run allowed = new Run(MAPPING, request -> Optional.of(item.deepCopy()));
    assertEquals(
        "t-1",
        allowed
            .respond(EVENT)
            .path("response")
            .path("claimsAndScopeOverrideDetails")
            .path("idTokenGeneration")
            .path("claimsToAddOrOverride")
            .path("tenant")
            .textValue());
    for (String input : List.of("not json", "", "[1]", EVENT + " {}", EVENT + " trailing")) {
      Run run = new Run(MAPPING, request -> Optional.of(item.deepCopy()));
      run.denied(input);
      assertEquals(1, run.log.size(), input + ": " + run.log);
    }
  }
}
