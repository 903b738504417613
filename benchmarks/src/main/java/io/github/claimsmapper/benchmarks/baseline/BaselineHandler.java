package io.github.claimsmapper.benchmarks.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The hand-written trigger the seed mapping replaces, written the way such triggers are written
 * today: a {@link RequestStreamHandler} (the V2 event class cannot carry typed claims), one
 * DynamoDB client built at init with the url-connection HTTP client, environment credentials and
 * an explicit region, a GetItem by {@code id = "USER#" + userName}, and the response written with
 * Jackson. It writes the same JSON as the seed mapping for a V2 event (first_name and last_name in
 * the ID token, interesting_value in the access token, groups untouched), so both handlers do the
 * same work and their outputs can be compared byte for byte.
 *
 * <p>It is the <em>baseline</em> of the benchmarks, not a product: it handles V2/V3 events only and
 * has no configuration, checks or logging.
 */
public final class BaselineHandler implements RequestStreamHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final boolean projection;
  private final Duration perCallTimeout;

  /** Used by Lambda: settings from the process environment. */
  public BaselineHandler() {
    this(System.getenv());
  }

  /** Builds the client once: AWS_REGION, TABLE_NAME, and DYNAMODB_ENDPOINT for local testing. */
  public BaselineHandler(Map<String, String> env) {
    this(env, false);
  }

  /**
   * For the warm benchmark only: with {@code projection}, the GetItem also asks for just the
   * three attributes, through {@code #name} aliases, exactly as our handler's request does; so the
   * cost of the projection on the server can be told apart from the cost of our code.
   */
  public BaselineHandler(Map<String, String> env, boolean projection) {
    this(client(env), env.getOrDefault("TABLE_NAME", "users"), projection);
  }

  /**
   * For the warm benchmark only: the baseline's code with a client built elsewhere (for example
   * with our handler's timeouts and retry settings), to tell the cost of the client's
   * configuration from the cost of the code around it.
   */
  public BaselineHandler(DynamoDbClient dynamoDb, String table, boolean projection) {
    this(dynamoDb, table, projection, null);
  }

  /**
   * For the warm benchmark only: as above, and with {@code perCallTimeout} every GetItem also
   * carries a per-request {@code apiCallTimeout} override (as our handler's deadline does).
   */
  public BaselineHandler(DynamoDbClient dynamoDb, String table, boolean projection, Duration perCallTimeout) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.projection = projection;
    this.perCallTimeout = perCallTimeout;
  }

  private static DynamoDbClient client(Map<String, String> env) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .region(Region.of(env.get("AWS_REGION")))
        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    String endpoint = env.get("DYNAMODB_ENDPOINT");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    ObjectNode event = (ObjectNode) MAPPER.readTree(input);
    GetItemRequest.Builder request = GetItemRequest.builder()
        .tableName(table)
        .key(Map.of("id", AttributeValue.fromS("USER#" + event.path("userName").asText())));
    if (projection) {
      request.consistentRead(false).projectionExpression("#a0, #a1, #a2")
          .expressionAttributeNames(Map.of("#a0", "first_name", "#a1", "interesting_value", "#a2", "last_name"));
    }
    if (perCallTimeout != null) {
      request.overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(perCallTimeout).build());
    }
    Map<String, AttributeValue> item = dynamoDb.getItem(request.build()).item();
    MAPPER.writeValue(output, respond(event, item));
  }

  /** Fills in the V2 response of {@code event} from the item's attributes; returns the event. */
  public static ObjectNode respond(ObjectNode event, Map<String, AttributeValue> item) {
    ObjectNode idClaims = MAPPER.createObjectNode();
    ObjectNode accessClaims = MAPPER.createObjectNode();
    putString(idClaims, "first_name", item.get("first_name"));
    putString(idClaims, "last_name", item.get("last_name"));
    putString(accessClaims, "interesting_value", item.get("interesting_value"));
    return respond(event, idClaims, accessClaims);
  }

  /**
   * Puts the V2 response around claims already gathered into {@code event} and returns the event:
   * both hand-written baselines end so, as one author's two triggers would share it.
   */
  static ObjectNode respond(ObjectNode event, ObjectNode idClaims, ObjectNode accessClaims) {
    ObjectNode details = MAPPER.createObjectNode();
    ObjectNode id = details.putObject("idTokenGeneration");
    id.set("claimsToAddOrOverride", idClaims);
    id.putArray("claimsToSuppress");
    ObjectNode access = details.putObject("accessTokenGeneration");
    access.set("claimsToAddOrOverride", accessClaims);
    access.putArray("claimsToSuppress");
    access.putArray("scopesToAdd");
    access.putArray("scopesToSuppress");

    JsonNode response = event.get("response");
    ObjectNode responseObject = response instanceof ObjectNode o ? o : event.putObject("response");
    responseObject.set("claimsAndScopeOverrideDetails", details);
    return event;
  }

  /** For the JMH benchmark: the handler's own parse of an event, without Lambda's streams. */
  public static ObjectNode readEvent(byte[] json) throws IOException {
    return (ObjectNode) MAPPER.readTree(json);
  }

  /** For the JMH benchmark: the handler's response and write, with the item already read. */
  public static byte[] writeResponse(ObjectNode event, Map<String, AttributeValue> item) throws IOException {
    return MAPPER.writeValueAsBytes(respond(event, item));
  }

  private static void putString(ObjectNode claims, String name, AttributeValue value) {
    if (value != null && value.s() != null) {
      claims.put(name, value.s());
    }
  }
}
