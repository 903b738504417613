package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
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
}
