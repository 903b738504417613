package io.github.claimsmapper.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the item comes from: one DynamoDB GetItem per sign-in.
 *
 * @param path where {@code source} stands in the file, for logs
 * @param table the table name, placeholders resolved
 * @param key the key attributes (partition key first) and the templates that build their values
 * @param consistentRead whether to read consistently
 * @param onMissing what to do when the table has no item for the key, or the key cannot be built
 * @param onError what to do when the table cannot be read or a value cannot be converted
 * @param attributes the item attributes the mapping reads, or empty when it needs the whole item
 */
public record SourcePlan(
    String path,
    String table,
    Map<String, Template> key,
    boolean consistentRead,
    Policy onMissing,
    Policy onError,
    Optional<Set<String>> attributes) {

  public SourcePlan {
    Objects.requireNonNull(table, "table");
    key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
    attributes = attributes.map(Set::copyOf);
  }
}
