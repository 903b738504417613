package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import java.util.Optional;
import java.util.Set;

/** A literal value in a place that also takes expressions, such as a list of groups to add. */
public record Constant(JsonNode value) implements Expression {
  @Override
  public JsonNode evaluate(JsonNode envelope) {
    return value;
  }

  /** A literal reads nothing. */
  @Override
  public Optional<Set<String>> attributesRead(String root) {
    return Optional.of(Set.of());
  }

  @Override
  public String text() {
    return Json.compact(value);
  }
}
