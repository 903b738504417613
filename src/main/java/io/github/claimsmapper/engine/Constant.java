package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** A literal value in a place that also takes expressions, such as a list of groups to add. */
public record Constant(JsonNode value) implements Expression {
  @Override
  public JsonNode evaluate(JsonNode envelope) {
    return value;
  }

  @Override
  public String text() {
    return Json.compact(value);
  }
}
