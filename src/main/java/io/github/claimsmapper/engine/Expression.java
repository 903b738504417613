package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A compiled JMESPath expression over the envelope. Thread-safe. */
public interface Expression {

  /** Evaluates over the envelope; never returns Java null (JSON null instead). */
  JsonNode evaluate(JsonNode envelope);

  /** The expression as written in the mapping file. */
  String text();

  /**
   * Which top-level attributes of the value named {@code root} in the envelope (a source such as
   * {@code item}) evaluating this can read, from its parse tree; empty when it may read all of it.
   * Never fewer than it reads: a lookup asks only for these.
   */
  Optional<Set<String>> attributesRead(String root);

  /**
   * As {@link #attributesRead}, for a root whose value is a list of items (a query or {@code
   * forEach} source): which top-level attributes of those items evaluating this can read; empty
   * when it may read whole items. By default: none when it does not read the root, else all.
   */
  default Optional<Set<String>> elementAttributesRead(String root) {
    Optional<Set<String>> read = attributesRead(root);
    return read.isPresent() && read.get().isEmpty() ? read : Optional.empty();
  }

  /**
   * What {@code expressions} read together of {@code root} ({@link #attributesRead}), or of its
   * items for a list-valued root ({@link #elementAttributesRead}); empty when any may read all.
   */
  static Optional<Set<String>> readTogether(
      List<Expression> expressions, String root, boolean elements) {
    Set<String> names = new LinkedHashSet<>();
    for (Expression expression : expressions) {
      Optional<Set<String>> read =
          elements ? expression.elementAttributesRead(root) : expression.attributesRead(root);
      if (read.isEmpty()) {
        return read;
      }
      names.addAll(read.get());
    }
    return Optional.of(Collections.unmodifiableSet(names));
  }
}
