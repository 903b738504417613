package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An environment value is text wherever it lands: never evaluated as an expression or template,
 * never shown in a diagnostic; and the runtime's credentials are not available at all.
 */
class EnvironmentPlaceholdersTest {
  private static final String SECRET = "hunter2' || item.password || '${item.password}";

  private static JsonNode claims(String mapping, Map<String, String> env, String clientId)
      throws Exception {
    MappingLoader.Result loaded = new MappingLoader(env).load("mapping.yaml", mapping);
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json")));
    ((ObjectNode) event.path("callerContext")).put("clientId", clientId);
    ((ObjectNode) event.path("request").path("userAttributes"))
        .put("custom:password", "from-the-user");
    ObjectNode response =
        new ClaimsMapper(
                loaded.plan(),
                request ->
                    Optional.of(Json.MAPPER.createObjectNode().put("password", "from-the-table")),
                Log.NONE)
            .respond(event, "test");
    return response
        .path("response")
        .path("claimsAndScopeOverrideDetails")
        .path("idTokenGeneration")
        .path("claimsToAddOrOverride");
  }

  private static MappingLoader.Result load(Map<String, String> env, String mapping)
      throws ConfigException {
    return new MappingLoader(env).load("mapping.yaml", mapping);
  }

  @Test
  void aValueInATemplateStaysText() throws Exception {
    JsonNode claims =
        claims(
            """
            version: 1
            idToken:
              claims:
                greeting: "Hi ${env:GREETING} ${event.userName}"
            """,
            Map.of("GREETING", "${event.request.userAttributes.\"custom:password\"}"),
            "c");
    assertEquals(
        "Hi ${event.request.userAttributes.\"custom:password\"}"
            + " a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        claims.path("greeting").textValue());
  }

  @Test
  void aValueInAGroupRegexMatchesItselfNotAsAPattern() throws Exception {
    MappingLoader.Result loaded =
        load(
            Map.of("PREFIX", "acme.eu"),
            """
            version: 1
            groups:
              groups: "['acme.eu-7', 'acmeXeu-7', 'acme.eu-x']"
              keep: { regex: "${env:PREFIX}-[0-9]+" }
            """);
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json")));
    ObjectNode response =
        new ClaimsMapper(loaded.plan(), request -> Optional.empty(), Log.NONE).respond(event, "t");
    assertEquals(
        Json.MAPPER.readTree("[\"acme.eu-7\"]"),
        response.at(
            "/response/claimsAndScopeOverrideDetails/groupOverrideDetails/groupsToOverride"));
  }

  @Test
  void aValueThatIsNoPatternOfItsOwnLoadsAsTheTextItIs() throws Exception {
    MappingLoader.Result loaded =
        load(
            Map.of("PREFIX", "a(b"),
            """
            version: 1
            groups:
              keep: { regex: "${env:PREFIX}-[0-9]+" }
            """);
    assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
  }

  @Test
  void aValueInAKeyTemplateStaysText() throws Exception {
    MappingLoader.Result loaded =
        load(
            Map.of("PREFIX", "${item.password}"),
            """
            version: 1
            source:
              table: users
              key: { id: "${env:PREFIX}#${event.userName}" }
              onMissing: continue
            idToken:
              claims:
                tier: item.tier
            """);
    String[] asked = new String[1];
    JsonNode event =
        Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json")));
    new ClaimsMapper(
            loaded.plan(),
            request -> {
              asked[0] = request.key().toString();
              return Optional.empty();
            },
            Log.NONE)
        .respond(event, "test");
    assertTrue(asked[0].contains("${item.password}#a1b2c3d4"), asked[0]);
  }

  @Test
  void aValueInAnExpressionIsAStringLiteral() throws Exception {
    String mapping =
        """
        version: 1
        rules:
          - when: "event.callerContext.clientId == '${env:CLIENT}'"
            idToken:
              claims:
                partner: { const: granted }
        """;
    Map<String, String> env = Map.of("CLIENT", "it's' || `true` || '");
    assertEquals(
        "granted", claims(mapping, env, "it's' || `true` || '").path("partner").textValue());
    assertTrue(
        claims(mapping, env, "someone-else").path("partner").isMissingNode(),
        "the value's quote must not end the string and make the condition always true");
  }

  @Test
  void noDiagnosticShowsAnEnvironmentValue() throws Exception {
    Map<String, String> env =
        Map.of(
            "TABLE_NAME",
            "users",
            "CLAIMS_MAPPER_TEST_SECRET",
            SECRET,
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "CLAIMS_MAPPER_TEST_PATTERN",
            "orders-api/adm*n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                new MappingLoader(env)
                    .load(Path.of("src/test/resources/invalid/env-placeholders-refused.yaml")));
    for (Diagnostic d : e.diagnostics()) {
      assertFalse(
          d.message().contains("hunter2")
              || d.message().contains("wJalr")
              || d.message().contains("adm*n"),
          d.format());
    }
  }

  @Test
  void aValueThatBreaksAnExpressionIsNotEchoed() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    Map.of("V", "s3cr3t-value"),
                    """
                    version: 1
                    idToken:
                      claims:
                        x: "'${env:V}' | [?"
                    """));
    assertEquals(1, e.diagnostics().size(), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  @Test
  void theRuntimeCredentialsAreRefusedEvenWithADefault() {
    for (String name : Placeholders.REFUSED) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  load(
                      Map.of(name, "AKIAEXAMPLE"),
                      "version: 1\nidToken:\n  claims:\n    k: { const: \"${env:"
                          + name
                          + ":-x}\" }\n"));
      assertEquals(
          "mapping.yaml:4:18: $.idToken.claims.k.const: ${env:"
              + name
              + "} is set by the Lambda runtime and holds the function's credentials or its runtime"
              + " endpoint: a mapping cannot use it",
          e.getMessage());
    }
  }
}
