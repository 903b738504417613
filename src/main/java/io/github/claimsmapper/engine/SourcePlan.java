package io.github.claimsmapper.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One item read per sign-in: the primary {@code source} (named {@code item}) or one of {@code
 * sources}, exposed to expressions under its name.
 *
 * @param name the name expressions use ({@code item}, {@code tenant}, ...)
 * @param path where the source stands in the file, for logs
 * @param table the table name, placeholders resolved
 * @param key the key attributes (partition key first) and the templates that build their values
 * @param consistentRead whether to read consistently
 * @param onMissing what to do when the table has no item for the key, or the key cannot be built
 * @param onError what to do when the table cannot be read
 * @param attributes the item attributes the mapping reads, or empty when it needs the whole item
 * @param dependsOn the other sources its key reads, which must be fetched first
 * @param skip true when a rule turned this lookup off: no read, the name is null
 * @param cache how long items are reused, or empty for no cache
 * @param query for a source whose value is a list of items (a query, or {@code forEach}), how it
 *     reads them; empty for one item by its key
 */
public record SourcePlan(
    String name,
    String path,
    String table,
    Map<String, Template> key,
    boolean consistentRead,
    Policy onMissing,
    Policy onError,
    Optional<Set<String>> attributes,
    Set<String> dependsOn,
    boolean skip,
    Optional<Cache> cache,
    Optional<QueryPlan> query) {

  /**
   * How long items read by this source are reused.
   *
   * @param fresh an item younger than this is used without reading (zero: always read)
   * @param stale with {@code onError: stale}, an item younger than this is served when the read
   *     fails
   * @param maxEntries the most items kept (least recently used go first)
   */
  public record Cache(java.time.Duration fresh, java.time.Duration stale, int maxEntries) {}

  /**
   * Where one of this source's settings stands in the file, for a failure's message: built only
   * when something is reported, so a sign-in that goes well builds no path.
   */
  public String path(String part, String attribute) {
    return path(part) + "." + attribute;
  }

  /** Where one of this source's settings stands in the file; see {@link #path(String, String)}. */
  public String path(String part) {
    return path + "." + part;
  }

  /** The name of the primary source. */
  public static final String PRIMARY = "item";

  public SourcePlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
    attributes = attributes.map(Set::copyOf);
    dependsOn = Set.copyOf(dependsOn);
  }
}
