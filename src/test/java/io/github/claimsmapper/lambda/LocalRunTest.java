package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.cli.DynamoDbJson;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The local run of docs/local-run.md without Docker: the sample item loaded as {@code put-item}
 * would load it, the function's environment from {@code env.json} (the endpoint pointed at dynalite
 * instead of {@code host.docker.internal}), and the sample event {@code sam local invoke -e} sends.
 */
class LocalRunTest {
  static final Path ENV_JSON = Path.of("env.json");

  static Map<String, String> parameters() throws Exception {
    JsonNode parameters = Json.MAPPER.readTree(Files.readString(ENV_JSON)).get("Parameters");
    assertTrue(
        parameters != null && parameters.isObject(),
        "sam local's env file: {\"Parameters\": {...}} for every function");
    Map<String, String> env = new HashMap<>();
    parameters
        .properties()
        .forEach(
            f -> {
              assertTrue(f.getValue().isTextual(), f.getKey() + ": environment values are strings");
              env.put(f.getKey(), f.getValue().asText());
            });
    return env;
  }

  @Test
  void everyVariableInEnvJsonIsOneTheFunctionReads() throws Exception {
    Map<String, String> env = parameters();
    assertTrue(
        Files.readString(Path.of("config/claims.yaml")).contains("${env:TABLE_NAME"),
        "the bundled mapping reads TABLE_NAME");
    assertEquals(
        Set.of("TABLE_NAME", DynamoDbClients.ENDPOINT_VARIABLE, EmbeddedMetrics.NAMESPACE_VARIABLE),
        env.keySet());
    assertEquals("CognitoClaimsMapper/local", EmbeddedMetrics.from(env).namespace());
    assertTrue(EmbeddedMetrics.from(env).problem().isEmpty());
    URI endpoint = URI.create(env.get(DynamoDbClients.ENDPOINT_VARIABLE));
    assertEquals(
        "host.docker.internal",
        endpoint.getHost(),
        "from inside the container, the host's DynamoDB Local");
    assertEquals(8000, endpoint.getPort(), "DynamoDB Local's port in the docs' docker run");
  }

  @Test
  void theFunctionAnswersTheSampleEventFromTheSampleItemWithThatEnvironment() throws Exception {
    Dynalite db = Dynalite.shared();
    String table = Dynalite.uniqueTableName("local-run");
    db.createTable(table, "id", ScalarAttributeType.S, null, null);
    JsonNode putItemFile =
        Json.MAPPER.readTree(Files.readString(Path.of("events/items/user.dynamodb.json")));
    db.put(table, DynamoDbJson.toItem(putItemFile));

    Map<String, String> env = parameters();
    env.put("TABLE_NAME", table);
    env.put(DynamoDbClients.ENDPOINT_VARIABLE, db.endpoint().toString());
    env.put("AWS_REGION", "us-east-1");
    env.put("LOG_LEVEL", "WARN"); // the test's output stays short
    Handler handler = new Handler(Wiring.from(Settings.from(env)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Files.readAllBytes(Path.of("events/v2-authentication.json"))),
        out,
        new TestContext("local-1"));
    JsonNode details =
        Json.MAPPER.readTree(out.toByteArray()).at("/response/claimsAndScopeOverrideDetails");
    assertEquals(
        Json.MAPPER.readTree("{\"first_name\":\"Jane\",\"last_name\":\"Doe\"}"),
        details.at("/idTokenGeneration/claimsToAddOrOverride"));
    assertEquals(
        Json.MAPPER.readTree("{\"interesting_value\":\"blue\"}"),
        details.at("/accessTokenGeneration/claimsToAddOrOverride"));
  }

  /**
   * sam local invoke sets only the variables the template declares for the function: each one of
   * env.json must be declared in template.yaml, or the local run would silently read the real
   * regional DynamoDB. (template.yaml is the SAM template of docs/deploy.md.)
   */
  @Test
  void theSamTemplateDeclaresEveryVariableOfEnvJson() throws Exception {
    Path template = Path.of("template.yaml");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(template), "no SAM template in this tree yet");
    JsonNode resources =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(Files.readString(template).replaceAll("!(\\w+)", ""))
            .get("Resources");
    Set<String> declared = new java.util.TreeSet<>();
    resources.forEach(
        r -> {
          if ("AWS::Serverless::Function".equals(r.path("Type").asText())) {
            r.at("/Properties/Environment/Variables").fieldNames().forEachRemaining(declared::add);
          }
        });
    assertTrue(
        declared.containsAll(parameters().keySet()),
        "template.yaml declares " + declared + "; env.json sets " + parameters().keySet());
  }

  @Test
  void theDocsShowEnvJsonAsItIs() throws Exception {
    Matcher block =
        Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("docs/local-run.md")));
    JsonNode file = Json.MAPPER.readTree(Files.readString(ENV_JSON));
    boolean shown = false;
    while (block.find()) {
      shown |= Json.MAPPER.readTree(block.group(1)).equals(file);
    }
    assertTrue(shown, "docs/local-run.md shows env.json");
  }
}
