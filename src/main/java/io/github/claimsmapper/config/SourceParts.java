package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What one {@code source} entry (or a rule's change to one) says, part by part: each part is
 * present only when written and valid. {@link SourceSpec} makes a complete source of it.
 */
record SourceParts(String name, String path, Optional<String> table, Optional<Map<String, Template>> key,
    Optional<Boolean> consistentRead, Optional<Policy> onMissing, Optional<Policy> onError, Optional<Boolean> skip,
    Optional<SourcePlan.Cache> cache, Optional<Duration> timeout) {

  /** The expressions of the key templates written here. */
  Stream<Expression> keyExpressions() {
    return key.stream().flatMap(k -> k.values().stream()).flatMap(template -> template.expressions().stream());
  }
}
