package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the one item a mapping reads for a sign-in. The seam between the mapping and the store: the
 * Lambda and {@code render --endpoint} use {@link DynamoDbItemSource}, offline rendering and unit
 * tests use a fixed item.
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
}
