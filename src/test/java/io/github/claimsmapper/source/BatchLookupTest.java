package io.github.claimsmapper.source;

import static io.github.claimsmapper.testing.ItemFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.testing.CallCounter;
import io.github.claimsmapper.testing.Dynalite;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@link DynamoDbItemSource#findAll} against the real DynamoDB-compatible server (dynalite), on a
 * client that records its calls ({@link CallCounter}) and can pretend to be throttled ({@link
 * Throttle}). Dynalite answers a BatchGetItem's items in random order, so the matching by key is
 * exercised on every run.
 */
class BatchLookupTest {

  static final String SECRET = "secret-key-value-7f3a";
  static final String GET = "GetItem";
  static final String BATCH = "BatchGetItem";

  static Dynalite dynalite;
  static DynamoDbClient client;
  static final CallCounter calls = new CallCounter();
  static final Throttle throttle = new Throttle();
  static DynamoDbItemSource source;
  static String users;
  static String tenants;

  @BeforeAll
  static void tables() {
    dynalite = Dynalite.shared();
    client =
        DynamoDbClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(dynalite.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                c -> c.addExecutionInterceptor(calls).addExecutionInterceptor(throttle))
            .build();
    source = new DynamoDbItemSource(client);

    users = Dynalite.uniqueTableName("users");
    dynalite.createTable(users, "pk", ScalarAttributeType.S, null, null);
    tenants = Dynalite.uniqueTableName("tenants");
    dynalite.createTable(tenants, "pk", ScalarAttributeType.S, "rev", ScalarAttributeType.N);

    dynalite.put(
        users,
        json(
            """
            {"pk": "u-1", "name": "Ada", "custom:tenant": "t-1", "plan": "gold", "size": 3,
             "secret": "not requested"}
            """));
    dynalite.put(users, json("{\"pk\": \"u-2\", \"name\": \"Grace\", \"plan\": \"silver\"}"));
    dynalite.put(users, json("{\"pk\": \"bare\"}"));
    dynalite.put(tenants, json("{\"pk\": \"t-1\", \"rev\": 1, \"plan\": \"old\"}"));
    dynalite.put(tenants, json("{\"pk\": \"t-1\", \"rev\": 2, \"plan\": \"gold\", \"seats\": 5}"));
    // N "7" exactly as the AWS CLI or another writer would store it
    Map<String, AttributeValue> seven = new LinkedHashMap<>();
    seven.put("pk", AttributeValue.fromS("t-7"));
    seven.put("rev", AttributeValue.fromN("7"));
    seven.put("plan", AttributeValue.fromS("seven"));
    dynalite.put(tenants, seven);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @BeforeEach
  void resetCalls() {
    calls.reset();
    throttle.set(0, false);
  }

  static ItemRequest user(String pk, String... attributes) {
    return new ItemRequest(
        "user",
        users,
        Map.of("pk", TextNode.valueOf(pk)),
        false,
        attributes.length == 0 ? Optional.empty() : Optional.of(Set.of(attributes)));
  }

  static ItemRequest tenant(String pk, JsonNode rev, String... attributes) {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    key.put("pk", TextNode.valueOf(pk));
    key.put("rev", rev);
    return new ItemRequest(
        "tenant",
        tenants,
        key,
        false,
        attributes.length == 0 ? Optional.empty() : Optional.of(Set.of(attributes)));
  }

  static ItemRequest consistent(ItemRequest request) {
    return new ItemRequest(
        request.source(), request.table(), request.key(), true, request.attributes());
  }

  BatchGetItemRequest onlyBatchCall() {
    assertEquals(1, calls.calls().size(), () -> "calls: " + calls.calls());
    assertEquals(1, calls.count(BATCH));
    return calls.requests(BatchGetItemRequest.class).get(0);
  }

  @Test
  void readsTwoTablesInOneCallAndAnswersInRequestOrder() {
    List<Optional<ObjectNode>> results =
        source.findAll(
            List.of(
                user("u-1", "name"), tenant("t-1", IntNode.valueOf(2)), user("nobody", "name")));

    assertEquals(
        List.of(
            Optional.of(json("{\"name\": \"Ada\"}")),
            Optional.of(json("{\"pk\": \"t-1\", \"rev\": 2, \"plan\": \"gold\", \"seats\": 5}")),
            Optional.empty()),
        results);
    BatchGetItemRequest request = onlyBatchCall();
    assertEquals(Set.of(users, tenants), request.requestItems().keySet());
    assertEquals(2, request.requestItems().get(users).keys().size());
    assertEquals(0, calls.count(GET));
  }

  @Test
  void answersInRequestOrderWhateverOrderTheItemsComeBackIn() {
    // dynalite shuffles each table's items; ten rounds make a lucky order unlikely to hide a bug
    for (int round = 0; round < 10; round++) {
      List<Optional<ObjectNode>> results =
          source.findAll(
              List.of(
                  user("u-2", "name"),
                  tenant("t-1", IntNode.valueOf(1), "plan"),
                  user("u-1", "name"),
                  tenant("t-1", IntNode.valueOf(2), "plan"),
                  user("bare")));

      assertEquals(
          List.of(
              Optional.of(json("{\"name\": \"Grace\"}")),
              Optional.of(json("{\"plan\": \"old\"}")),
              Optional.of(json("{\"name\": \"Ada\"}")),
              Optional.of(json("{\"plan\": \"gold\"}")),
              Optional.of(json("{\"pk\": \"bare\"}"))),
          results);
    }
    assertEquals(10, calls.count(BATCH));
  }

  @Test
  void eachRequestGetsOnlyTheAttributesItAskedFor() {
    List<Optional<ObjectNode>> results =
        source.findAll(List.of(user("u-1", "name"), user("u-2", "plan", "custom:tenant")));

    // u-2 has no custom:tenant: exactly the requested attributes that are present
    assertEquals(
        List.of(
            Optional.of(json("{\"name\": \"Ada\"}")), Optional.of(json("{\"plan\": \"silver\"}"))),
        results);
    KeysAndAttributes read = onlyBatchCall().requestItems().get(users);
    // the union of both requests plus the key, every name aliased, in sorted order
    assertEquals("#a0, #a1, #a2, #a3", read.projectionExpression());
    assertEquals(
        Map.of("#a0", "custom:tenant", "#a1", "name", "#a2", "pk", "#a3", "plan"),
        read.expressionAttributeNames());
  }

  @Test
  void aWholeItemRequestDropsTheProjectionButOthersStillGetOnlyTheirs() {
    List<Optional<ObjectNode>> results =
        source.findAll(
            List.of(user("u-1", "size"), user("u-2"), tenant("t-1", IntNode.valueOf(2), "seats")));

    assertEquals(
        List.of(
            Optional.of(json("{\"size\": 3}")),
            Optional.of(json("{\"pk\": \"u-2\", \"name\": \"Grace\", \"plan\": \"silver\"}")),
            Optional.of(json("{\"seats\": 5}"))),
        results);
    BatchGetItemRequest request = onlyBatchCall();
    assertNull(request.requestItems().get(users).projectionExpression());
    assertFalse(request.requestItems().get(users).hasExpressionAttributeNames());
    assertEquals("#a0, #a1, #a2", request.requestItems().get(tenants).projectionExpression());
    assertEquals(
        Map.of("#a0", "pk", "#a1", "rev", "#a2", "seats"),
        request.requestItems().get(tenants).expressionAttributeNames());
  }

  @Test
  void anExistingItemWithNoneOfTheRequestedAttributesIsAnEmptyObject() {
    assertEquals(
        List.of(Optional.of(json("{}")), Optional.of(json("{\"name\": \"Ada\"}"))),
        source.findAll(List.of(user("bare", "name"), user("u-1", "name"))));
  }

  @Test
  void identicalRequestsAreSentOnceAndAnsweredEach() {
    List<Optional<ObjectNode>> results =
        source.findAll(
            List.of(
                user("u-1", "name"),
                user("u-2", "name"),
                user("u-1", "name"),
                user("u-1", "plan")));

    assertEquals(
        List.of(
            Optional.of(json("{\"name\": \"Ada\"}")),
            Optional.of(json("{\"name\": \"Grace\"}")),
            Optional.of(json("{\"name\": \"Ada\"}")),
            Optional.of(json("{\"plan\": \"gold\"}"))),
        results);
    assertNotSame(results.get(0).orElseThrow(), results.get(2).orElseThrow());
    assertEquals(
        List.of(
            Map.of("pk", AttributeValue.fromS("u-1")), Map.of("pk", AttributeValue.fromS("u-2"))),
        onlyBatchCall().requestItems().get(users).keys());
  }

  @Test
  void numericallyEqualKeysAreOneKey() {
    // DynamoDB (and dynalite) reject a batch holding 2 and 2.00 as duplicate keys
    List<Optional<ObjectNode>> results =
        source.findAll(
            List.of(
                tenant("t-1", IntNode.valueOf(2), "plan"),
                tenant("t-1", DecimalNode.valueOf(new BigDecimal("2.00")), "seats")));

    assertEquals(
        List.of(Optional.of(json("{\"plan\": \"gold\"}")), Optional.of(json("{\"seats\": 5}"))),
        results);
    assertEquals(1, onlyBatchCall().requestItems().get(tenants).keys().size());
  }

  @Test
  void aNumericSortKeyMatchesTheStoredNumberByValue() {
    List<Optional<ObjectNode>> results =
        source.findAll(
            List.of(
                tenant("t-7", IntNode.valueOf(7), "plan"),
                tenant("t-7", DecimalNode.valueOf(new BigDecimal("7.0"))),
                tenant("t-7", IntNode.valueOf(8), "plan")));

    assertEquals(
        List.of(
            Optional.of(json("{\"plan\": \"seven\"}")),
            Optional.of(json("{\"pk\": \"t-7\", \"rev\": 7, \"plan\": \"seven\"}")),
            Optional.empty()),
        results);
    assertEquals(1, calls.count(BATCH));
  }

  @Test
  void readsATableConsistentlyWhenAnyOfItsRequestsAsksForIt() {
    List<Optional<ObjectNode>> results =
        source.findAll(
            List.of(
                user("u-1", "name"),
                consistent(user("u-2", "name")),
                tenant("t-1", IntNode.valueOf(1), "plan")));

    assertEquals(
        List.of(
            Optional.of(json("{\"name\": \"Ada\"}")),
            Optional.of(json("{\"name\": \"Grace\"}")),
            Optional.of(json("{\"plan\": \"old\"}"))),
        results);
    BatchGetItemRequest request = onlyBatchCall();
    assertTrue(request.requestItems().get(users).consistentRead());
    assertFalse(request.requestItems().get(tenants).consistentRead());
  }

  @Test
  void oneRequestIsAGetItemAndNoneIsNoCall() {
    assertEquals(
        List.of(Optional.of(json("{\"name\": \"Ada\"}"))),
        source.findAll(List.of(user("u-1", "name"))));
    assertEquals(1, calls.count(GET));
    assertEquals(0, calls.count(BATCH));
    assertEquals(1, calls.calls().size());

    calls.reset();
    assertEquals(List.of(), source.findAll(List.of()));
    assertEquals(List.of(), calls.calls());
  }

  @Test
  void moreThanAHundredDistinctKeysAreSplitIntoCallsOfAHundred() {
    List<ItemRequest> requests = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      requests.add(user("many-" + i, "name"));
    }
    requests.add(user("u-1", "name"));
    requests.add(user("many-3", "name")); // a repeat: still 151 distinct keys

    List<Optional<ObjectNode>> results = source.findAll(requests);

    assertEquals(152, results.size());
    assertTrue(results.subList(0, 150).stream().allMatch(Optional::isEmpty));
    assertEquals(Optional.of(json("{\"name\": \"Ada\"}")), results.get(150));
    assertEquals(Optional.empty(), results.get(151));
    List<BatchGetItemRequest> sent = calls.requests(BatchGetItemRequest.class);
    assertEquals(2, sent.size());
    assertEquals(100, sent.get(0).requestItems().get(users).keys().size());
    assertEquals(51, sent.get(1).requestItems().get(users).keys().size());
  }

