package io.github.claimsmapper.cognito;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Our hand-written response, for a string-only mapping, reads back through the official event
 * classes of aws-lambda-java-events with the same claims: same names, same nesting.
 */
class WireCompatibilityTest {
  static final ObjectMapper OFFICIAL =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .build();

  static final String MAPPING =
      """
      version: 1
      source:
        table: users
        key: { id: "USER#${event.userName}" }
      idToken:
        claims:
          first_name: item.first_name
          tenant: item.tenant.id
        suppress: [phone_number]
      accessToken:
        claims:
          interesting_value: item.interesting_value
        suppress: [email]
        scopes:
          add: [orders-api/read]
          suppress: [aws.cognito.signin.user.admin]
      groups:
        groups: item.groups
      """;

  ObjectNode respond(String eventFile) throws Exception {
    ObjectNode item =
        (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("events/items/user.json")));
    ClaimsMapper mapper =
        new ClaimsMapper(
            new MappingLoader(Map.of()).load("wire.yaml", MAPPING).plan(),
            request -> Optional.of(item),
            Log.NONE);
    return mapper.respond(Json.MAPPER.readTree(Files.readString(Path.of(eventFile))), "wire");
  }

  @Test
  void versionTwoResponseReadsBackThroughTheOfficialV2Class() throws Exception {
    ObjectNode response = respond("events/v2-authentication.json");
    var event = OFFICIAL.treeToValue(response, CognitoUserPoolPreTokenGenerationEventV2.class);
    var details = event.getResponse().getClaimsAndScopeOverrideDetails();
    assertEquals(
        Map.of("first_name", "Jane", "tenant", "t-1"),
        details.getIdTokenGeneration().getClaimsToAddOrOverride());
    assertArrayEquals(
        new String[] {"phone_number"}, details.getIdTokenGeneration().getClaimsToSuppress());
    assertEquals(
        Map.of("interesting_value", "blue"),
        details.getAccessTokenGeneration().getClaimsToAddOrOverride());
    assertArrayEquals(
        new String[] {"email"}, details.getAccessTokenGeneration().getClaimsToSuppress());
    assertArrayEquals(
        new String[] {"orders-api/read"}, details.getAccessTokenGeneration().getScopesToAdd());
    assertArrayEquals(
        new String[] {"aws.cognito.signin.user.admin"},
        details.getAccessTokenGeneration().getScopesToSuppress());
    assertArrayEquals(
        new String[] {"editors", "tenant-t-1"},
        details.getGroupOverrideDetails().getGroupsToOverride());
    assertArrayEquals(new String[] {}, details.getGroupOverrideDetails().getIamRolesToOverride());
    assertEquals(null, details.getGroupOverrideDetails().getPreferredRole());
    assertEquals("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", event.getUserName());
    assertEquals(
        List.of("aws.cognito.signin.user.admin", "openid", "email", "profile"),
        List.of(event.getRequest().getScopes()));
  }

  @Test
  void versionOneResponseReadsBackThroughTheOfficialV1Class() throws Exception {
    ObjectNode response = respond("events/v1-hosted-auth.json");
    var event = OFFICIAL.treeToValue(response, CognitoUserPoolPreTokenGenerationEvent.class);
    var details = event.getResponse().getClaimsOverrideDetails();
    assertEquals(Map.of("first_name", "Jane", "tenant", "t-1"), details.getClaimsToAddOrOverride());
    assertArrayEquals(new String[] {"phone_number"}, details.getClaimsToSuppress());
    assertArrayEquals(
        new String[] {"editors", "tenant-t-1"},
        details.getGroupOverrideDetails().getGroupsToOverride());
  }
}
