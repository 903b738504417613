package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A complete lookup as the file defines it, or as a rule's change leaves it; what it projects and
 * depends on comes later, from the {@link SourceGraph}.
 *
 * @param timeout the primary source's {@code timeout}, the one time budget of all lookups
 * @param query how a list-valued source reads its items, or empty for one item by its key
 */
record SourceSpec(
    String name,
    String path,
    String table,
    Map<String, Template> key,
    boolean consistentRead,
    Policy onMissing,
    Policy onError,
    boolean skip,
    Optional<SourcePlan.Cache> cache,
    Optional<Duration> timeout,
    Optional<QueryPlan> query) {

  /** How long a failed read may be answered from a cache that the mapping did not size. */
  static final Duration DEFAULT_STALE = Duration.ofHours(1);

  static final int DEFAULT_CACHE_ENTRIES = 10_000;

  SourceSpec {
    key =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(key)); // in file order: the partition key first
  }

  /** A source as defined; nothing when the table or key is missing (already reported). */
  static Optional<SourceSpec> define(SourceParts parts) {
    if (parts.table().isEmpty() || parts.key().isEmpty()) {
      return Optional.empty();
    }
    Policy onError = parts.onError().orElse(Policy.DENY);
    Optional<SourcePlan.Cache> cache =
        parts.cache().isEmpty() && onError == Policy.STALE
            ? Optional.of(new SourcePlan.Cache(Duration.ZERO, DEFAULT_STALE, DEFAULT_CACHE_ENTRIES))
            : parts.cache();
    return Optional.of(
        new SourceSpec(
            parts.name(),
            parts.path(),
            parts.table().get(),
            parts.key().get(),
            parts.consistentRead().orElse(false),
            parts.onMissing().orElse(Policy.DENY),
            onError,
            parts.skip().orElse(false),
            cache,
            parts.timeout(),
            parts.many().isPresent() && parts.many().get().defines()
                ? Optional.of(parts.many().get().plan())
                : Optional.empty()));
  }

  /** This source as a rule's change leaves it: what the change sets, the rest as it was. */
  SourceSpec changedBy(SourceParts change) {
    return new SourceSpec(
        name,
        change.path(),
        change.table().orElse(table),
        change.key().orElse(key),
        change.consistentRead().orElse(consistentRead),
        change.onMissing().orElse(onMissing),
        change.onError().orElse(onError),
        change.skip().orElse(skip),
        cache,
        timeout,
        query.isPresent() && change.many().isPresent() ? Optional.of(changed(change)) : query);
  }

  private QueryPlan changed(SourceParts change) {
    QueryPlan plan = query.orElseThrow();
    QueryParts limits = change.many().orElseThrow();
    return new QueryPlan(
        plan.index(),
        plan.sortKey(),
        plan.forEach(),
        limits.limit().orElse(plan.limit()),
        limits.onTruncated().orElse(plan.onTruncated()),
        plan.scanIndexForward());
  }
}
