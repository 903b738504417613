package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code source} entry (or a rule's change to one) says, part by part: each part is
 * present only when written and valid. {@link #define} makes the plan of a source as the file
 * defines it, {@link #change} the plan of a rule's change to one; the {@link SourceGraph} says what
 * each asks for.
 *
 * @param many what makes the source list-valued ({@code query}, {@code forEach}, their limits), or
 *     empty when the entry uses none of those keys
 */
record SourceParts(
    String name,
    String path,
    Optional<String> table,
    Optional<Map<String, Template>> key,
    Optional<Boolean> consistentRead,
    Optional<Policy> onMissing,
    Optional<Policy> onError,
    Optional<Boolean> skip,
    Optional<SourcePlan.Cache> cache,
    Optional<Duration> timeout,
    Optional<QueryParts> many) {

  /** How long a failed read may be answered from a cache that the mapping did not size. */
  static final Duration DEFAULT_STALE = Duration.ofHours(1);

  static final int DEFAULT_CACHE_ENTRIES = 10_000;

  /**
   * The plan of the source as defined, with the defaults of what is not written, asking for what
   * {@code graph} says the mapping reads. Nothing when the table or key is missing (already
   * reported).
   */
  Optional<SourcePlan> define(SourceGraph graph) {
    if (table.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    Policy errors = onError.orElse(Policy.DENY);
    Optional<QueryPlan> query =
        many.isPresent() && many.get().defines()
            ? Optional.of(many.get().plan())
            : Optional.empty();
    SourceGraph.Reads reads = graph.reads(name, key.get(), query);
    return Optional.of(
        new SourcePlan(
            name,
            path,
            table.get(),
            key.get(),
            consistentRead.orElse(false),
            onMissing.orElse(Policy.DENY),
            errors,
            reads.attributes(),
            reads.dependsOn(),
            skip.orElse(false),
            cache.isEmpty() && errors == Policy.STALE
                ? Optional.of(
                    new SourcePlan.Cache(Duration.ZERO, DEFAULT_STALE, DEFAULT_CACHE_ENTRIES))
                : cache,
            query));
  }

  /**
   * The plan of the source {@code defined} as this rule's change leaves it, reported at the
   * change's path: what the change sets, the rest as it was, asking for what {@code graph} says.
   */
  SourcePlan change(SourcePlan defined, SourceGraph graph) {
    Map<String, Template> changedKey = key.orElse(defined.key());
    Optional<QueryPlan> query =
        defined.query().isPresent() && many.isPresent()
            ? Optional.of(many.get().change(defined.query().get()))
            : defined.query();
    SourceGraph.Reads reads = graph.reads(name, changedKey, query);
    return new SourcePlan(
        name,
        path,
        table.orElse(defined.table()),
        changedKey,
        consistentRead.orElse(defined.consistentRead()),
        onMissing.orElse(defined.onMissing()),
        onError.orElse(defined.onError()),
        reads.attributes(),
        reads.dependsOn(),
        skip.orElse(defined.skip()),
        defined.cache(),
        query);
  }

  /** The expressions of the key templates written here, and of a query's or forEach's parts. */
  List<Expression> keyExpressions() {
    List<Expression> expressions = key.isPresent() ? expressionsOf(key.get()) : new ArrayList<>();
    if (many.isPresent()) {
      expressions = new ArrayList<>(expressions);
      expressions.addAll(many.get().expressions());
    }
    return expressions;
  }

  /** The expressions of key templates, in order. */
  static List<Expression> expressionsOf(Map<String, Template> key) {
    List<Expression> expressions = new ArrayList<>();
    for (Template template : key.values()) {
      expressions.addAll(template.expressions());
    }
    return expressions;
  }
}
