package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.cognito.ResponseDiff;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.source.DeadlineExecutor;
import io.github.claimsmapper.source.DeadlineLane;
import io.github.claimsmapper.summary.SummaryWord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A second mapping ({@code CLAIMS_SHADOW_CONFIG}) answered beside the real one on every sign-in and
 * compared with it by the {@code diff} engine: what it would have changed, by name only (a scope,
 * which may come from data, is counted, never named).
 *
 * <p>It never touches the response, nor takes what the real answer needs: it runs on its own copy
 * of the event, after the real response is built, on a worker of the deadline executor in a lane of
 * its own ({@value #MAX_RUNNING} shadows at once, abandoned ones included; its lookups run on that
 * worker too), and the invocation waits for it at most the budget and never past its own deadline.
 * A shadow that fails, is slow or cannot run now (the lane is full) is reported as such and
 * otherwise ignored.
 */
final class ShadowMapping {
  /** The most shadows running at once, abandoned ones included: the rest are {@code BUSY}. */
  static final int MAX_RUNNING = 4;

  /** What the shadow did for one invocation. */
  enum Result implements SummaryWord {
    SAME,
    DIFFERS,
    /** The shadow threw: a bug or a mapping failure other than a denial. */
    FAILED,
    /** The budget ran out before the shadow finished. */
    TIMEOUT,
    /** Earlier shadows still run (or stalled) and fill its lane: not evaluated, no wait. */
    BUSY,
    /** No valid shadow mapping is held (an AppConfig profile that never compiled). */
    UNAVAILABLE;
  }

  /**
   * The shadow's verdict.
   *
   * @param differences what differs, by name (claims) or count (scopes); never a value
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
  private final DeadlineLane lane =
      DeadlineExecutor.shared().lane("shadow", MAX_RUNNING, MAX_RUNNING, MAX_RUNNING);

  /**
   * @param mappers the shadow's façade for an invocation, given the time it may take to find it (an
   *     AppConfig shadow checks its profile within that time); empty when none is held
   * @param budget the most an invocation waits for the shadow
   */
  ShadowMapping(Function<Duration, Optional<ClaimsMapper>> mappers, Duration budget) {
    this.mappers = mappers;
    this.budget = budget;
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
   * either (what is left of the invocation): the shadow never costs the real response. Never
   * throws.
   */
  Report compare(JsonNode event, ObjectNode real, String reference, Duration timeLeft) {
    Duration wait = timeLeft == null || timeLeft.compareTo(budget) > 0 ? budget : timeLeft;
    if (wait.isNegative() || wait.isZero()) {
      return new Report(Result.TIMEOUT, List.of());
    }
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      return DeadlineExecutor.shared()
          .call(lane, new Object(), deadline, () -> run(event, real, reference, deadline));
    } catch (DeadlineExecutor.NotAnswered e) {
      return new Report(
          switch (e.failure()) {
            case TIMED_OUT -> Result.TIMEOUT;
            case INTERRUPTED -> Result.FAILED;
            case KEY_STALLED, LANE_FULL, NO_THREAD -> Result.BUSY;
          },
          List.of());
    } catch (Throwable e) {
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
    List<String> differences = names(ResponseDiff.between(real, DENIED, shadow, DENIED));
    return new Report(differences.isEmpty() ? Result.SAME : Result.DIFFERS, differences);
  }

  /** The changes by name; those that name a value (a scope) counted instead. */
  static List<String> names(List<ResponseDiff.Change> changes) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> counted = new LinkedHashMap<>();
    for (ResponseDiff.Change change : changes) {
      if (change.valueFree() == null) {
        names.add(change.subject());
      } else {
        counted.merge(change.valueFree(), 1, Integer::sum);
      }
    }
    counted.forEach((what, n) -> names.add(what + ": " + n + (n == 1 ? " scope" : " scopes")));
    return names;
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
