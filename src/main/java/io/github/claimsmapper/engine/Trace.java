package io.github.claimsmapper.engine;

/**
 * Receives what evaluation decided, step by step, for {@code render --explain}. Each step names the
 * rule's path in the mapping file, so the command line can point at {@code file:line}. Evaluation
 * without a trace passes {@link #NONE}, which costs nothing.
 */
@FunctionalInterface
public interface Trace {

  /** What became of one rule, claim, scope list, group setting or lookup. */
  enum Outcome {
    /** A rule's condition held, a claim got a value, a lookup found its item. */
    APPLIED,
    /** A claim had no value and was left out. */
    OMITTED,
    /** A claim had no value and took its default. */
    DEFAULTED,
    /** A rule's condition did not hold, or a lookup was turned off by a rule. */
    SKIPPED,
    /** A later rule's definition of the same claim replaced this one. */
    OVERRIDDEN,
    /** Something failed and the file's policy went on without it. */
    FAILED,
    /** The sign-in is denied here. */
    DENIED,
    /** A lookup found no item. */
    MISSING
  }

  void step(String path, Outcome outcome, String detail);

  /** False when steps are thrown away: callers skip building their text. */
  default boolean enabled() {
    return true;
  }

  Trace NONE =
      new Trace() {
        @Override
        public void step(String path, Outcome outcome, String detail) {}

        @Override
        public boolean enabled() {
          return false;
        }
      };
}