  @Test
  void unprocessedKeysAreAskedForAgainWithTheSameProjection() {
    // the first two calls leave one table unprocessed, as dynalite does: keys only
    throttle.set(2, false);

    List<Optional<ObjectNode>> results =
        source.findAll(
            List.of(
                user("u-1", "name"),
                tenant("t-1", IntNode.valueOf(2), "plan"),
                consistent(tenant("t-7", IntNode.valueOf(7), "plan"))));

    assertEquals(
        List.of(
            Optional.of(json("{\"name\": \"Ada\"}")),
            Optional.of(json("{\"plan\": \"gold\"}")),
            Optional.of(json("{\"plan\": \"seven\"}"))),
        results);
    List<BatchGetItemRequest> sent = calls.requests(BatchGetItemRequest.class);
    assertEquals(3, sent.size());
    assertEquals(3, calls.calls().size());
    for (BatchGetItemRequest retry : sent.subList(1, 3)) {
      assertEquals(1, retry.requestItems().size());
      KeysAndAttributes read = retry.requestItems().values().iterator().next();
      assertEquals(
          retry.requestItems().containsKey(users) ? "#a0, #a1" : "#a0, #a1, #a2",
          read.projectionExpression());
    }
    KeysAndAttributes last = sent.get(2).requestItems().values().iterator().next();
    // whichever table was left, it keeps its consistency
    assertEquals(sent.get(2).requestItems().containsKey(tenants), last.consistentRead());
  }

