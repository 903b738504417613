package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads what a mapping's sources ask for a sign-in: one item by its key, several items at once, or
 * the items a query matches; each may be started and waited for later, so a round's reads are in
 * flight together. The seam between the mapping and the store: the Lambda and {@code render
 * --endpoint} use {@link DynamoDbItemSource}, offline rendering and unit tests use fixed items.
 */
@FunctionalInterface
public interface ItemSource {

  /**
   * Reads one item.
   *
   * @return the item as plain JSON (see {@link ItemJson}), or empty when the table holds no item
   *     for the key
   * @throws SourceException when the store cannot answer (unreachable, throttled, timed out,
   *     rejected the request)
   */
  Optional<ObjectNode> find(ItemRequest request);

  /**
   * Reads several independent items, in one round trip where the store allows it (DynamoDB: one
   * BatchGetItem). The default reads them one by one.
   *
   * @return one result per request, in the order of the requests
   * @throws SourceException when the store cannot answer
   */
  default List<Optional<ObjectNode>> findAll(List<ItemRequest> requests) {
    return findAll(requests, null);
  }

  /**
   * As {@link #findAll(List)}, within a time budget: the store gives up (a {@link SourceException}
   * saying it timed out) rather than answer after {@code timeLeft}. Sources that cannot wait, such
   * as fixed items, ignore it.
   *
   * @param timeLeft the time the reads may take in all, retries included; null for no bound beyond
   *     the store's own timeouts
   */
  default List<Optional<ObjectNode>> findAll(List<ItemRequest> requests, Duration timeLeft) {
    List<Optional<ObjectNode>> results = new ArrayList<>(requests.size());
    for (ItemRequest request : requests) {
      results.add(find(request));
    }
    return results;
  }

  /**
   * Queries one partition (DynamoDB: {@code Query}, page after page, within {@code timeLeft}). A
   * source that cannot query fails, handled by the mapping's {@code onError}.
   *
   * @param timeLeft the time the query may take in all, pages included; null for no bound beyond
   *     the store's own timeouts
   * @throws SourceException when the store cannot answer
   */
  default QueryResult query(QueryRequest request, Duration timeLeft) {
    throw new SourceException("this item source cannot run queries", null);
  }

  /**
   * Starts {@link #findAll(List, Duration)} and returns without waiting for it where the store
   * allows (DynamoDB: on a worker of {@link DeadlineExecutor}), so that reads which need nothing of
   * each other are in flight together; {@link Started#get} waits for the answer. The default reads
   * at once.
   */
  default Started<List<Optional<ObjectNode>>> startFindAll(
      List<ItemRequest> requests, Duration timeLeft) {
    return Started.now(() -> findAll(requests, timeLeft));
  }

  /** Starts {@link #query} as {@link #startFindAll} starts its reads. */
  default Started<QueryResult> startQuery(QueryRequest request, Duration timeLeft) {
    return Started.now(() -> query(request, timeLeft));
  }

  /** A read started by {@link #startFindAll} or {@link #startQuery}. */
  interface Started<T> {

    /**
     * The answer, waited for within the time the read was started with.
     *
     * @throws SourceException when the store cannot answer; anything else the read threw, unchanged
     */
    T get();

    /** Gives the read up when its answer is no longer wanted; nothing once it is answered. */
    default void abandon() {}

    /** A read made at once: its answer, or what it threw, kept for {@link #get}. */
    static <T> Started<T> now(Supplier<T> read) {
      T answer;
      try {
        answer = read.get();
      } catch (RuntimeException e) {
        return failed(e);
      }
      return () -> answer;
    }

    /** A read that failed before it was sent: {@link #get} throws {@code e}. */
    static <T> Started<T> failed(RuntimeException e) {
      return () -> {
        throw e;
      };
    }
  }
}
