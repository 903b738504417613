package io.github.claimsmapper.engine;

/**
 * A mapping could not be evaluated for one event: an expression failed, or a value could not be
 * converted to the declared type. The message describes the problem in terms of the mapping (types,
 * rule) and never contains the data that caused it.
 */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean exhausted;

  public EvaluationException(String message) {
    this(message, false);
  }

  private EvaluationException(String message, boolean exhausted) {
    super(message, null, false, false);
    this.exhausted = exhausted;
  }

  /** An expression spent its evaluation budget: a failure, never a "does not apply". */
  public static EvaluationException exhausted(String message) {
    return new EvaluationException(message, true);
  }

  /** True when the expression spent its evaluation budget (see {@link #exhausted(String)}). */
  public boolean isExhausted() {
    return exhausted;
  }
}
