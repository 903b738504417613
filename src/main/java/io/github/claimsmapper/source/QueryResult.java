package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a query found.
 *
 * @param items the matching items as plain JSON ({@link ItemJson}), in sort-key order, at most the
 *     request's limit
 * @param truncated true when more items match than the limit: {@code items} holds the first ones
 * @param calls how many calls it took (one per page of at most 1 MB)
 */
public record QueryResult(List<ObjectNode> items, boolean truncated, int calls) {
  public QueryResult {
    items = List.copyOf(items);
  }
}
