package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Expression;
import java.util.List;
import java.util.Optional;

/**
 * What a parser made of one part of a file, and every expression it compiled there, kept even when
 * the part was refused later: what the lookups ask for is decided by every expression written, so a
 * mistake elsewhere in a claim does not raise a false "never read" warning.
 */
record Parsed<T>(Optional<T> value, List<Expression> reads) {
  Parsed {
    reads = List.copyOf(reads);
  }

  static <T> Parsed<T> of(T value, List<Expression> reads) {
    return new Parsed<>(Optional.of(value), reads);
  }

  static <T> Parsed<T> refused(List<Expression> reads) {
    return new Parsed<>(Optional.empty(), reads);
  }
}
