package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SnapStart hooks, called directly as Lambda calls them around a snapshot. */
class PrimingTest {

  @Test
  void primingRunsTheWholePathAndLeavesTheHandlerWorking() throws Exception {
    HandlerTest.seedTable();
    Handler handler = new Handler(Wiring.from(Settings.from(HandlerTest.env(null))));
    handler.priming().beforeCheckpoint(null);
    handler.priming().afterRestore(null);
    assertEquals(1, handler.priming().timesPrimed());
    JsonNode result =
        HandlerTest.invoke(handler, Files.readAllBytes(Path.of("events/v2-authentication.json")));
    assertEquals(
        "Jane",
        result
            .at(
                "/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride/first_name")
            .textValue());
  }

  @Test
  void primingSurvivesDenialsAndAnUnreachableTable(@TempDir Path dir) throws Exception {
    Path mapping = dir.resolve("required.yaml");
    Files.writeString(
        mapping,
        """
        version: 1
        source:
          table: users
          key: { pk: "${to_number(event.userName)}" }
        idToken:
          claims:
            tenant: { value: item.tenant, required: true }
        """);
    Map<String, String> env = new java.util.HashMap<>(HandlerTest.env(mapping.toString()));
    env.put("DYNAMODB_ENDPOINT", "http://127.0.0.1:9");
    Handler handler = new Handler(Wiring.from(Settings.from(env)));
    handler.priming().beforeCheckpoint(null);
    assertEquals(1, handler.priming().timesPrimed());
  }
}
