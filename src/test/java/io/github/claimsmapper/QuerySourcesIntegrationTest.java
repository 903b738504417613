package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.DenialReason;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.testing.CallCounter;
import io.github.claimsmapper.testing.QueryTables;
import io.github.claimsmapper.testing.Responses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Query and forEach sources against the real DynamoDB-compatible server: every sort-key operator,
 * indexes (global and local), limits and truncation, pages past 1 MB, a missing index, queries and
 * items depending on each other, and what each call asks for (counted and inspected on the client).
 */
class QuerySourcesIntegrationTest {
  private static QueryTables tables;
  private static CallCounter calls;
  private static DynamoDbClient client;
  private static JsonNode event;

  @BeforeAll
  static void connect() throws Exception {
    tables = QueryTables.shared();
    calls = new CallCounter();
    client = calls.client();
    event = Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json")));
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @BeforeEach
  void forgetCalls() {
    calls.reset();
  }

  private static MappingPlan plan(String yaml) {
    Map<String, String> env = new HashMap<>(tables.env());
    try {
      return new MappingLoader(env).load("query.yaml", yaml).plan();
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static ObjectNode respond(String yaml) {
    return new ClaimsMapper(plan(yaml), new DynamoDbItemSource(client), Log.NONE)
        .respond(event, "it");
  }

  private static String memberships(String sortKey, String more) {
    return """
    version: 1
    sources:
      m:
        table: ${env:APP_TABLE}
        query:
          pk: "USER#${event.request.userAttributes.sub}"
    %s
    %s
    idToken:
      claims:
        sks: { value: "m[].sk", type: array }
    """
        .formatted(sortKey.isEmpty() ? "" : "      sk: " + sortKey, more.indent(4).stripTrailing());
  }

  /**
   * The claim {@code v} (compact JSON) of a mapping whose source {@code r} reads the readings table
   * as {@code read} says.
   */
  private static String readings(String read) {
    String yaml =
        """
        version: 1
        sources:
          r:
            table: ${env:READINGS_TABLE}
        %s
        idToken:
          claims:
            v: { value: "r[].v", type: array }
        """
            .formatted(read.indent(4).stripTrailing());
    return Json.compact(Responses.idClaims(respond(yaml)).get("v"));
  }

  @ParameterizedTest(name = "sk: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"TENANT#acme\"'                           | TENANT#acme",
        "'{ equals: \"TENANT#globex\" }'             | TENANT#globex",
        "'{ beginsWith: \"TENANT#\" }'               | TENANT#acme TENANT#globex TENANT#initech",
        "'{ between: [\"TENANT#b\", \"TENANT#h\"] }' | TENANT#globex",
        "'{ lt: \"TENANT#globex\" }'                 | PROFILE TENANT#acme",
        "'{ le: \"TENANT#globex\" }'                 | PROFILE TENANT#acme TENANT#globex",
        "'{ gt: \"TENANT#globex\" }'                 | TENANT#initech",
        "'{ ge: \"TENANT#globex\" }'                 | TENANT#globex TENANT#initech",
      })
  void everySortKeyOperatorSelectsWhatDynamoDbSelects(String condition, String expected) {
    JsonNode sks = Responses.idClaims(respond(memberships(condition, ""))).get("sks");
    List<String> found = new ArrayList<>();
    sks.forEach(sk -> found.add(sk.asText()));
    assertEquals(List.of(expected.split(" ")), found);
    assertEquals(List.of("Query"), calls.operations());
  }

  @Test
  void theWholePartitionWithoutASortKeyConditionAndInReverseWhenAsked() {
    assertEquals(
        "[\"PROFILE\",\"TENANT#acme\",\"TENANT#globex\",\"TENANT#initech\"]",
        Json.compact(Responses.idClaims(respond(memberships("", ""))).get("sks")));
    assertEquals(
        "[\"TENANT#initech\",\"TENANT#globex\",\"TENANT#acme\",\"PROFILE\"]",
        Json.compact(
            Responses.idClaims(respond(memberships("", "scanIndexForward: false"))).get("sks")));
  }

  @Test
  void numbersAreSentAsNumbersToANumericSortKey() {
    assertEquals(
        "[\"r2\",\"r3\",\"r4\"]",
        readings(
            """
            query:
              pk: R
              sk: { between: ["${to_number('2')}", "${to_number('4')}"] }
            """));
  }

  @Test
  void moreMatchesThanTheLimitDenyByDefaultAndContinueWithTheFirstWhenTheFileSaysSo() {
    SignInDenied denied =
        assertThrows(
            SignInDenied.class,
            () -> respond(memberships("{ beginsWith: \"TENANT#\" }", "limit: 2")));
    assertEquals("$.sources.m.onTruncated", denied.path().orElseThrow());
    assertEquals("more than 2 items match (onTruncated: deny)", denied.reason());
    assertEquals(DenialReason.TOO_MANY_ITEMS, denied.kind());

    JsonNode sks =
        Responses.idClaims(
                respond(
                    memberships("{ beginsWith: \"TENANT#\" }", "limit: 2\nonTruncated: continue")))
            .get("sks");
    assertEquals("[\"TENANT#acme\",\"TENANT#globex\"]", Json.compact(sks));
  }

  @Test
  void exactlyTheLimitIsNotTruncationAndTheQueryAsksForOneMore() {
    JsonNode sks =
        Responses.idClaims(respond(memberships("{ beginsWith: \"TENANT#\" }", "limit: 3")))
            .get("sks");
    assertEquals("[\"TENANT#acme\",\"TENANT#globex\",\"TENANT#initech\"]", Json.compact(sks));
    List<QueryRequest> sent = calls.requests(QueryRequest.class);
    assertEquals(1, sent.size());
    assertEquals(4, sent.get(0).limit(), "limit + 1 tells a full list from a truncated one");
  }

  @Test
  void pagesPastOneMegabyteAreFollowedWithinTheLimit() {
    String yaml =
        """
        version: 1
        sources:
          big:
            table: ${env:BIG_TABLE}
            query: { pk: BIG }
            limit: %d
            onTruncated: continue
        idToken:
          claims:
            n: "length(big)"
            last: "big[-1].sk"
            size: "length(big[0].payload)"
        """;
    JsonNode claims = Responses.idClaims(respond(yaml.formatted(100)));
    assertEquals(QueryTables.BIG_ITEMS, claims.get("n").asInt());
    assertEquals(QueryTables.BIG_ITEMS - 1, claims.get("last").asInt());
    assertEquals(QueryTables.BIG_ITEM_BYTES, claims.get("size").asInt());
    List<QueryRequest> sent = calls.requests(QueryRequest.class);
    assertTrue(sent.size() >= 2, "60 items of 30 KB take more than one 1 MB page: " + sent.size());
    assertEquals(101, sent.get(0).limit());
    assertTrue(sent.get(1).hasExclusiveStartKey(), "the next page starts after the last");
    assertTrue(sent.get(1).limit() < 101, "a later page asks only for what is still missing");

    calls.reset();
    claims = Responses.idClaims(respond(yaml.formatted(40)));
    assertEquals(40, claims.get("n").asInt(), "pages stop at the limit (and one more)");
    assertEquals(39, claims.get("last").asInt());
  }

  @Test
  void aGlobalIndexFindsTheUserByEmailAndALocalIndexMayBeReadConsistently() {
    String yaml =
        """
        version: 1
        sources:
          profile:
            table: ${env:USERS_TABLE}
            index: byEmail
            query: { email: "${event.request.userAttributes.email}" }
            limit: 1
          admins:
            table: ${env:APP_TABLE}
            index: byRole
            indexType: local
            consistentRead: true
            query:
              pk: "USER#${event.request.userAttributes.sub}"
              role: admin
        idToken:
          claims:
            display_name: "profile[0].display_name"
            admin_of: { value: "admins[].tenant_id", type: array }
        """;
    JsonNode claims = Responses.idClaims(respond(yaml));
    assertEquals("Jane from GSI", claims.get("display_name").asText());
    assertEquals("[\"acme\"]", Json.compact(claims.get("admin_of")));
    Map<String, QueryRequest> sent = new TreeMap<>(); // one round: the two are sent at once
    calls.requests(QueryRequest.class).forEach(query -> sent.put(query.indexName(), query));
    assertEquals(List.of("byEmail", "byRole"), List.copyOf(sent.keySet()));
    assertFalse(sent.get("byEmail").consistentRead());
    assertTrue(sent.get("byRole").consistentRead());
  }

  @Test
  void aMissingIndexIsAFailureForOnError() {
    String yaml =
        """
        version: 1
        sources:
          profile:
            table: ${env:USERS_TABLE}
            index: noSuchIndex
            query: { email: "${event.request.userAttributes.email}" }
            onError: %s
        idToken:
          claims:
            display_name: "profile[0].display_name"
            seen: { const: shown }
        """;
    SignInDenied denied = assertThrows(SignInDenied.class, () -> respond(yaml.formatted("deny")));
    assertEquals("$.sources.profile", denied.path().orElseThrow());
    assertEquals("DynamoDB rejected the request: ValidationException", denied.reason());
    assertEquals(
        "{\"seen\":\"shown\"}",
        Json.compact(Responses.idClaims(respond(yaml.formatted("continue")))));
  }

  @Test
  void noMatchIsAnEmptyListAndOnMissingDecides() {
    String yaml =
        """
        version: 1
        sources:
          m:
            table: ${env:APP_TABLE}
            query: { pk: "USER#nobody" }
            onMissing: %s
        idToken:
          claims:
            count: "length(m)"
        """;
    SignInDenied denied = assertThrows(SignInDenied.class, () -> respond(yaml.formatted("deny")));
    assertEquals("$.sources.m.onMissing", denied.path().orElseThrow());
    assertEquals(0, Responses.idClaims(respond(yaml.formatted("continue"))).get("count").asInt());
  }

  @Test
  void aQueryMayDependOnAnItemAndAnItemOnAQuery() {
    String queryAfterItem =
        """
        version: 1
        source:
          table: ${env:ACCOUNTS_TABLE}
          key: { id: "USER#${event.request.userAttributes.sub}" }
        sources:
          home:
            table: ${env:APP_TABLE}
            query:
              pk: "USER#${event.request.userAttributes.sub}"
              sk: "TENANT#${item.home}"
        idToken:
          claims:
            home_role: "home[0].role"
        """;
    assertEquals("viewer", Responses.idClaims(respond(queryAfterItem)).get("home_role").asText());
    assertEquals(List.of("GetItem", "Query"), calls.operations());

    calls.reset();
    String itemAfterQuery =
        """
        version: 1
        sources:
          admin:
            table: ${env:APP_TABLE}
            index: byRole
            query:
              pk: "USER#${event.request.userAttributes.sub}"
              role: admin
          tenant:
            table: ${env:TENANTS_TABLE}
            key: { pk: "TENANT#${admin[0].tenant_id}" }
        idToken:
          claims:
            admin_plan: tenant.plan
        """;
    assertEquals("gold", Responses.idClaims(respond(itemAfterQuery)).get("admin_plan").asText());
    assertEquals(List.of("Query", "GetItem"), calls.operations());
  }

  @Test
  void aQueryAsksOnlyForTheAttributesTheMappingReadsAndTheKeys() {
    String yaml =
        """
        version: 1
        sources:
          m:
            table: ${env:APP_TABLE}
            query:
              pk: "USER#${event.request.userAttributes.sub}"
              sk: { beginsWith: "TENANT#" }
        idToken:
          claims:
            tenants: { value: "m[].tenant_id", type: array }
        accessToken:
          claims:
            admin_of: { value: "m[?role == 'admin'].tenant_id", type: array }
        """;
    respond(yaml);
    QueryRequest sent = calls.requests(QueryRequest.class).get(0);
    assertEquals(
        List.of("pk", "role", "sk", "tenant_id"), projected(sent.projectionExpression(), sent));
    assertEquals("#k0 = :k0 AND begins_with(#k1, :k1)", sent.keyConditionExpression());
  }

  @Test
  void aQueryThatUsesWholeItemsReadsThemWhole() {
    respond(
        """
        version: 1
        sources:
          m:
            table: ${env:APP_TABLE}
            query: { pk: "USER#${event.request.userAttributes.sub}" }
        idToken:
          claims:
            first: { value: "m[0]", type: object }
        """);
    assertEquals(null, calls.requests(QueryRequest.class).get(0).projectionExpression());
  }

  private static List<String> projected(String expression, QueryRequest sent) {
    TreeMap<String, String> names = new TreeMap<>();
    for (String alias : expression.split(", ")) {
      names.put(sent.expressionAttributeNames().get(alias), alias);
    }
    return new ArrayList<>(names.keySet());
  }

  @Test
  void forEachReadsOneItemPerElementInOneBatchInTheListsOrderLeavingOutMissingOnes() {
    String yaml = forEachTenants("");
    assertEquals(
        "[\"Acme Corp\",\"Globex\"]", Json.compact(Responses.idClaims(respond(yaml)).get("names")));
    assertEquals(List.of("GetItem", "BatchGetItem"), calls.operations());
    BatchGetItemRequest batch = calls.requests(BatchGetItemRequest.class).get(0);
    assertEquals(3, batch.requestItems().get(tables.tenants()).keys().size());
  }

  /**
   * globex, acme, globex again; 3 beside 3.0: each key read once, shown once, at its first place.
   */
  @Test
  void forEachReadsAKeyListedTwiceOnceAndListsItOnce() {
    String yaml =
        forEachTenants("limit: 2")
            .replace(
                "forEach: item.tenant_ids",
                "forEach: \"[item.tenant_ids[2], item.tenant_ids[0], item.tenant_ids[2]]\"");
    assertEquals(
        "[\"Globex\",\"Acme Corp\"]", Json.compact(Responses.idClaims(respond(yaml)).get("names")));
    BatchGetItemRequest batch = calls.requests(BatchGetItemRequest.class).get(0);
    assertEquals(2, batch.requestItems().get(tables.tenants()).keys().size());
    assertEquals(
        List.of("GetItem", "BatchGetItem"),
        calls.operations(),
        "two distinct keys are within the limit of 2: no truncation");
    assertEquals(
        "[\"r3\",\"r1\"]",
        readings(
            """
            forEach: "[`3`, `1`, `3.0`, `1`]"
            key: { pk: R, sk: "${each}" }
            limit: 2
            """));
  }

  @Test
  void forEachOverMoreElementsThanTheLimitIsOnTruncated() {
    String yaml = forEachTenants("limit: 2\n    %s");
    SignInDenied denied = assertThrows(SignInDenied.class, () -> respond(yaml.formatted("")));
    assertEquals("more than 2 keys are listed (onTruncated: deny)", denied.reason());
    assertEquals(List.of("GetItem"), calls.operations(), "denied before the batch is sent");
    assertEquals(
        "[\"Acme Corp\"]",
        Json.compact(
            Responses.idClaims(respond(yaml.formatted("onTruncated: continue"))).get("names")));
  }

  /**
   * The user's item, then one tenant item per id it lists; {@code extra} ends the tenants source.
   */
  static String forEachTenants(String extra) {
    return """
    version: 1
    source:
      table: ${env:ACCOUNTS_TABLE}
      key: { id: "USER#${event.request.userAttributes.sub}" }
    sources:
      tenants:
        table: ${env:TENANTS_TABLE}
        forEach: item.tenant_ids
        key: { pk: "TENANT#${each}" }
        %s
    idToken:
      claims:
        names: { value: "tenants[].name", type: array }
    """
        .replace("%s", extra);
  }
}
