package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The mapping's lookups in DynamoDB, in as few round trips as possible, since each one spends the
 * sign-in's time budget: one item is one {@code GetItem}, several are one {@code BatchGetItem}
 * ({@link #findAll}).
 *
 * <p>Textual key values are sent as {@code S}, numbers as {@code N} of their exact decimal text.
 * Every attribute name is sent through an alias, so the names mappings meet ({@code custom:tenant},
 * reserved words such as {@code name}, names holding dots, which are one top-level attribute) need
 * no escaping from the author. An empty set of attributes reads the whole item, as an absent one
 * does. The client's timeouts and retries apply (see {@link DynamoDbClients}). An SDK failure
 * becomes a {@link SourceException} that names its kind but no key value or item content: those are
 * users' data, and the message reaches logs.
 */
public final class DynamoDbItemSource implements ItemSource {

  static final String GET_ITEM = "GetItem";
  static final String BATCH_GET_ITEM = "BatchGetItem";

  /** DynamoDB's limit on the keys of one BatchGetItem call. */
  static final int MAX_KEYS_PER_BATCH = 100;

  /**
   * Further BatchGetItem calls for keys DynamoDB left unprocessed, as it asks callers to make: a
   * few, because a table still throttling after them will not recover within one sign-in.
   */
  static final int RETRIES = 3;

  /**
   * Doubling pauses before those calls, as DynamoDB recommends for unprocessed keys; short, so all
   * of them together stay a small part of a lookup's time budget.
   */
  private static final long[] RETRY_BACKOFF_MILLIS = {20, 40, 80};

  /**
   * The most abandoned calls (given up at their deadline, still waiting for the store) before every
   * lookup is refused at once, and the most of them one key may hold before its own lookups are
   * (see {@link DeadlineExecutor}). They end within the client's 600 ms socket timeout; healthy
   * lookups are never limited, and one stalled partition holds a quarter of the capacity at most.
   */
  static final int MAX_ABANDONED = 16;

  static final int MAX_ABANDONED_PER_KEY = 4;

  /**
   * The wait for a call made without a deadline ({@link #find}; the CLI): its client's call
   * timeout.
   */
  static final Duration NO_DEADLINE_WAIT = Duration.ofSeconds(10);

  private final DynamoDbClient client;
  private final DeadlineExecutor calls = DeadlineExecutor.shared();
  private final DeadlineLane lane;

  static final long NO_DEADLINE = Long.MIN_VALUE;
  private static final AwsRequestOverrideConfiguration NO_OVERRIDE =
      AwsRequestOverrideConfiguration.builder().build();

  /** Less time than this left: the call would only time out, so it is not made. */
  private static final long MIN_CALL_NANOS = Duration.ofMillis(5).toNanos();

  /** Uses the given client; it is shared, not closed by this source. */
  public DynamoDbItemSource(DynamoDbClient client) {
    this(client, lookupLane());
  }

  /**
   * Uses the given client, its calls bounded by {@code lane}: a source of its own (the shadow's)
   * takes nothing from the capacity of another lane.
   */
  public DynamoDbItemSource(DynamoDbClient client, DeadlineLane lane) {
    this.client = Objects.requireNonNull(client, "client");
    this.lane = Objects.requireNonNull(lane, "lane");
  }

  /** A lane for lookups: no bound on healthy calls, one on what abandoned calls hold. */
  public static DeadlineLane lookupLane() {
    return DeadlineExecutor.shared()
        .lane("DynamoDB", Integer.MAX_VALUE, MAX_ABANDONED, MAX_ABANDONED_PER_KEY);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when a key value is neither text nor a number
   */
  @Override
  public Optional<ObjectNode> find(ItemRequest request) {
    return find(request, NO_DEADLINE);
  }

  private Optional<ObjectNode> find(ItemRequest request, long deadline) {
    GetItemRequest getItem =
        toGetItem(request).toBuilder().overrideConfiguration(within(deadline, GET_ITEM)).build();
    GetItemResponse response;
    try {
      response =
          call(
              GET_ITEM,
              KeyId.of(request.table(), getItem.key()),
              deadline,
              () -> client.getItem(getItem));
    } catch (SdkException e) {
      throw new SourceException(describe(GET_ITEM, e), e);
    }
    if (!response.hasItem()) {
      return Optional.empty();
    }
    return Optional.of(convert(GET_ITEM, response.item()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A {@code Query} for at most {@code limit + 1} items, page by page ({@link DynamoDbQuery}),
   * each page sent like a {@code GetItem}: bounded by the deadline, the client's timeouts and the
   * cap on running calls.
   */
  @Override
  public QueryResult query(QueryRequest request, Duration timeLeft) {
    Objects.requireNonNull(request, "request");
    long deadline = timeLeft == null ? NO_DEADLINE : System.nanoTime() + timeLeft.toNanos();
    return new DynamoDbQuery(this, client).run(request, deadline);
  }

  /**
   * Sends one call of {@code operation} as this source sends its GetItem and BatchGetItem calls:
   * with what is left of the deadline as its call timeout, on this source's lane of the deadline
   * executor ({@code key} for its per-key bound); an SDK failure becomes a {@link SourceException}
   * naming its kind.
   */
  <T> T send(
      String operation,
      Object key,
      long deadline,
      java.util.function.Function<AwsRequestOverrideConfiguration, T> call) {
    AwsRequestOverrideConfiguration bound = within(deadline, operation);
    try {
      return call(operation, key, deadline, () -> call.apply(bound));
    } catch (SdkException e) {
      throw new SourceException(describe(operation, e), e);
    }
  }

  /**
   * The item as plain JSON. An item DynamoDB sent but this code cannot read (a type this SDK does
   * not know, a number outside DynamoDB's range) is a failure of the source, handled by its {@code
   * onError} like any other; the message names the attribute's path, never a value.
   */
  private static ObjectNode convert(String operation, Map<String, AttributeValue> item) {
    try {
      return ItemJson.fromAttributeValues(item);
    } catch (IllegalArgumentException e) {
      throw new SourceException(
          "DynamoDB " + operation + " returned an item that cannot be read: " + e.getMessage(),
          null);
    }
  }

  /** Calls running now, abandoned ones included (for tests). */
  int runningCalls() {
    return lane.running();
  }

  /** One call on a worker, waited for until the deadline; the executor's refusals in words. */
  private <T> T call(String operation, Object key, long deadline, Supplier<T> body) {
    try {
      return calls.call(lane, key, waitUntil(deadline), body);
    } catch (DeadlineExecutor.NotAnswered e) {
      throw new SourceException("DynamoDB " + operation + " " + e.getMessage(), null);
    }
  }

  /** The caller's deadline; a call without one waits {@link #NO_DEADLINE_WAIT}. */
  private static long waitUntil(long deadline) {
    return deadline == NO_DEADLINE ? System.nanoTime() + NO_DEADLINE_WAIT.toNanos() : deadline;
  }

  /**
   * {@inheritDoc}
   *
   * <p>No request: no call. One request: {@link #find} (a {@code GetItem}). Two or more: one {@code
   * BatchGetItem} covering all of them, whatever their tables. Requests for the same item (same
   * table, same key; numbers compare by value, so {@code 7} and {@code 7.0} are one key) are read
   * once and answered each. Per table the call reads consistently when any request for that table
   * asks for it, and projects the union of the requested attributes plus the key attributes (every
   * name aliased, as in {@link #find}), or the whole item when any request for that table wants it;
   * each result then holds only what its own request asked for. Returned items are matched to
   * requests by their key values ({@code S} by exact text, {@code N} by numeric value).
   *
   * <p>Keys DynamoDB leaves unprocessed (throttling, the 16 MB answer limit) are asked for again a
   * few times ({@link #RETRIES}); keys still unprocessed then fail the read, handled by the
   * source's {@code onError} like any failure, rather than reading as items that do not exist. More
   * distinct keys than one call may carry (far more than a mapping reads) are split over several
   * calls. Each call is bounded by the client's timeouts (see {@link DynamoDbClients}).
   *
   * @throws IllegalArgumentException when a key value is neither text nor a number
   */
  @Override
  public List<Optional<ObjectNode>> findAll(List<ItemRequest> requests, Duration timeLeft) {
    Objects.requireNonNull(requests, "requests");
    long deadline = timeLeft == null ? NO_DEADLINE : System.nanoTime() + timeLeft.toNanos();
    List<Optional<ObjectNode>> results = new ArrayList<>(requests.size());
    if (requests.size() <= 1) {
      requests.forEach(
          request -> results.add(find(Objects.requireNonNull(request, "request"), deadline)));
      return results;
    }
    Map<KeyId, Lookup> distinct = new LinkedHashMap<>(); // first request first
    List<Lookup> perRequest = new ArrayList<>(requests.size());
    for (ItemRequest request : requests) {
      Objects.requireNonNull(request, "request");
      Map<String, AttributeValue> key = toKey(request);
      Lookup lookup =
          distinct.computeIfAbsent(
              KeyId.of(request.table(), key), id -> new Lookup(request.table(), key, id));
      lookup.requests.add(request);
      perRequest.add(lookup);
    }
    List<Lookup> lookups = new ArrayList<>(distinct.values());
    for (int from = 0; from < lookups.size(); from += MAX_KEYS_PER_BATCH) {
      readBatch(
          lookups.subList(from, Math.min(lookups.size(), from + MAX_KEYS_PER_BATCH)), deadline);
    }
    for (int i = 0; i < requests.size(); i++) {
      Map<String, AttributeValue> item = perRequest.get(i).item;
      results.add(
          item == null
              ? Optional.empty()
              : Optional.of(convert(BATCH_GET_ITEM, only(item, requests.get(i)))));
    }
    return results;
  }

  /** One call's worth of distinct keys ({@link #MAX_KEYS_PER_BATCH}): sets each lookup's item. */
  private void readBatch(List<Lookup> lookups, long deadline) {
    Map<String, TableRead> tables = new LinkedHashMap<>();
    for (Lookup lookup : lookups) {
      tables.computeIfAbsent(lookup.table, TableRead::new).add(lookup);
    }
    Map<String, KeysAndAttributes> requestItems = new LinkedHashMap<>();
    for (TableRead read : tables.values()) {
      requestItems.put(read.table, read.keysAndAttributes(read.keys()));
    }
    List<KeyId> key = lookups.stream().map(lookup -> lookup.id).toList();
    for (int retry = 0; ; retry++) {
      BatchGetItemResponse response = batchGet(requestItems, key, deadline);
      if (response.hasResponses()) {
        response
            .responses()
            .forEach(
                (table, items) -> {
                  TableRead read = tables.get(table);
                  if (read != null && items != null) {
                    items.forEach(read::match);
                  }
                });
      }
      // Only the keys of the answer's UnprocessedKeys are used: the retry carries this call's own
      // projection and consistency (dynalite, for one, drops the projection from its answer).
      Map<String, KeysAndAttributes> unprocessed = new LinkedHashMap<>();
      if (response.hasUnprocessedKeys()) {
        response
            .unprocessedKeys()
            .forEach(
                (table, keys) -> {
                  TableRead read = tables.get(table);
                  if (read != null && keys != null && keys.hasKeys() && !keys.keys().isEmpty()) {
                    unprocessed.put(table, read.keysAndAttributes(keys.keys()));
                  }
                });
      }
      if (unprocessed.isEmpty()) {
        return;
      }
      if (retry == RETRIES) {
        throw new SourceException(
            "DynamoDB " + BATCH_GET_ITEM + " left keys unprocessed (throttled)", null);
      }
      pause(RETRY_BACKOFF_MILLIS[retry], deadline);
      requestItems = unprocessed;
    }
  }

  /**
   * @param key the items asked for, for the executor's per-key bound
   */
  private BatchGetItemResponse batchGet(
      Map<String, KeysAndAttributes> requestItems, Object key, long deadline) {
    try {
      BatchGetItemRequest request =
          BatchGetItemRequest.builder()
              .requestItems(requestItems)
              .overrideConfiguration(within(deadline, BATCH_GET_ITEM))
              .build();
      return call(BATCH_GET_ITEM, key, deadline, () -> client.batchGetItem(request));
    } catch (SdkException e) {
      throw new SourceException(describe(BATCH_GET_ITEM, e), e);
    }
  }

  /**
   * The call's bound: what is left of the deadline (the client's own call timeout still applies
   * when it is shorter). Nothing left: the call is not made.
   */
  private static AwsRequestOverrideConfiguration within(long deadline, String operation) {
    if (deadline == NO_DEADLINE) {
      return NO_OVERRIDE;
    }
    long left = deadline - System.nanoTime();
    if (left < MIN_CALL_NANOS) {
      throw new SourceException(
          "DynamoDB " + operation + " timed out: the lookup's time budget is spent", null);
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(Duration.ofNanos(left)).build();
  }

  /**
   * Sleeps before a retry; when the retry could not be sent before the deadline, fails now instead.
   */
  private static void pause(long millis, long deadline) {
    if (deadline != NO_DEADLINE
        && deadline - System.nanoTime() < Duration.ofMillis(millis).toNanos() + MIN_CALL_NANOS) {
      throw new SourceException(
          "DynamoDB " + BATCH_GET_ITEM + " timed out: the lookup's time budget is spent", null);
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException("DynamoDB " + BATCH_GET_ITEM + " was interrupted", e);
    }
  }

  /** The item cut down to what the request asked for: the named attributes, or all. */
  private static Map<String, AttributeValue> only(
      Map<String, AttributeValue> item, ItemRequest request) {
    if (wantsWholeItem(request)) {
      return item;
    }
    Set<String> names = request.attributes().orElseThrow();
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.forEach(
        (name, value) -> {
          if (names.contains(name)) {
            out.put(name, value);
          }
        });
    return out;
  }

  private static boolean wantsWholeItem(ItemRequest request) {
    return request.attributes().map(Set::isEmpty).orElse(true);
  }

  /** One distinct key to read, the requests it answers, and the item once read. */
  private static final class Lookup {
    final String table;
    final Map<String, AttributeValue> key;
    final KeyId id;
    final List<ItemRequest> requests = new ArrayList<>(1);
    Map<String, AttributeValue> item;

    Lookup(String table, Map<String, AttributeValue> key, KeyId id) {
      this.table = table;
      this.key = key;
      this.id = id;
    }
  }

  /** What one BatchGetItem call asks of one table. */
  private static final class TableRead {
    final String table;
    final Map<KeyId, Lookup> lookups = new LinkedHashMap<>();
    final Set<Set<String>> keyNames = new LinkedHashSet<>(); // one set unless requests disagree
    final Set<String> names = new TreeSet<>(); // sorted: the same request text every time
    boolean consistentRead;
    boolean wholeItem;

    TableRead(String table) {
      this.table = table;
    }

    void add(Lookup lookup) {
      lookups.put(lookup.id, lookup);
      keyNames.add(Set.copyOf(lookup.key.keySet()));
      names.addAll(lookup.key.keySet());
      for (ItemRequest request : lookup.requests) {
        consistentRead |= request.consistentRead();
        if (wantsWholeItem(request)) {
          wholeItem = true;
        } else {
          names.addAll(request.attributes().orElseThrow());
        }
      }
    }

    List<Map<String, AttributeValue>> keys() {
      List<Map<String, AttributeValue>> keys = new ArrayList<>(lookups.size());
      lookups.values().forEach(lookup -> keys.add(lookup.key));
      return keys;
    }

    KeysAndAttributes keysAndAttributes(List<Map<String, AttributeValue>> keys) {
      KeysAndAttributes.Builder builder =
          KeysAndAttributes.builder().keys(keys).consistentRead(consistentRead);
      if (!wholeItem) {
        Projection projection = Projection.of(names);
        builder
            .projectionExpression(projection.expression())
            .expressionAttributeNames(projection.names());
      }
      return builder.build();
    }

    /** Gives a returned item to the lookup whose key it holds. */
    void match(Map<String, AttributeValue> item) {
      for (Set<String> names : keyNames) {
        Lookup lookup = lookups.get(KeyId.of(table, item, names));
        if (lookup != null) {
          lookup.item = item;
          return;
        }
      }
    }
  }

  /**
   * A key as DynamoDB compares it: {@code S} by text, {@code N} by numeric value (kept as a {@link
   * BigDecimal} without trailing zeros, so values equal by {@code compareTo} are equal).
   */
  private record KeyId(String table, Map<String, Object> values) {

    static KeyId of(String table, Map<String, AttributeValue> key) {
      return of(table, key, key.keySet());
    }

    /** The key read from {@code item}'s attributes {@code names}, or null when one is missing. */
    static KeyId of(String table, Map<String, AttributeValue> item, Set<String> names) {
      Map<String, Object> values = new HashMap<>();
      for (String name : names) {
        AttributeValue value = item.get(name);
        if (value == null) {
          return null;
        }
        if (value.s() != null) {
          values.put(name, value.s());
        } else if (value.n() != null) {
          values.put(name, number(value.n()));
        } else {
          return null;
        }
      }
      return new KeyId(table, values);
    }

    private static Object number(String text) {
      try {
        return new BigDecimal(text).stripTrailingZeros();
      } catch (NumberFormatException | ArithmeticException e) {
        return List.of(text); // not a number DynamoDB takes; never equal to a number or text
      }
    }
  }

  static GetItemRequest toGetItem(ItemRequest request) {
    GetItemRequest.Builder builder =
        GetItemRequest.builder()
            .tableName(request.table())
            .key(toKey(request))
            .consistentRead(request.consistentRead());
    request
        .attributes()
        .filter(names -> !names.isEmpty())
        .map(Projection::of)
        .ifPresent(
            projection ->
                builder
                    .projectionExpression(projection.expression())
                    .expressionAttributeNames(projection.names()));
    return builder.build();
  }

  private static Map<String, AttributeValue> toKey(ItemRequest request) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    request.key().forEach((name, value) -> key.put(name, keyValue(name, value)));
    return key;
  }

  /** A projection with every name aliased: {@code #a0, #a1, ...} in the names' sorted order. */
  private record Projection(String expression, Map<String, String> names) {
    static Projection of(Set<String> names) {
      List<String> aliases = new ArrayList<>(names.size());
      Map<String, String> aliased = new HashMap<>();
      for (String name : new TreeSet<>(names)) { // sorted: the same request text every time
        String alias = "#a" + aliases.size();
        aliases.add(alias);
        aliased.put(alias, name);
      }
      return new Projection(String.join(", ", aliases), aliased);
    }
  }

  private static AttributeValue keyValue(String name, JsonNode value) {
    if (value != null && value.isTextual()) {
      return AttributeValue.fromS(value.textValue());
    }
    if (value != null && value.isNumber()) {
      try {
        return ItemJson.toN(name, value);
      } catch (IllegalArgumentException e) {
        // as DynamoDB would have refused it, but decided before the call and with the reason
        throw new SourceException("DynamoDB cannot take the key: " + e.getMessage(), null);
      }
    }
    throw new IllegalArgumentException(
        "key attribute \""
            + name
            + "\" must be text or a number, was "
            + (value == null
                ? "missing"
                : value.getNodeType().toString().toLowerCase(Locale.ROOT)));
  }

  /** A {@code GetItem} failure's kind, in words: {@link #describe(String, SdkException)}. */
  static String describe(SdkException e) {
    return describe(GET_ITEM, e);
  }

  /**
   * The failure's kind, in words; never the request's or the error's own text.
   *
   * @param operation the DynamoDB operation that failed ({@code GetItem}, {@code BatchGetItem})
   */
  static String describe(String operation, SdkException e) {
    String op = "DynamoDB " + operation;
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return op + " timed out";
    }
    if (e instanceof SdkServiceException service) {
      String code = errorCode(service);
      if (service.isThrottlingException()) {
        return op + " throttled: " + code;
      }
      if (service.statusCode() >= 500) {
        return "DynamoDB failed to answer: " + code + " (HTTP " + service.statusCode() + ")";
      }
      return "DynamoDB rejected the request: " + code;
    }
    if (e instanceof AbortedException) {
      return op + " was interrupted";
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof CompleteBodies.CutShort) {
        return op + " answer was cut short";
      }
      if (cause instanceof SocketTimeoutException) {
        return op + " timed out";
      }
      if (cause instanceof ApiCallAttemptTimeoutException
          || cause instanceof ApiCallTimeoutException) {
        return op + " timed out";
      }
      if (cause instanceof IOException) {
        return "DynamoDB unreachable";
      }
    }
    return op + " failed in the client: " + e.getClass().getSimpleName();
  }

  private static String errorCode(SdkServiceException e) {
    if (e instanceof AwsServiceException aws
        && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorCode() != null
        && !aws.awsErrorDetails().errorCode().isBlank()) {
      return aws.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
