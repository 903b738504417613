package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.testing.CallCounter;
import io.github.claimsmapper.testing.QueryTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

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

  /** A mapping with a query source: priming sends its Query as well as the GetItem. */
  @Test
  void primingSendsTheQueryOfAMappingWithOne() throws Exception {
    QueryTables tables = QueryTables.shared();
    CallCounter calls = new CallCounter();
    MappingPlan plan = // the user's item by GetItem; its first query source: memberships
        new MappingLoader(tables.env())
            .load("memberships.yaml", Files.readString(Path.of("config/memberships.yaml")))
            .plan();
    try (DynamoDbClient client = calls.client()) {
      Priming priming = new Priming(plan, new DynamoDbItemSource(client), Log.NONE);
      priming.prime();
      assertEquals(1, priming.timesPrimed());
    }
    List<String> sent = calls.operations().stream().sorted().toList();
    assertEquals(List.of("GetItem", "Query"), sent);
    QueryRequest query = calls.requests(QueryRequest.class).get(0);
    assertEquals(tables.app(), query.tableName());
    assertEquals(
        "snapstart-priming",
        query.expressionAttributeValues().get(":k0").s(),
        "the synthetic user");
  }

  /** Two item sources that need no other are one round: priming reads them as a sign-in does. */
  @Test
  void primingReadsTheFirstRoundsItemsTogether() throws Exception {
    QueryTables tables = QueryTables.shared();
    CallCounter calls = new CallCounter();
    MappingPlan plan =
        new MappingLoader(tables.env())
            .load(
                "two-items.yaml",
                """
                version: 1
                source:
                  table: %s
                  key: { id: "USER#${event.request.userAttributes.sub}" }
                sources:
                  tenant:
                    table: %s
                    key: { pk: "TENANT#${event.request.userAttributes.sub}" }
                idToken:
                  claims:
                    plan: item.plan
                    tenant_name: tenant.name
                """
                    .formatted(tables.accounts(), tables.tenants()))
            .plan();
    try (DynamoDbClient client = calls.client()) {
      new Priming(plan, new DynamoDbItemSource(client), Log.NONE).prime();
    }
    assertEquals(List.of("BatchGetItem"), calls.operations());
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
