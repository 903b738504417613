package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Finds the one item a mapping reads for a sign-in. The seam between the mapping and the store:
 * the Lambda and {@code render --endpoint} use {@link DynamoDbItemSource}, offline rendering
 * and unit tests use a fixed item.
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
}