  @Test
  void keysStillUnprocessedAfterThreeRetriesFailTheRead() {
    throttle.set(Integer.MAX_VALUE, true);

    long start = System.nanoTime();
    SourceException e =
        assertThrows(
            SourceException.class,
            () -> source.findAll(List.of(user(SECRET, "name"), user("u-1", "name"))));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals("DynamoDB BatchGetItem left keys unprocessed (throttled)", e.getMessage());
    assertEquals(4, calls.count(BATCH));
    assertEquals(4, calls.calls().size());
    assertTrue(tookMillis >= 20 + 40 + 80, "took " + tookMillis + " ms");
  }

  @Test
  void aMissingTableIsRejectedWithoutTheKeyValues() {
    SourceException e =
        assertThrows(
            SourceException.class,
            () ->
                source.findAll(
                    List.of(
                        user("u-1", "name"),
                        new ItemRequest(
                            "tenant",
                            "no-such-table-" + SECRET.length(),
                            Map.of("pk", TextNode.valueOf(SECRET)),
                            false,
                            Optional.empty()))));

    assertEquals("DynamoDB rejected the request: ResourceNotFoundException", e.getMessage());
    assertInstanceOf(DynamoDbException.class, e.getCause());
    assertEquals(1, calls.count(BATCH));
  }

