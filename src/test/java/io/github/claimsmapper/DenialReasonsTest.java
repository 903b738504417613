package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.DenialReason;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.SourceException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every denial carries one reason of the closed set, as data, to the exception and to the summary
 * line; which reasons are the mapping's own request and which are failures (what the alarms watch)
 * is fixed by the reason.
 */
class DenialReasonsTest {
  private static final String SOURCE =
      "version: 1\nsource:\n  table: users\n  key: {id: \"USER#${event.userName}\"}\n";

  /** The denial of one sign-in against a store answering {@code item} ("fail": it fails). */
  private static DenialReason denial(String yaml, String item, byte[] event) throws Exception {
    ItemSource store =
        new ItemSource() {
          @Override
          public Optional<ObjectNode> find(ItemRequest request) {
            if (item == null) {
              return Optional.empty();
            }
            if (item.equals("fail")) {
              throw new SourceException("DynamoDB is unavailable (throttled)", null);
            }
            try {
              return Optional.of((ObjectNode) Json.MAPPER.readTree(item));
            } catch (java.io.IOException e) {
              throw new IllegalStateException(e);
            }
          }
        };
    List<Invocation> summaries = new ArrayList<>();
    ClaimsMapper mapper =
        new ClaimsMapper(
            new MappingLoader(Map.of()).load("reasons.yaml", yaml).plan(),
            store,
            Log.NONE,
            summaries::add);
    SignInDenied denied =
        assertThrows(
            SignInDenied.class,
            () -> mapper.answer(new ByteArrayInputStream(event), "r-reason", null));
    assertEquals(1, summaries.size());
    assertEquals(denied.kind(), summaries.get(0).reason(), "the summary line's reason");
    assertEquals(Invocation.Outcome.DENIED, summaries.get(0).outcome());
    return denied.kind();
  }

  private static byte[] event() throws Exception {
    return Files.readAllBytes(Path.of("events/v2-authentication.json"));
  }

  @Test
  void eachDenialHasItsReason() throws Exception {
    assertEquals(
        DenialReason.NO_ITEM,
        denial(SOURCE + "  onMissing: deny\nidToken:\n  claims:\n    a: item.a\n", null, event()));
    assertEquals(
        DenialReason.REQUIRED_MISSING,
        denial(
            SOURCE + "idToken:\n  claims:\n    a: {value: item.a, required: true}\n",
            "{\"b\":1}",
            event()));
    // a rule whose condition this user's data makes too costly to decide: skipping it could widen,
    // so it denies, and that is a failure to look at, not a denial the mapping asked for
    String bomb = "item.list" + " | [@, @][]".repeat(28);
    assertEquals(
        DenialReason.RULE_DENIED,
        denial(
            SOURCE
                + "idToken:\n  claims:\n    a: item.a\nrules:\n  - when: \"length("
                + bomb
                + ") > `1`\"\n    idToken:\n      claims:\n        long: {const: true}\n",
            "{\"list\":[1,2,3,4]}",
            event()));
    assertEquals(
        DenialReason.LOOKUP_FAILED,
        denial(SOURCE + "  onError: deny\nidToken:\n  claims:\n    a: item.a\n", "fail", event()));
    assertEquals(
        DenialReason.EVALUATION_FAILED,
        denial(
            SOURCE + "idToken:\n  claims:\n    a: {value: item.a, type: number}\n",
            "{\"a\":\"seven\"}",
            event()));
    assertEquals(
        DenialReason.INVALID_EVENT,
        denial(
            SOURCE + "idToken:\n  claims:\n    a: item.a\n",
            "{}",
            "not json".getBytes(StandardCharsets.UTF_8)));
  }

  /** A failure of our own code (here: the log breaks mid-invocation) is internal. */
  @Test
  void anUnexpectedFailureIsInternal() throws Exception {
    Log breaking =
        (level, message) -> {
          if (level == Log.Level.WARN) {
            throw new IllegalStateException("the log is broken");
          }
        };
    List<Invocation> summaries = new ArrayList<>();
    ClaimsMapper mapper =
        new ClaimsMapper(
            new MappingLoader(Map.of())
                .load("internal.yaml", "version: 1\naccessToken:\n  claims:\n    a: {const: 1}\n")
                .plan(),
            request -> Optional.empty(),
            breaking,
            summaries::add);
    // a version 1 event with access-token claims logs a warning: the broken log throws there
    byte[] v1 = Files.readAllBytes(Path.of("events/v1-hosted-auth.json"));
    SignInDenied denied =
        assertThrows(
            SignInDenied.class,
            () -> mapper.answer(new ByteArrayInputStream(v1), "r-internal", null));
    assertEquals(DenialReason.INTERNAL, denied.kind());
    assertEquals(DenialReason.INTERNAL, summaries.get(0).reason());
  }

  @Test
  void anAllowedSignInHasNoReason() throws Exception {
    List<Invocation> summaries = new ArrayList<>();
    ClaimsMapper mapper =
        new ClaimsMapper(
            new MappingLoader(Map.of())
                .load("ok.yaml", "version: 1\nidToken:\n  claims:\n    a: {const: 1}\n")
                .plan(),
            request -> Optional.empty(),
            Log.NONE,
            summaries::add);
    JsonNode event = Json.MAPPER.readTree(event());
    mapper.respond(event, "r-ok");
    assertNull(summaries.get(0).reason());
    assertEquals(Invocation.Outcome.ALLOWED, summaries.get(0).outcome());
  }

  /** Asked-for denials are the user's data; failures are the alarms' business. */
  @Test
  void theMappingAsksForThreeReasonsAndTheRestAreFailures() {
    List<String> asked = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (DenialReason reason : DenialReason.values()) {
      (reason.asked() ? asked : failures).add(reason.word());
    }
    assertEquals(List.of("no_item", "required_missing", "too_many_items"), asked);
    assertEquals(
        List.of("rule_denied", "lookup_failed", "evaluation_failed", "invalid_event", "internal"),
        failures);
  }
}
