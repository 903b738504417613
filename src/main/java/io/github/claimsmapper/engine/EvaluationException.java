package io.github.claimsmapper.engine;

/**
 * A mapping could not be evaluated for one event: an expression failed, or a value could not be
 * converted to the declared type. The message describes the problem in terms of the mapping
 * (types, rule) and never contains the data that caused it.
 */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message, null, false, false);
  }
}