  @Test
  void aKeyOfTheWrongTypeIsRejectedWithoutTheKeyValues() {
    // users' pk is S; N is a ValidationException for the whole batch
    SourceException e =
        assertThrows(
            SourceException.class,
            () ->
                source.findAll(
                    List.of(
                        user("u-1"),
                        new ItemRequest(
                            "user",
                            users,
                            Map.of("pk", IntNode.valueOf(7_345_221)),
                            false,
                            Optional.empty()))));

    assertEquals("DynamoDB rejected the request: ValidationException", e.getMessage());
    assertFalse(e.getMessage().contains("7345221"));
  }

  @Test
  void aKeyThatIsNeitherTextNorNumberFailsBeforeAnyCall() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                source.findAll(
                    List.of(
                        user("u-1"),
                        new ItemRequest(
                            "user",
                            users,
                            Map.of("pk", BooleanNode.TRUE),
                            false,
                            Optional.empty()))));

    assertEquals("key attribute \"pk\" must be text or a number, was boolean", e.getMessage());
    assertEquals(List.of(), calls.calls());
  }

  @Test
  void batchFailuresAreDescribedAsBatchGetItem() {
    DynamoDbException throttled =
        (DynamoDbException)
            DynamoDbException.builder()
                .message(SECRET)
                .statusCode(400)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("ThrottlingException")
                        .errorMessage(SECRET)
                        .build())
                .build();

    assertEquals(
        "DynamoDB BatchGetItem throttled: ThrottlingException",
        SourceException.from(BATCH, throttled).getMessage());
    assertEquals(
        "DynamoDB BatchGetItem timed out",
        SourceException.from(BATCH, ApiCallTimeoutException.create(1500)).getMessage());
    assertEquals(
        "DynamoDB BatchGetItem failed in the client: SdkClientException",
        SourceException.from(BATCH, SdkClientException.create(SECRET)).getMessage());
    assertEquals(
        "DynamoDB GetItem timed out",
        SourceException.from(DynamoDbItemSource.GET_ITEM, ApiCallTimeoutException.create(1500))
            .getMessage());
  }

  /**
   * Pretends DynamoDB left keys unprocessed: for the next {@code times} BatchGetItem answers it
   * moves one table's items (or, with {@code all}, every table's) to {@code UnprocessedKeys},
   * giving only the keys, as dynalite does when an answer grows too large.
   */
  static final class Throttle implements ExecutionInterceptor {
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile boolean all;

    void set(int times, boolean all) {
      this.all = all;
      remaining.set(times);
    }

    @Override
    public SdkResponse modifyResponse(
        Context.ModifyResponse context, ExecutionAttributes attributes) {
      if (!(context.response() instanceof BatchGetItemResponse response)
          || !(context.request() instanceof BatchGetItemRequest request)
          || remaining.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
        return context.response();
      }
      List<String> tables = new ArrayList<>(request.requestItems().keySet());
      List<String> left = all ? tables : tables.subList(tables.size() - 1, tables.size());
      Map<String, List<Map<String, AttributeValue>>> answered =
          new LinkedHashMap<>(response.responses());
      Map<String, KeysAndAttributes> unprocessed = new LinkedHashMap<>();
      for (String table : left) {
        answered.remove(table);
        unprocessed.put(
            table,
            KeysAndAttributes.builder().keys(request.requestItems().get(table).keys()).build());
      }
      return response.toBuilder().responses(answered).unprocessedKeys(unprocessed).build();
    }
  }
}
