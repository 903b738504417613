package io.github.claimsmapper.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The tables the query and forEach tests read, in the shared dynalite server, created once: the
 * three one-to-many shapes of {@code config/memberships.yaml} (a single-table design with a local
 * index, users found by e-mail through a global index, tenants by id, the accounts listing tenant
 * ids), a table with a numeric sort key, and one partition larger than a 1 MB query page.
 *
 * @param env the table names as the mappings' environment ({@code APP_TABLE}, ...)
 */
public record QueryTables(
    String app,
    String users,
    String tenants,
    String accounts,
    String readings,
    String big,
    Map<String, String> env) {

  /** The user of the samples: {@code sub} of events/v2-authentication.json. */
  public static final String USER = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

  /** Items in the big partition, each about {@link #BIG_ITEM_BYTES}: together over 1 MB. */
  public static final int BIG_ITEMS = 60;

  public static final int BIG_ITEM_BYTES = 30_000;

  private static QueryTables created;

  /** The tables, created and filled on first use. */
  public static synchronized QueryTables shared() {
    if (created == null) {
      created = create(Dynalite.shared());
    }
    return created;
  }

  private static QueryTables create(Dynalite db) {
    String app = Dynalite.uniqueTableName("app");
    String users = Dynalite.uniqueTableName("users");
    String tenants = Dynalite.uniqueTableName("tenants");
    String accounts = Dynalite.uniqueTableName("accounts");
    String readings = Dynalite.uniqueTableName("readings");
    String big = Dynalite.uniqueTableName("big");
    db.createTable(
        CreateTableRequest.builder()
            .tableName(app)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(
                attribute("pk", ScalarAttributeType.S),
                attribute("sk", ScalarAttributeType.S),
                attribute("role", ScalarAttributeType.S))
            .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
            .localSecondaryIndexes(
                LocalSecondaryIndex.builder()
                    .indexName("byRole")
                    .keySchema(key("pk", KeyType.HASH), key("role", KeyType.RANGE))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build())
            .build());
    db.createTable(
        CreateTableRequest.builder()
            .tableName(users)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(
                attribute("id", ScalarAttributeType.S), attribute("email", ScalarAttributeType.S))
            .keySchema(key("id", KeyType.HASH))
            .globalSecondaryIndexes(
                GlobalSecondaryIndex.builder()
                    .indexName("byEmail")
                    .keySchema(key("email", KeyType.HASH))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build())
            .build());
    db.createTable(tenants, "pk", ScalarAttributeType.S, null, null);
    db.createTable(accounts, "id", ScalarAttributeType.S, null, null);
    db.createTable(readings, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    db.createTable(big, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);

    String pk = "USER#" + USER;
    db.put(app, item("pk", pk, "sk", "PROFILE", "display_name", "Jane Doe"));
    db.put(app, item("pk", pk, "sk", "TENANT#acme", "tenant_id", "acme", "role", "admin"));
    db.put(app, item("pk", pk, "sk", "TENANT#globex", "tenant_id", "globex", "role", "viewer"));
    db.put(app, item("pk", pk, "sk", "TENANT#initech", "tenant_id", "initech", "role", "viewer"));
    db.put(app, item("pk", "USER#someone-else", "sk", "TENANT#acme", "tenant_id", "acme"));
    db.put(
        users,
        item("id", "u-1001", "email", "jane.doe@example.com", "display_name", "Jane from GSI"));
    db.put(users, item("id", "u-2002", "email", "john@example.com", "display_name", "John"));
    db.put(tenants, item("pk", "TENANT#acme", "name", "Acme Corp", "plan", "gold"));
    db.put(tenants, item("pk", "TENANT#globex", "name", "Globex", "plan", "silver"));
    db.put(tenants, item("pk", "TENANT#initech", "name", "Initech", "plan", "free"));
    ObjectNode account = item("id", "USER#" + USER, "home", "globex");
    account.putArray("tenant_ids").add("acme").add("nosuch").add("globex");
    db.put(accounts, account);
    for (int i = 1; i <= 5; i++) {
      ObjectNode reading = item("pk", "R", "v", "r" + i);
      reading.put("sk", i);
      db.put(readings, reading);
    }
    String filler = "x".repeat(BIG_ITEM_BYTES);
    for (int i = 0; i < BIG_ITEMS; i++) {
      ObjectNode large = item("pk", "BIG", "payload", filler);
      large.put("sk", i);
      db.put(big, large);
    }
    return new QueryTables(
        app,
        users,
        tenants,
        accounts,
        readings,
        big,
        Map.of(
            "APP_TABLE", app,
            "USERS_TABLE", users,
            "TENANTS_TABLE", tenants,
            "ACCOUNTS_TABLE", accounts,
            "READINGS_TABLE", readings,
            "BIG_TABLE", big));
  }

  private static ObjectNode item(String... pairs) {
    ObjectNode item = Json.MAPPER.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      item.put(pairs[i], pairs[i + 1]);
    }
    return item;
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  /** The names of the tables, for messages. */
  public List<String> names() {
    return List.of(app, users, tenants, accounts, readings, big);
  }
}
