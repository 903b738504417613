package io.github.claimsmapper.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;

/**
 * One invocation's deadline, taken from the Lambda context once, when the invocation starts: every
 * step (the refresh check, a compilation, the lookups, the shadow) draws on what is left of it, so
 * the answer is written before the Lambda's time runs out whatever the settings allow each step.
 */
final class Deadline {
  /** No bound (outside Lambda): each step takes its own setting. */
  static final Deadline NONE = new Deadline(0, false);

  private final long at;
  private final boolean bounded;

  private Deadline(long at, boolean bounded) {
    this.at = at;
    this.bounded = bounded;
  }

  /**
   * The Lambda's remaining time less {@code reserve} (kept for writing the response), from now; no
   * bound without a context.
   */
  static Deadline of(Context context, Duration reserve) {
    if (context == null) {
      return NONE;
    }
    long left = Math.max(0, context.getRemainingTimeInMillis() - reserve.toMillis());
    return new Deadline(System.nanoTime() + Duration.ofMillis(left).toNanos(), true);
  }

  /** {@code timeLeft} from now; null is no bound. */
  static Deadline in(Duration timeLeft) {
    return timeLeft == null
        ? NONE
        : new Deadline(System.nanoTime() + Math.max(0, timeLeft.toNanos()), true);
  }

  /** What is left, never negative; null when there is no bound. */
  Duration left() {
    return bounded ? Duration.ofNanos(Math.max(0, at - System.nanoTime())) : null;
  }

  /** What is left, but at most {@code most}: a step's own bound within the invocation's. */
  Duration left(Duration most) {
    Duration left = left();
    return left == null || left.compareTo(most) > 0 ? most : left;
  }

  /** Whether nothing is left. */
  boolean passed() {
    return bounded && at - System.nanoTime() <= 0;
  }
}
