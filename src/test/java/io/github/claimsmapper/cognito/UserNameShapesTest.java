package io.github.claimsmapper.cognito;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the README promises for a {@code userName} that is not a string: absent or null, the key
 * cannot be built and {@code onMissing} decides; an object or array is no key value, and {@code
 * onError} decides. A claim sees the value as it came.
 */
class UserNameShapesTest {

  private final List<String> looked = new ArrayList<>();

  private JsonNode respond(String onMissing, String onError, JsonNode userName) throws Exception {
    String mapping =
        """
        version: 1
        source:
          table: users
          key: { id: "USER#${event.userName}" }
          onMissing: %s
          onError: %s
        idToken:
          claims:
            tier: { const: gold }
            plan: item.plan
        """
            .formatted(onMissing, onError);
    MappingLoader.Result loaded = new MappingLoader(Map.of()).load("mapping.yaml", mapping);
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json")));
    if (userName == null) {
      event.remove("userName");
    } else {
      event.set("userName", userName);
    }
    ObjectNode response =
        new ClaimsMapper(
                loaded.plan(),
                request -> {
                  looked.add(request.key().toString());
                  return Optional.of(Json.MAPPER.createObjectNode().put("plan", "pro"));
                },
                Log.NONE)
            .respond(event, "test");
    return response.at(
        "/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride");
  }

  @Test
  void anObjectOrArrayFollowsOnError() throws Exception {
    for (String shape : List.of("{\"name\": \"jane\"}", "[\"jane\"]")) {
      JsonNode userName = Json.MAPPER.readTree(shape);
      assertThrows(SignInDenied.class, () -> respond("continue", "deny", userName), shape);
      assertThrows(SignInDenied.class, () -> respond("continue", "stale", userName), shape);
      JsonNode claims = respond("deny", "continue", userName);
      assertEquals("gold", claims.path("tier").textValue(), shape);
      assertTrue(claims.path("plan").isMissingNode(), shape);
    }
    assertTrue(looked.isEmpty(), "no lookup without a key: " + looked);
  }

  @Test
  void absentOrNullFollowsOnMissing() throws Exception {
    for (JsonNode userName : new JsonNode[] {null, Json.MAPPER.nullNode()}) {
      assertThrows(SignInDenied.class, () -> respond("deny", "continue", userName));
      JsonNode claims = respond("continue", "deny", userName);
      assertEquals("gold", claims.path("tier").textValue());
      assertTrue(claims.path("plan").isMissingNode());
    }
    assertTrue(looked.isEmpty(), "no lookup without a key: " + looked);
  }

  @Test
  void aNumberIsAKeyValue() throws Exception {
    JsonNode claims = respond("deny", "deny", Json.MAPPER.readTree("42"));
    assertEquals("pro", claims.path("plan").textValue());
    assertEquals(List.of("{id=\"USER#42\"}"), looked);
  }
}
