package io.github.claimsmapper.engine;

import io.github.claimsmapper.engine.functions.TextLimit;

/**
 * What one expression evaluation may spend, counted by the runtime as it works: steps (values
 * looked at), values created (array elements and object members) and characters of strings created.
 * JMESPath can build data faster than any input grows it ({@code [@, @][]} doubles an array; 28 of
 * them need gigabytes), and a hostile or careless expression must fail its claim through {@code
 * onError} long before memory or time run out. Real mappings stay far below the bounds: a claim
 * over a 400 KB item takes a few thousand steps. Text is bounded by {@link TextLimit#MAX_CHARS},
 * Lambda's own response limit.
 *
 * <p>The meter is per thread: compiled expressions are shared between threads, evaluations are not.
 */
final class EvaluationBudget {
  static final long MAX_STEPS = 2_000_000;
  static final long MAX_VALUES = 200_000;
  static final long MAX_CHARS = TextLimit.MAX_CHARS;

  private static final ThreadLocal<EvaluationBudget> CURRENT = new ThreadLocal<>();

  private long steps;
  private long values;
  private long chars;

  private EvaluationBudget() {}

  /**
   * Starts metering on this thread; returns the meter of an enclosing evaluation, if any, to
   * restore.
   */
  static EvaluationBudget start() {
    EvaluationBudget enclosing = CURRENT.get();
    CURRENT.set(new EvaluationBudget());
    return enclosing;
  }

  /** Ends metering on this thread, restoring what {@link #start} returned. */
  static void stop(EvaluationBudget enclosing) {
    if (enclosing == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(enclosing);
    }
  }

  static void step() {
    EvaluationBudget meter = CURRENT.get();
    if (meter != null && ++meter.steps > MAX_STEPS) {
      throw new Exhausted("more than " + MAX_STEPS + " steps");
    }
  }

  static void created(long count) {
    EvaluationBudget meter = CURRENT.get();
    if (meter != null && (meter.values += count) > MAX_VALUES) {
      throw new Exhausted("more than " + MAX_VALUES + " values created");
    }
  }

  static void createdText(long length) {
    EvaluationBudget meter = CURRENT.get();
    if (meter != null && (meter.chars += length) > MAX_CHARS) {
      throw new Exhausted("more than " + MAX_CHARS + " characters of text created");
    }
  }

  /** The budget is spent; carries no stack trace, it is an outcome, not a bug. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted(String what) {
      super("the expression exceeded its evaluation budget (" + what + ")", null, false, false);
    }
  }
}
