package io.github.claimsmapper;

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

  /** Discards everything. */
  Log NONE = (level, message) -> {};
}
