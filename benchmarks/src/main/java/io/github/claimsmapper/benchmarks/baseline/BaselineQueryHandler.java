package io.github.claimsmapper.benchmarks.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The hand-written trigger that {@code benchmarks/mappings/get-and-query.yaml} replaces: a GetItem
 * of the user's item, then one Query of the user's memberships (a single-table design: {@code pk =
 * USER#<userName>}, {@code sk} beginning with {@code TENANT#}), written the way such code is
 * written: one client, two calls, the claims put together by hand. It writes the same JSON as the
 * mapping for a V2 event (first_name and the tenant ids in the ID token, the tenants where the user
 * is admin in the access token), so both do the same work and their outputs are compared.
 *
 * <p>The baseline of the warm query benchmark, not a product.
 */
public final class BaselineQueryHandler implements RequestStreamHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DynamoDbClient dynamoDb;
  private final String users;
  private final String memberships;

  public BaselineQueryHandler(DynamoDbClient dynamoDb, String users, String memberships) {
    this.dynamoDb = dynamoDb;
    this.users = users;
    this.memberships = memberships;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    ObjectNode event = (ObjectNode) MAPPER.readTree(input);
    String user = "USER#" + event.path("userName").asText();
    Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
        .tableName(users)
        .key(Map.of("id", AttributeValue.fromS(user)))
        .build()).item();
    List<Map<String, AttributeValue>> found = dynamoDb.query(QueryRequest.builder()
        .tableName(memberships)
        .keyConditionExpression("pk = :pk AND begins_with(sk, :sk)")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(user), ":sk", AttributeValue.fromS("TENANT#")))
        .limit(26)
        .build()).items();

    ObjectNode idClaims = MAPPER.createObjectNode();
    ObjectNode accessClaims = MAPPER.createObjectNode();
    AttributeValue firstName = item == null ? null : item.get("first_name");
    if (firstName != null && firstName.s() != null) {
      idClaims.put("first_name", firstName.s());
    }
    ArrayNode tenants = idClaims.putArray("tenants");
    ArrayNode adminOf = accessClaims.putArray("admin_of");
    for (Map<String, AttributeValue> membership : found) {
      String tenant = membership.get("tenant_id").s();
      tenants.add(tenant);
      AttributeValue role = membership.get("role");
      if (role != null && "admin".equals(role.s())) {
        adminOf.add(tenant);
      }
    }

    MAPPER.writeValue(output, BaselineHandler.respond(event, idClaims, accessClaims));
  }
}
