package io.github.claimsmapper.resilience;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.AppConfigExtension;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The world of the whole-invocation deadline tests: an AppConfig extension serving the mapping (a
 * DynamoDB source), dynalite with the user's item, and a fault proxy in front of it that stalls
 * mid-answer; each setting of the function can be set per handler.
 */
final class InvocationDeadline implements AutoCloseable {
  static final String USER = "deadline-user-5e2b";

  final String table = Dynalite.uniqueTableName("deadline-users");
  final AppConfigExtension extension;
  final FaultProxy stalled;
  final Path dir;
  final byte[] event;
  private final AtomicInteger versions = new AtomicInteger();

  InvocationDeadline(Path dir) throws IOException {
    this.dir = dir;
    Dynalite db = Dynalite.shared();
    db.createTable(table, "id", ScalarAttributeType.S, null, null);
    db.put(table, Json.MAPPER.createObjectNode().put("id", "USER#" + USER).put("plan", "gold"));
    extension = AppConfigExtension.start();
    stalled = FaultProxy.start(db.endpoint()).mode(FaultProxy.Mode.PARTIAL_BODY);
    ObjectNode event =
        (ObjectNode)
            Json.MAPPER.readTree(Files.readAllBytes(Path.of("events/v2-authentication.json")));
    event.put("userName", USER);
    this.event = Json.MAPPER.writeValueAsBytes(event);
  }

  static String mapping(String timeout) {
    return "version: 1\n"
        + "source:\n"
        + "  table: ${env:TABLE_NAME}\n"
        + "  key: { id: \"USER#${event.userName}\" }\n"
        + "  onError: continue\n"
        + "  timeout: "
        + timeout
        + "\n"
        + "idToken:\n"
        + "  claims:\n"
        + "    plan: item.plan\n";
  }

  /**
   * The environment of a handler: the mapping from AppConfig (a new version with this source
   * timeout), checked on every invocation.
   *
   * @param dynamoDbStalls whether DynamoDB stalls mid-answer (else dynalite answers)
   * @param shadow whether a shadow mapping (a file reading the same table) is set
   */
  Map<String, String> env(
      String sourceTimeout,
      int checkTimeoutMillis,
      boolean dynamoDbStalls,
      boolean shadow,
      int shadowBudgetMillis)
      throws IOException {
    extension.behave(AppConfigExtension.Behaviour.SERVE);
    extension.deploy(
        "claims", "prod", "mapping", "v" + versions.incrementAndGet(), mapping(sourceTimeout));
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("TABLE_NAME", table);
    env.put(
        "DYNAMODB_ENDPOINT",
        (dynamoDbStalls ? stalled.endpoint() : Dynalite.shared().endpoint()).toString());
    env.put("CLAIMS_CONFIG", "appconfig:claims/prod/mapping");
    env.put("AWS_APPCONFIG_EXTENSION_HTTP_PORT", String.valueOf(extension.port()));
    env.put("CLAIMS_CONFIG_REFRESH_SECONDS", "0");
    env.put("CLAIMS_CONFIG_TIMEOUT_MILLIS", String.valueOf(checkTimeoutMillis));
    env.put("CLAIMS_SHADOW_BUDGET_MILLIS", String.valueOf(shadowBudgetMillis));
    if (shadow) {
      Path file = dir.resolve("shadow-" + sourceTimeout + ".yaml");
      Files.writeString(file, mapping(sourceTimeout).replace("item.plan", "item.plan != 'x'"));
      env.put("CLAIMS_SHADOW_CONFIG", file.toString());
    }
    env.put("LOG_LEVEL", "INFO");
    return env;
  }

  @Override
  public void close() throws IOException {
    extension.close();
    stalled.close();
  }
}
