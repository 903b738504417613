package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.source.DynamoDbKeys.KeyId;
import io.github.claimsmapper.source.DynamoDbKeys.Projection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

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
  static final long MIN_CALL_NANOS = Duration.ofMillis(5).toNanos();

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
    GetItemRequest getItem = toGetItem(request);
    return get(getItem, KeyId.of(request.table(), getItem.key()), deadline);
  }

  private Optional<ObjectNode> get(GetItemRequest getItem, KeyId key, long deadline) {
    GetItemResponse response =
        send(
            GET_ITEM,
            key,
            deadline,
            o -> client.getItem(getItem.toBuilder().overrideConfiguration(o).build()));
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
    long deadline = deadline(timeLeft);
    return new DynamoDbQuery(this, client).run(request, deadline);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The GetItem or BatchGetItem calls of {@link #findAll(List, Duration)} run on a worker of the
   * deadline executor, on this source's lane with their own key (as {@link #findAll(List,
   * Duration)} sends them), while the caller starts its other reads.
   */
  @Override
  public Started<List<Optional<ObjectNode>>> startFindAll(
      List<ItemRequest> requests, Duration timeLeft) {
    Objects.requireNonNull(requests, "requests");
    long deadline = deadline(timeLeft);
    try {
      if (requests.size() == 1) {
        ItemRequest request = Objects.requireNonNull(requests.get(0), "request");
        GetItemRequest getItem = toGetItem(request);
        KeyId key = KeyId.of(request.table(), getItem.key());
        return start(GET_ITEM, key, deadline, () -> List.of(get(getItem, key, deadline)));
      }
      if (requests.size() > 1) {
        return start(
            DynamoDbBatchGet.BATCH_GET_ITEM,
            DynamoDbBatchGet.key(requests),
            deadline,
            () -> new DynamoDbBatchGet(this, client).run(requests, deadline));
      }
    } catch (RuntimeException e) { // a key that cannot be sent fails the read, as findAll does
      return Started.failed(e);
    }
    return Started.now(List::of);
  }

  /**
   * {@inheritDoc}
   *
   * <p>All of the query's pages run on one worker of the deadline executor, on this source's lane
   * with the partition's key (as {@link #query} sends them), while the caller starts its other
   * reads.
   */
  @Override
  public Started<QueryResult> startQuery(QueryRequest request, Duration timeLeft) {
    Objects.requireNonNull(request, "request");
    long deadline = deadline(timeLeft);
    return start(
        DynamoDbQuery.QUERY,
        DynamoDbQuery.partition(request),
        deadline,
        () -> new DynamoDbQuery(this, client).run(request, deadline));
  }

  private static long deadline(Duration timeLeft) {
    return timeLeft == null ? NO_DEADLINE : System.nanoTime() + timeLeft.toNanos();
  }

  /**
   * {@code body} handed to a worker on this source's lane; its own calls run inline on that worker,
   * bounded by the same deadline. A refusal or a wait past the deadline reads as {@link #call}'s.
   */
  private <T> Started<T> start(String operation, Object key, long deadline, Supplier<T> body) {
    long until = waitUntil(deadline);
    DeadlineCall<T> call;
    try {
      call = calls.submit(lane, key, until, body);
    } catch (DeadlineExecutor.NotAnswered e) {
      return Started.failed(notAnswered(operation, e));
    }
    return new Started<>() {
      @Override
      public T get() {
        try {
          return call.await(until);
        } catch (DeadlineExecutor.NotAnswered e) {
          throw notAnswered(operation, e);
        }
      }

      @Override
      public void abandon() {
        call.abandon();
      }
    };
  }

  private static SourceException notAnswered(String operation, DeadlineExecutor.NotAnswered e) {
    return SourceException.of(SourceException.Kind.NOT_ANSWERED, operation, e.getMessage(), null);
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
      Function<AwsRequestOverrideConfiguration, T> call) {
    AwsRequestOverrideConfiguration bound = within(deadline, operation);
    try {
      return call(operation, key, deadline, () -> call.apply(bound));
    } catch (SdkException e) {
      throw SourceException.from(operation, e);
    }
  }

  /**
   * The item as plain JSON. An item DynamoDB sent but this code cannot read (a type this SDK does
   * not know, a number outside DynamoDB's range) is a failure of the source, handled by its {@code
   * onError} like any other; the message names the attribute's path, never a value.
   */
  static ObjectNode convert(String operation, Map<String, AttributeValue> item) {
    try {
      return ItemJson.fromAttributeValues(item);
    } catch (IllegalArgumentException e) {
      throw SourceException.of(
          SourceException.Kind.UNREADABLE_ITEM, operation, e.getMessage(), null);
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
      throw notAnswered(operation, e);
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
   * few times ({@link DynamoDbBatchGet#RETRIES}); keys still unprocessed then fail the read,
   * handled by the source's {@code onError} like any failure, rather than reading as items that do
   * not exist. More distinct keys than one call may carry (far more than a mapping reads) are split
   * over several calls. Each call is bounded by the client's timeouts (see {@link
   * DynamoDbClients}).
   *
   * @throws IllegalArgumentException when a key value is neither text nor a number
   */
  @Override
  public List<Optional<ObjectNode>> findAll(List<ItemRequest> requests, Duration timeLeft) {
    Objects.requireNonNull(requests, "requests");
    long deadline = deadline(timeLeft);
    if (requests.size() <= 1) {
      List<Optional<ObjectNode>> results = new ArrayList<>(1);
      for (ItemRequest request : requests) {
        results.add(find(Objects.requireNonNull(request, "request"), deadline));
      }
      return results;
    }
    return new DynamoDbBatchGet(this, client).run(requests, deadline);
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
      throw SourceException.of(SourceException.Kind.BUDGET_SPENT, operation, null, null);
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(Duration.ofNanos(left)).build();
  }

  static GetItemRequest toGetItem(ItemRequest request) {
    GetItemRequest.Builder builder =
        GetItemRequest.builder()
            .tableName(request.table())
            .key(DynamoDbKeys.toKey(request))
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
}
