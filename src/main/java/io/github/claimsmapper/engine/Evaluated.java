package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A claim's value as evaluated.
 *
 * @param value the converted value
 * @param defaulted whether the expression had no value and the claim's default stands in
 */
public record Evaluated(JsonNode value, boolean defaulted) {
  public Evaluated {
    Objects.requireNonNull(value, "value");
  }
}
