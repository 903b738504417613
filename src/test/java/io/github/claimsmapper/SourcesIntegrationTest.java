package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.testing.CallCounter;
import io.github.claimsmapper.testing.Dynalite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Named sources against the real DynamoDB-compatible server: independent sources cost one round
 * trip (one BatchGetItem), a source that needs another's value comes in the next round.
 */
class SourcesIntegrationTest {

  @Test
  void independentSourcesShareOneRoundTripAndDependentOnesFollow() throws Exception {
    Dynalite db = Dynalite.shared();
    String users = Dynalite.uniqueTableName("users");
    String prefs = Dynalite.uniqueTableName("prefs");
    String tenants = Dynalite.uniqueTableName("tenants");
    db.createTable(users, "id", ScalarAttributeType.S, null, null);
    db.createTable(prefs, "user", ScalarAttributeType.S, null, null);
    db.createTable(tenants, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    String user = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
    db.put(
        users,
        (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("events/items/user.json"))));
    db.put(
        prefs,
        (ObjectNode)
            Json.MAPPER.readTree(
                "{\"user\": \"" + user + "\", \"locale\": \"de-DE\", \"name\": \"x\"}"));
    db.put(
        tenants,
        (ObjectNode)
            Json.MAPPER.readTree(
                "{\"pk\": \"TENANT#t-1\", \"sk\": 25, \"plan\": \"gold\", \"size\": \"L\"}"));

    String mapping =
        """
        version: 1
        source:
          table: ${env:USERS}
          key: { id: "USER#${event.userName}" }
        sources:
          prefs:
            table: ${env:PREFS}
            key: { user: "${event.userName}" }
          tenant:
            table: ${env:TENANTS}
            key: { pk: "TENANT#${item.tenant.id}", sk: "${item.seats}" }
        idToken:
          claims:
            name: "${item.first_name} ${item.last_name}"
            locale: prefs.locale
            plan: tenant.plan
            tenant_size: tenant.size
        """;
    var plan =
        new MappingLoader(Map.of("USERS", users, "PREFS", prefs, "TENANTS", tenants))
            .load("sources.yaml", mapping)
            .plan();
    CallCounter counter = new CallCounter();
    try (DynamoDbClient client = counter.client()) {
      ClaimsMapper mapper = new ClaimsMapper(plan, new DynamoDbItemSource(client), Log.NONE);
      JsonNode result =
          mapper.respond(
              Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json"))),
              "it");
      assertEquals(
          "{\"name\":\"Jane Doe\",\"locale\":\"de-DE\",\"plan\":\"gold\",\"tenant_size\":\"L\"}",
          Json.compact(
              result.at(
                  "/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride")));
      assertEquals(
          List.of("BatchGetItem", "GetItem"),
          counter.operations(),
          "round 1: item and prefs together; round 2: tenant, whose key needs the item");
    }
  }
}
