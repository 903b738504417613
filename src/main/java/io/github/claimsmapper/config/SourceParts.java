package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code source} entry (or a rule's change to one) says, part by part: each part is
 * present only when written and valid. {@link SourceSpec} makes a complete source of it.
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
