package io.github.claimsmapper.benchmarks.warm;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import io.github.claimsmapper.benchmarks.jmh.BenchFiles;

/**
 * Creates the benchmark table (partition key {@code id}, a string) on a local DynamoDB-compatible
 * server and puts the sample item {@code events/items/user.json} in it. Loopback only.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.warm.TableSetup ENDPOINT TABLE}
 */
public final class TableSetup {
  private TableSetup() {}

  public static void main(String[] args) {
    ensure(URI.create(args[0]), args[1]);
    System.out.println("table " + args[1] + " ready at " + args[0]);
  }

  /** Refuses every endpoint that is not on this machine's loopback interface. */
  public static URI requireLoopback(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
      throw new IllegalArgumentException("benchmarks talk to loopback only, not " + endpoint);
    }
    return endpoint;
  }

  /** A client of the local server at {@code endpoint}, as the benchmarks' drivers and setup steps use it. */
  public static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(requireLoopback(endpoint))
        .build();
  }

  public static void ensure(URI endpoint, String table) {
    try (DynamoDbClient client = client(endpoint)) {
      try {
        client.createTable(b -> b.tableName(table)
            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
            .billingMode(BillingMode.PAY_PER_REQUEST));
        // only a table created here needs the wait; the waiter classes are not in the minimized main
        // jar, which is all the warm driver has when the table already exists
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
      } catch (ResourceInUseException alreadyThere) {
        // created (and waited for) by an earlier step of the same run
      }
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      BenchFiles.json(BenchFiles.SEED_ITEM).fields().forEachRemaining(e -> item.put(e.getKey(), attribute(e.getValue())));
      client.putItem(b -> b.tableName(table).item(item));
    }
  }

  /** Plain JSON to DynamoDB: text → S, number → N, boolean → BOOL, array → L, object → M. */
  static AttributeValue attribute(JsonNode value) {
    if (value.isTextual()) {
      return AttributeValue.fromS(value.textValue());
    }
    if (value.isNumber()) {
      return AttributeValue.fromN(value.decimalValue().toPlainString());
    }
    if (value.isBoolean()) {
      return AttributeValue.fromBool(value.booleanValue());
    }
    if (value.isArray()) {
      List<AttributeValue> list = new ArrayList<>();
      value.forEach(v -> list.add(attribute(v)));
      return AttributeValue.fromL(list);
    }
    if (value.isObject()) {
      Map<String, AttributeValue> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(e -> map.put(e.getKey(), attribute(e.getValue())));
      return AttributeValue.fromM(map);
    }
    return AttributeValue.fromNul(true);
  }
}
