package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.Template;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a source entry (or a rule's change to one) says about reading a list of items: each part is
 * present only when written and valid.
 *
 * @param query true when the entry has {@code query}; false for {@code forEach}, or a change
 * @param partition the query's partition key and its template, which becomes the source's key
 * @param localIndex true when {@code indexType: local}: the index may be read consistently
 */
record QueryParts(
    boolean query,
    Optional<Map<String, Template>> partition,
    Optional<String> index,
    boolean localIndex,
    Optional<QueryPlan.SortKey> sortKey,
    Optional<Expression> forEach,
    OptionalInt limit,
    Optional<Policy> onTruncated,
    Optional<Boolean> scanIndexForward) {

  /** Whether the entry defines a list-valued source (rather than only changing one's limits). */
  boolean defines() {
    return query || forEach.isPresent();
  }

  /** The expressions written here besides key templates: sort-key operands, forEach. */
  List<Expression> expressions() {
    return QueryPlan.expressions(sortKey, forEach);
  }

  /** The plan of a defined source. */
  QueryPlan plan() {
    return new QueryPlan(
        index,
        sortKey,
        forEach,
        limit.orElse(QueryPlan.DEFAULT_LIMIT),
        onTruncated.orElse(Policy.DENY),
        scanIndexForward.orElse(true));
  }

  /** A defined source's plan as this change leaves it: its limits, the rest as it was. */
  QueryPlan change(QueryPlan plan) {
    return new QueryPlan(
        plan.index(),
        plan.sortKey(),
        plan.forEach(),
        limit.orElse(plan.limit()),
        onTruncated.orElse(plan.onTruncated()),
        plan.scanIndexForward());
  }
}
