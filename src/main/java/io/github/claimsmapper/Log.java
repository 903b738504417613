package io.github.claimsmapper;

import io.github.claimsmapper.config.Diagnostic;
import java.util.List;

/**
 * Where the mapper reports what happened. Messages name rules, paths and kinds of failure, never
 * personal data (no user attributes, key values or item values).
 */
@FunctionalInterface
public interface Log {

  /** How much a line matters. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  void write(Level level, String message);

  /**
   * Writes the problems of a mapping that did not load, one line each: errors at {@code ERROR},
   * warnings at {@code WARN}. Diagnostics name paths and never an environment value.
   */
  default void problems(List<Diagnostic> diagnostics) {
    for (Diagnostic d : diagnostics) {
      write(d.severity() == Diagnostic.Severity.ERROR ? Level.ERROR : Level.WARN, d.format());
    }
  }

  /** Discards everything. */
  Log NONE = (level, message) -> {};
}
