package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the handler accepts as an event: one JSON value, bounded, nothing after it. */
class EventInputTest {
  private final List<String> logged = new ArrayList<>();
  private final Handler handler = handler();

  private Handler handler() {
    try {
      MappingLoader.Result loaded =
          new MappingLoader(Map.of())
              .load("mapping.yaml", "version: 1\nidToken:\n  claims:\n    tier: { const: gold }\n");
      Log log = (level, message) -> logged.add(message);
      return new Handler(
          Wiring.of(new ClaimsMapper(loaded.plan(), request -> Optional.empty(), log)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode invoke(InputStream input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(input, out, new TestContext("request-1"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static String event() throws IOException {
    return Files.readString(Path.of("events/v2-authentication.json"));
  }

  @Test
  void whitespaceAfterTheEventIsFine() throws IOException {
    JsonNode response =
        invoke(new ByteArrayInputStream((event() + "\n \r\n\t").getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "gold",
        response
            .at(
                "/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride/tier")
            .textValue());
  }

  @Test
  void dataAfterTheEventIsRefusedWithoutLeakingIt() throws IOException {
    for (String trailing :
        List.of(
            " {\"userName\": \"second-secret\"}", "second-secret", "]", "\"second-secret\"", "{")) {
      logged.clear();
      byte[] input = (event() + trailing).getBytes(StandardCharsets.UTF_8);
      SignInDenied denied =
          assertThrows(SignInDenied.class, () -> invoke(new ByteArrayInputStream(input)), trailing);
      assertEquals("Sign-in could not be completed (ref request-1)", denied.getMessage());
      assertFalse(String.join("\n", logged).contains("second-secret"), logged.toString());
      assertTrue(
          logged.stream().anyMatch(line -> line.contains("the event is not valid JSON")),
          logged.toString());
    }
  }

  @Test
  @Timeout(120)
  void endlessInputIsRefusedAtTheLambdaPayloadLimit() {
    int[] served = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            served[0]++;
            return ' ';
          }

          @Override
          public int read(byte[] into, int offset, int length) {
            Arrays.fill(into, offset, offset + length, (byte) ' ');
            served[0] += length;
            return length;
          }
        };
    SignInDenied denied = assertThrows(SignInDenied.class, () -> invoke(endless));
    assertEquals("Sign-in could not be completed (ref request-1)", denied.getMessage());
    assertTrue(served[0] <= 6 * 1024 * 1024 + 1, "read " + served[0] + " bytes");
  }
}
