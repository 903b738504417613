package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** A compiled JMESPath expression over the envelope. Thread-safe. */
public interface Expression {

  /** Evaluates over the envelope; never returns Java null (JSON null instead). */
  JsonNode evaluate(JsonNode envelope);

  /** The expression as written in the mapping file. */
  String text();
}
