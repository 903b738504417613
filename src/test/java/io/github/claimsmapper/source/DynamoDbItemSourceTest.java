package io.github.claimsmapper.source;

import static io.github.claimsmapper.testing.ItemFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.testing.BlackHoleServer;
import io.github.claimsmapper.testing.Dynalite;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Against the real DynamoDB-compatible server (dynalite); see {@link Dynalite}. */
class DynamoDbItemSourceTest {

  static final String SECRET = "secret-key-value-7f3a";

  static Dynalite dynalite;
  static DynamoDbItemSource source;
  static String users;
  static String events;

  @BeforeAll
  static void tables() {
    dynalite = Dynalite.shared();
    source = new DynamoDbItemSource(dynalite.client());
    users = Dynalite.uniqueTableName("users");
    dynalite.createTable(users, "pk", ScalarAttributeType.S, null, null);
    events = Dynalite.uniqueTableName("events");
    dynalite.createTable(events, "tenant", ScalarAttributeType.S, "seq", ScalarAttributeType.N);
  }

  static ItemRequest byPk(String table, String pk) {
    return new ItemRequest(
        "item", table, Map.of("pk", TextNode.valueOf(pk)), false, Optional.empty());
  }

  static SdkBytes bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return SdkBytes.fromByteArray(b);
  }

  @Test
  void readsBackEveryAttributeKindExactly() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("every-kind"));
    item.put("s", AttributeValue.fromS("Grüße ✓"));
    item.put("int", AttributeValue.fromN("42"));
    item.put("long", AttributeValue.fromN("-9007199254740993"));
    item.put("big", AttributeValue.fromN("12345678901234567890123456789012345678"));
    item.put("digits38", AttributeValue.fromN("1234567890123456789012345678.9012345678"));
    item.put("tenth", AttributeValue.fromN("0.1"));
    item.put("b", AttributeValue.fromB(bytes(0, 1, 254, 255)));
    item.put("yes", AttributeValue.fromBool(true));
    item.put("no", AttributeValue.fromBool(false));
    item.put("nothing", AttributeValue.fromNul(true));
    item.put(
        "m",
        AttributeValue.fromM(
            Map.of(
                "plan", AttributeValue.fromS("gold"),
                "limits", AttributeValue.fromM(Map.of("seats", AttributeValue.fromN("5"))),
                "flags", AttributeValue.fromSs(List.of("z", "a")))));
    item.put(
        "l",
        AttributeValue.fromL(
            List.of(
                AttributeValue.fromS("a"),
                AttributeValue.fromN("2.5"),
                AttributeValue.fromNul(true),
                AttributeValue.fromL(List.of()),
                AttributeValue.fromM(Map.of("k", AttributeValue.fromBool(true))))));
    item.put("ss", AttributeValue.fromSs(List.of("viewer", "admin", "Editor")));
    item.put("ns", AttributeValue.fromNs(List.of("10", "-3.25", "9", "0.1")));
    item.put("bs", AttributeValue.fromBs(List.of(bytes(0xFF), bytes(0x01, 0x02), bytes(0x80))));
    dynalite.put(users, item);

    ObjectNode actual = source.find(byPk(users, "every-kind")).orElseThrow();

    assertEquals(
        json(
            """
            {"pk": "every-kind", "s": "Grüße ✓", "int": 42, "long": -9007199254740993,
             "big": 12345678901234567890123456789012345678,
             "digits38": 1234567890123456789012345678.9012345678, "tenth": 0.1,
             "b": "AAH+/w==", "yes": true, "no": false, "nothing": null,
             "m": {"plan": "gold", "limits": {"seats": 5}, "flags": ["a", "z"]},
             "l": ["a", 2.5, null, [], {"k": true}],
             "ss": ["Editor", "admin", "viewer"], "ns": [-3.25, 0.1, 9, 10],
             "bs": ["AQI=", "gA==", "/w=="]}
            """),
        actual);
    assertEquals(
        "1234567890123456789012345678.9012345678",
        actual.get("digits38").decimalValue().toPlainString());
    assertInstanceOf(DecimalNode.class, actual.get("tenth"));
    assertEquals(new BigDecimal("0.1"), actual.get("tenth").decimalValue());
  }

  @Test
  void seedsAndReadsPlainJson() {
    ObjectNode plain =
        json(
            """
            {"pk": "plain", "name": "Ada", "age": 36, "score": 0.1,
             "tenant": {"id": "t-1", "plan": "gold"}, "groups": ["a", "b"], "deleted": null}
            """);
    dynalite.put(users, plain);

    assertEquals(Optional.of(plain), source.find(byPk(users, "plain")));
  }

  @Test
  void findsByPartitionAndNumericSortKey() {
    dynalite.put(events, json("{\"tenant\": \"t-1\", \"seq\": 1, \"what\": \"first\"}"));
    dynalite.put(events, json("{\"tenant\": \"t-1\", \"seq\": 2, \"what\": \"second\"}"));
    dynalite.put(events, json("{\"tenant\": \"t-2\", \"seq\": 2, \"what\": \"other tenant\"}"));
    dynalite.put(events, json("{\"tenant\": \"t-1\", \"seq\": 2.5, \"what\": \"decimal\"}"));

    assertEquals(
        Optional.of(json("{\"tenant\": \"t-1\", \"seq\": 2, \"what\": \"second\"}")),
        source.find(eventKey("t-1", IntNode.valueOf(2))));
    assertEquals(
        "decimal",
        source
            .find(eventKey("t-1", DecimalNode.valueOf(new BigDecimal("2.5"))))
            .orElseThrow()
            .get("what")
            .asText());
    assertEquals(Optional.empty(), source.find(eventKey("t-1", IntNode.valueOf(3))));
  }

  @Test
  void aNumberKeyReachesDynamoDbWithEveryDigitWrittenOut() {
    dynalite.put(
        events,
        json("{\"tenant\": \"t-digits\", \"seq\": 12345678901234567890.4, \"what\": \"below\"}"));
    dynalite.put(
        events,
        json("{\"tenant\": \"t-digits\", \"seq\": 12345678901234567890.5, \"what\": \"exact\"}"));
    dynalite.put(
        events,
        json("{\"tenant\": \"t-digits\", \"seq\": 123456789012345678900, \"what\": \"large\"}"));
    // the key as the engine may hold it -> the text sent -> the item found
    String[][] cases = {
      {"12345678901234567890.5", "12345678901234567890.5", "exact"},
      {"123456789012345678905E-1", "12345678901234567890.5", "exact"},
      {
        "1.234567890123456789E+20", "123456789012345678900", "large"
      }, // BigDecimal's own text has the exponent
    };
    for (String[] c : cases) {
      ItemRequest request = eventKey("t-digits", DecimalNode.valueOf(new BigDecimal(c[0])));
      assertEquals(c[1], DynamoDbItemSource.toGetItem(request).key().get("seq").n(), c[0]);
      assertEquals(c[2], source.find(request).orElseThrow().get("what").asText(), c[0]);
    }
  }

  @Test
  void aNumberKeyOutsideDynamoDbsRangeIsRefusedWithoutTheKey() {
    // 1e999999999 is eleven characters of an event; written out it would be a billion digits
    for (String seq : List.of("1E+126", "1E+999999999")) {
      SourceException e =
          assertThrows(
              SourceException.class,
              () -> source.find(eventKey("t-1", DecimalNode.valueOf(new BigDecimal(seq)))),
              seq);
      assertEquals(
          "DynamoDB cannot take the key: attribute \"seq\": N is outside DynamoDB's number range",
          e.getMessage(),
          seq);
    }
  }

  static ItemRequest eventKey(String tenant, JsonNode seq) {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    key.put("tenant", TextNode.valueOf(tenant));
    key.put("seq", seq);
    return new ItemRequest("item", events, key, false, Optional.empty());
  }

  @Test
  void projectsOnlyTheRequestedAttributesWhateverTheirNames() {
    dynalite.put(
        users,
        json(
            """
            {"pk": "projected", "custom:tenant": "t-9", "name": "Ada", "size": 3, "a.b": "dotted",
             "a": {"b": "nested, not requested"}, "secret": "not requested"}
            """));

    ObjectNode actual =
        source
            .find(
                new ItemRequest(
                    "item",
                    users,
                    Map.of("pk", TextNode.valueOf("projected")),
                    false,
                    Optional.of(Set.of("custom:tenant", "name", "size", "a.b"))))
            .orElseThrow();

    assertEquals(
        json("{\"custom:tenant\": \"t-9\", \"name\": \"Ada\", \"size\": 3, \"a.b\": \"dotted\"}"),
        actual);
  }

  @Test
  void aliasesEveryProjectedName() {
    GetItemRequest request =
        DynamoDbItemSource.toGetItem(
            new ItemRequest(
                "item",
                users,
                Map.of("pk", TextNode.valueOf("x")),
                true,
                Optional.of(Set.of("size", "custom:tenant", "a.b"))));

    assertEquals("#a0, #a1, #a2", request.projectionExpression());
    assertEquals(
        Map.of("#a0", "a.b", "#a1", "custom:tenant", "#a2", "size"),
        request.expressionAttributeNames());
    assertTrue(request.consistentRead());
  }

  @Test
  void sendsNoProjectionForTheWholeItem() {
    GetItemRequest request = DynamoDbItemSource.toGetItem(byPk(users, "x"));

    assertEquals(null, request.projectionExpression());
    assertFalse(request.hasExpressionAttributeNames());
    assertFalse(request.consistentRead());
    assertEquals(
        null,
        DynamoDbItemSource.toGetItem(
                new ItemRequest(
                    "item",
                    users,
                    Map.of("pk", TextNode.valueOf("x")),
                    false,
                    Optional.of(Set.of())))
            .projectionExpression());
  }

  @Test
  void sendsKeysAsSAndExactN() {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    key.put("tenant", TextNode.valueOf("t-1"));
    key.put("seq", DecimalNode.valueOf(new BigDecimal("12345678901234567890.123456789012345678")));

    assertEquals(
        Map.of(
            "tenant", AttributeValue.fromS("t-1"),
            "seq", AttributeValue.fromN("12345678901234567890.123456789012345678")),
        DynamoDbItemSource.toGetItem(new ItemRequest("item", events, key, false, Optional.empty()))
            .key());
  }

  @Test
  void anExistingItemWithNoneOfTheProjectedAttributesIsAnEmptyObject() {
    // dynalite answers {"Item": {}} here; the item exists, so the source says so
    dynalite.put(users, json("{\"pk\": \"bare\"}"));

    assertEquals(
        Optional.of(json("{}")),
        source.find(
            new ItemRequest(
                "item",
                users,
                Map.of("pk", TextNode.valueOf("bare")),
                false,
                Optional.of(Set.of("name")))));
  }

  @Test
  void readsConsistently() {
    dynalite.put(users, json("{\"pk\": \"consistent\", \"v\": 1}"));

    assertEquals(
        Optional.of(json("{\"pk\": \"consistent\", \"v\": 1}")),
        source.find(
            new ItemRequest(
                "item",
                users,
                Map.of("pk", TextNode.valueOf("consistent")),
                true,
                Optional.empty())));
  }

  @Test
  void aMissingItemIsEmpty() {
    assertEquals(Optional.empty(), source.find(byPk(users, "nobody")));
    assertEquals(
        Optional.empty(),
        source.find(
            new ItemRequest(
                "item",
                users,
                Map.of("pk", TextNode.valueOf("nobody")),
                true,
                Optional.of(Set.of("name")))));
  }

  @Test
  void aMissingTableIsRejectedWithoutTheKey() {
    SourceException e =
        assertThrows(
            SourceException.class,
            () -> source.find(byPk("no-such-table-" + SECRET.length(), SECRET)));

    assertEquals("DynamoDB rejected the request: ResourceNotFoundException", e.getMessage());
    assertInstanceOf(DynamoDbException.class, e.getCause());
  }

  @Test
  void anInvalidKeyIsRejectedWithoutTheKey() {
    // the key schema says pk is S; sending N is a ValidationException
    SourceException e =
        assertThrows(
            SourceException.class,
            () ->
                source.find(
                    new ItemRequest(
                        "item",
                        users,
                        Map.of("pk", IntNode.valueOf(7_345_221)),
                        false,
                        Optional.empty())));

    assertEquals("DynamoDB rejected the request: ValidationException", e.getMessage());
    assertFalse(e.getMessage().contains("7345221"));
  }

  @Test
  void aKeyThatIsNeitherTextNorNumberIsAProgrammingError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                source.find(
                    new ItemRequest(
                        "item", users, Map.of("pk", BooleanNode.TRUE), false, Optional.empty())));

    assertEquals("key attribute \"pk\" must be text or a number, was boolean", e.getMessage());
  }

  @Nested
  class WhenDynamoDbCannotAnswer {

    static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(400);
    // the SDK's timers and the JVM need a little headroom on a busy build machine
    static final Duration SLACK = Duration.ofMillis(750);

    static DynamoDbClient clientFor(URI endpoint) {
      return DynamoDbClients.create(
          Region.US_EAST_1,
          Optional.of(endpoint),
          StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
          CALL_TIMEOUT,
          ATTEMPT_TIMEOUT,
          2);
    }

    @Test
    void aClosedPortIsUnreachableWithinTheCallTimeout() throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      try (DynamoDbClient client = clientFor(URI.create("http://127.0.0.1:" + port))) {
        DynamoDbItemSource unreachable = new DynamoDbItemSource(client);

        long start = System.nanoTime();
        SourceException e =
            assertThrows(SourceException.class, () -> unreachable.find(byPk("t", SECRET)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("DynamoDB unreachable", e.getMessage());
        assertInstanceOf(SdkClientException.class, e.getCause());
        assertTrue(took.compareTo(CALL_TIMEOUT.plus(SLACK)) < 0, "took " + took);
      }
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheCallTimeoutAfterBoundedAttempts()
        throws IOException {
      try (BlackHoleServer server = BlackHoleServer.start();
          DynamoDbClient client = clientFor(server.endpoint())) {
        DynamoDbItemSource silent = new DynamoDbItemSource(client);

        long start = System.nanoTime();
        SourceException e =
            assertThrows(SourceException.class, () -> silent.find(byPk("t", SECRET)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("DynamoDB GetItem timed out", e.getMessage());
        assertTrue(took.compareTo(CALL_TIMEOUT.plus(SLACK)) < 0, "took " + took);
        assertTrue(took.compareTo(ATTEMPT_TIMEOUT) >= 0, "took " + took);
        int connections = server.connections();
        assertTrue(connections >= 1 && connections <= 2, connections + " connections");
      }
    }
  }

  /** The classification of failures dynalite cannot produce (throttling, 5xx). */
  @Nested
  class Describe {

    /** A GetItem failure's message: what the lookup's error reports. */
    static String describe(software.amazon.awssdk.core.exception.SdkException e) {
      return SourceException.from(DynamoDbItemSource.GET_ITEM, e).getMessage();
    }

    @Test
    void eachFailureHasItsKind() {
      assertEquals(
          SourceException.Kind.THROTTLED,
          SourceException.from("GetItem", serviceError("ThrottlingException", 400)).kind());
      assertEquals(
          SourceException.Kind.FAILED_TO_ANSWER,
          SourceException.from("GetItem", serviceError("InternalServerError", 500)).kind());
      assertEquals(
          SourceException.Kind.REJECTED,
          SourceException.from("GetItem", serviceError("AccessDeniedException", 400)).kind());
      assertEquals(
          SourceException.Kind.TIMED_OUT,
          SourceException.from("GetItem", ApiCallTimeoutException.create(1500)).kind());
      assertEquals(
          SourceException.Kind.UNREACHABLE,
          SourceException.from(
                  "GetItem",
                  SdkClientException.create("x", new java.net.UnknownHostException(SECRET)))
              .kind());
      assertEquals(
          SourceException.Kind.OTHER,
          new SourceException("DynamoDB GetItem timed out", null).kind());
    }

    static DynamoDbException serviceError(String code, int status) {
      return (DynamoDbException)
          DynamoDbException.builder()
              .message("value " + SECRET + " rejected")
              .statusCode(status)
              .awsErrorDetails(
                  AwsErrorDetails.builder().errorCode(code).errorMessage("value " + SECRET).build())
              .build();
    }

    @Test
    void throttling() {
      assertEquals(
          "DynamoDB GetItem throttled: ProvisionedThroughputExceededException",
          describe(
              ProvisionedThroughputExceededException.builder()
                  .statusCode(400)
                  .awsErrorDetails(
                      AwsErrorDetails.builder()
                          .errorCode("ProvisionedThroughputExceededException")
                          .errorMessage(SECRET)
                          .build())
                  .build()));
      assertEquals(
          "DynamoDB GetItem throttled: ThrottlingException",
          describe(serviceError("ThrottlingException", 400)));
      assertEquals(
          "DynamoDB GetItem throttled: RequestLimitExceeded",
          describe(serviceError("RequestLimitExceeded", 400)));
    }

    @Test
    void serverErrors() {
      assertEquals(
          "DynamoDB failed to answer: InternalServerError (HTTP 500)",
          describe(serviceError("InternalServerError", 500)));
    }

    @Test
    void rejections() {
      assertEquals(
          "DynamoDB rejected the request: AccessDeniedException",
          describe(serviceError("AccessDeniedException", 400)));
    }

    @Test
    void timeouts() {
      assertEquals("DynamoDB GetItem timed out", describe(ApiCallTimeoutException.create(1500)));
      assertEquals(
          "DynamoDB GetItem timed out",
          describe(
              SdkClientException.create(
                  "read", new java.net.SocketTimeoutException("Read timed out"))));
    }

    @Test
    void clientFailures() {
      assertEquals(
          "DynamoDB unreachable",
          describe(SdkClientException.create("x", new java.net.UnknownHostException(SECRET))));
      assertEquals(
          "DynamoDB GetItem failed in the client: SdkClientException",
          describe(SdkClientException.create("Unable to load credentials")));
      assertEquals(
          "DynamoDB GetItem answer was cut short",
          describe(
              SdkClientException.create(
                  "Unable to unmarshall", new CompleteBodies.CutShort(10, 100))));
    }
  }
}
