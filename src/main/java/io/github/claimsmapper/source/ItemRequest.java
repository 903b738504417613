package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to read: one item by its full primary key.
 *
 * @param source the mapping's name for this item ({@code item} for the primary source, or its name
 *     among the mapping's sources), so offline sources can answer by name
 * @param table the table name
 * @param key the key attributes in order (partition key first); a textual value is sent as {@code
 *     S}, a number as {@code N}
 * @param consistentRead whether to ask for a strongly consistent read
 * @param attributes the top-level attributes to return ({@code ProjectionExpression}), or empty for
 *     the whole item
 */
public record ItemRequest(
    String source,
    String table,
    Map<String, JsonNode> key,
    boolean consistentRead,
    Optional<Set<String>> attributes) {

  public ItemRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(table, "table");
    key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
    attributes = attributes.map(Set::copyOf);
  }
}
