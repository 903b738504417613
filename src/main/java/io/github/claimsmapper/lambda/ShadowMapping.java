package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.ResponseDiff;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.SummaryWord;
import io.github.claimsmapper.engine.Trace;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A second mapping ({@code CLAIMS_SHADOW_CONFIG}) answered beside the real one on every sign-in and
 * compared with it by the {@code diff} engine: what it would have changed, by name only.
 *
 * <p>It never touches the response: it runs on its own copy of the event, on its own thread, after
 * the real response is built, and the invocation waits for it at most the fixed budget. A shadow
 * that fails, is slow or is still busy with an earlier invocation is reported as such and otherwise
 * ignored.
 */
final class ShadowMapping {
  /** What the shadow did for one invocation. */
  enum Result implements SummaryWord {
    SAME,
    DIFFERS,
    /** The shadow threw: a bug or a mapping failure other than a denial. */
    FAILED,
    /** The budget ran out before the shadow finished. */
    TIMEOUT,
    /** The shadow of an earlier invocation still runs: not evaluated, no wait. */
    BUSY,
    /** No valid shadow mapping is held (an AppConfig profile that never compiled). */
    UNAVAILABLE;
  }

  /**
   * The shadow's verdict.
   *
   * @param differences the diff engine's subjects (claim, scope and group field names; no values)
   */
  record Report(Result result, List<String> differences) {
    Report {
      differences = List.copyOf(differences);
    }

    boolean differs() {
      return result == Result.DIFFERS;
    }

    boolean failed() {
      return result == Result.FAILED || result == Result.TIMEOUT;
    }
  }

  private static final String DENIED = "denied";

  private final Function<Duration, Optional<ClaimsMapper>> mappers;
  private final Duration budget;
  private final ThreadPoolExecutor worker;

  /**
   * @param mappers the shadow's façade for an invocation, given the time it may take to find it (an
   *     AppConfig shadow checks its profile within that time); empty when none is held
   * @param budget the most an invocation waits for the shadow
   */
  ShadowMapping(Function<Duration, Optional<ClaimsMapper>> mappers, Duration budget) {
    this.mappers = mappers;
    this.budget = budget;
    // one thread and no queue: a shadow still running makes the next one BUSY instead of piling up
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "claims-shadow");
              thread.setDaemon(true);
              return thread;
            });
  }

  Duration budget() {
    return budget;
  }

  /**
   * Answers {@code event} with the shadow and compares with the real outcome.
   *
   * @param event a copy of the event as it arrived, for the shadow alone
   * @param real the real response, or null when the real mapping denied the sign-in
   */
  Report compare(JsonNode event, ObjectNode real, String reference) {
    return compare(event, real, reference, null);
  }

  /**
   * As {@link #compare(JsonNode, ObjectNode, String)}, waiting no longer than {@code timeLeft}
   * either (the invocation's remaining time): the shadow never costs the real response.
   */
  Report compare(JsonNode event, ObjectNode real, String reference, Duration timeLeft) {
    Duration wait = timeLeft == null || timeLeft.compareTo(budget) > 0 ? budget : timeLeft;
    if (wait.isNegative() || wait.isZero()) {
      return new Report(Result.TIMEOUT, List.of());
    }
    long deadline = System.nanoTime() + wait.toNanos();
    Future<Report> running;
    try {
      running = worker.submit(() -> run(event, real, reference, deadline));
    } catch (RejectedExecutionException busy) {
      return new Report(Result.BUSY, List.of());
    }
    try {
      return running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      return new Report(Result.TIMEOUT, List.of());
    } catch (ExecutionException e) {
      return new Report(Result.FAILED, List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.cancel(true);
      return new Report(Result.FAILED, List.of());
    }
  }

  private Report run(JsonNode event, ObjectNode real, String reference, long deadline) {
    Optional<ClaimsMapper> mapper = mappers.apply(left(deadline));
    if (mapper.isEmpty()) {
      return new Report(Result.UNAVAILABLE, List.of());
    }
    ObjectNode shadow;
    try {
      shadow = mapper.get().respond(event, reference, left(deadline), Trace.NONE);
    } catch (SignInDenied denied) {
      shadow = null;
    }
    List<String> differences =
        ResponseDiff.between(real, DENIED, shadow, DENIED).stream()
            .map(ResponseDiff.Change::subject)
            .toList();
    return new Report(differences.isEmpty() ? Result.SAME : Result.DIFFERS, differences);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
