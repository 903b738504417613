package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A witness (the function's shadow mapping) sees the invocation and can change nothing of it. */
class WitnessTest {
  static final String EVENT =
      """
      {"version": "2", "triggerSource": "TokenGeneration_Authentication", "userName": "jane",
       "callerContext": {"clientId": "c1"}, "request": {"userAttributes": {"custom:tier": "gold"}}, "response": {}}
      """;

  final List<Invocation> summaries = new ArrayList<>();
  final List<String> log = new ArrayList<>();

  ClaimsMapper mapper(String mapping) throws Exception {
    MappingPlan plan = new MappingLoader(Map.of()).load("m.yaml", mapping).plan();
    return new ClaimsMapper(
        plan,
        request -> {
          throw new AssertionError("no source");
        },
        (level, message) -> log.add(message),
        summaries::add);
  }

  static ByteArrayInputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Throws at every look, as a broken shadow would. */
  static final class Throwing implements ClaimsMapper.Witness {
    int looks;

    @Override
    public void read(JsonNode event) {
      looks++;
      throw new IllegalStateException("read");
    }

    @Override
    public void answered(ObjectNode response) {
      looks++;
      throw new OutOfMemoryError("answered");
    }
  }

  @Test
  void aWitnessThatThrowsChangesNeitherTheResponseNorTheSummary() throws Exception {
    ClaimsMapper mapper =
        mapper(
            "version: 1\n"
                + "idToken:\n"
                + "  claims:\n"
                + "    tier: event.request.userAttributes.\"custom:tier\"\n");
    byte[] plain = mapper.answer(input(EVENT), "r-1", null);
    Throwing witness = new Throwing();
    byte[] witnessed = mapper.answer(input(EVENT), "r-2", null, witness);
    assertArrayEquals(plain, witnessed);
    assertEquals(2, witness.looks);
    assertEquals(
        List.of("allowed", "allowed"), summaries.stream().map(i -> i.outcome().word()).toList());
  }

  @Test
  void aDenialIsWitnessedOnceAsNoResponse() throws Exception {
    ClaimsMapper mapper =
        mapper(
            "version: 1\n"
                + "idToken:\n"
                + "  claims:\n"
                + "    tier:\n"
                + "      value: event.request.userAttributes.missing\n"
                + "      required: true\n");
    List<ObjectNode> seen = new ArrayList<>();
    List<JsonNode> read = new ArrayList<>();
    ClaimsMapper.Witness witness =
        new ClaimsMapper.Witness() {
          @Override
          public void read(JsonNode event) {
            read.add(event.deepCopy());
          }

          @Override
          public void answered(ObjectNode response) {
            seen.add(response);
          }
        };
    assertThrows(SignInDenied.class, () -> mapper.answer(input(EVENT), "r-1", null, witness));
    assertEquals(1, seen.size());
    assertNull(seen.get(0));
    assertEquals("jane", read.get(0).path("userName").asText());
    assertEquals(List.of("denied"), summaries.stream().map(i -> i.outcome().word()).toList());
  }
}
