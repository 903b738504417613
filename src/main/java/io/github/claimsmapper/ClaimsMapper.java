package io.github.claimsmapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cognito.CognitoEvent;
import io.github.claimsmapper.cognito.CognitoResponse;
import io.github.claimsmapper.cognito.EventVersion;
import io.github.claimsmapper.cognito.InvalidEventException;
import io.github.claimsmapper.engine.DenialReason;
import io.github.claimsmapper.engine.EventFacts;
import io.github.claimsmapper.engine.MappingDenied;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Overrides;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.lookup.Lookups;
import io.github.claimsmapper.lookup.Notes;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Event in, response out: builds the keys, reads the items (within the mapping's time budget,
 * through the sources' caches), applies the plan and writes the response for the event's version.
 * The Lambda handler and the {@code render} command both call this, so a dry run is exactly what
 * the function returns. Thread-safe.
 */
public final class ClaimsMapper {
  private final MappingPlan plan;
  private final Lookups lookups;
  private final Log log;
  private final Consumer<Invocation> summaries;
  private final AtomicBoolean warnedAboutV1 = new AtomicBoolean();

  /**
   * @param plan the compiled mapping
   * @param items where items come from (not called when the plan has no source)
   * @param log where outcomes are reported
   */
  public ClaimsMapper(MappingPlan plan, ItemSource items, Log log) {
    this(plan, items, log, invocation -> {});
  }

  /**
   * As {@link #ClaimsMapper(MappingPlan, ItemSource, Log)}, also receiving one summary per call.
   */
  public ClaimsMapper(MappingPlan plan, ItemSource items, Log log, Consumer<Invocation> summaries) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.log = Objects.requireNonNull(log, "log");
    this.lookups = new Lookups(Objects.requireNonNull(items, "items"), new LogNotes(log));
    this.summaries = Objects.requireNonNull(summaries, "summaries");
  }

  /**
   * Answers one event.
   *
   * @param event the event as parsed JSON (it is filled in and returned)
   * @param reference a correlation id for this invocation (the Lambda request id)
   * @return the whole event with {@code response} filled in
   * @throws SignInDenied when the sign-in must fail; it carries the path and reason, which are also
   *     logged with the reference
   */
  public ObjectNode respond(JsonNode event, String reference) {
    return respond(event, reference, null, Trace.NONE);
  }

  /** As {@link #respond(JsonNode, String)}, reporting every decision to {@code trace}. */
  public ObjectNode respond(JsonNode event, String reference, Trace trace) {
    return respond(event, reference, null, trace);
  }

  /**
   * Answers one event within a time bound.
   *
   * @param timeLeft the most the lookups may take (the Lambda's remaining time less a margin); the
   *     mapping's own {@code timeout} applies when it is shorter; null for that alone
   */
  public ObjectNode respond(JsonNode event, String reference, Duration timeLeft, Trace trace) {
    long deadline = deadline(timeLeft);
    return within(
        new Call(reference, trace),
        call -> {
          ObjectNode response = decide(call, event, deadline);
          call.commit();
          return response;
        });
  }

  /**
   * Sees an invocation from beside it, never changing it: the function's shadow mapping. Its calls
   * are made inside the boundary but guarded, so whatever a witness throws is ignored and the
   * response is the same as without it.
   */
  public interface Witness {
    /** Sees nothing. */
    Witness NONE = new Witness() {};

    /** The event as read, before it is answered: copy it to keep it. */
    default void read(JsonNode event) {}

    /** The outcome: the response, or null when the sign-in is denied. */
    default void answered(ObjectNode response) {}
  }

  /** As {@link #answer(InputStream, String, Duration, Witness)} with no witness. */
  public byte[] answer(InputStream event, String reference, Duration timeLeft) {
    return answer(event, reference, timeLeft, Witness.NONE);
  }

  /**
   * As {@link #answerWithSummary}, for a caller that only needs the response (JSON bytes).
   *
   * @throws SignInDenied when the sign-in must fail; nothing else is ever thrown
   */
  public byte[] answer(InputStream event, String reference, Duration timeLeft, Witness witness) {
    Answer answer = answerWithSummary(event, reference, timeLeft, witness);
    if (answer.denial() != null) {
      throw answer.denial();
    }
    return answer.response();
  }

  /**
   * What one invocation answered, and its summary for the one log line.
   *
   * @param response the response as JSON bytes, or null when the sign-in is denied
   * @param denial the neutral denial, or null when there is a response
   * @param summary what the invocation did (names and counts), or null when it could not be built
   */
  @SuppressWarnings("ArrayRecordComponent") // bytes written out as they are, never compared
  public record Answer(byte[] response, SignInDenied denial, Invocation summary) {}

  /**
   * The Lambda's whole invocation: reads the event, answers it and writes the response, all inside
   * the one boundary, so a failure at any step (the input is not JSON, a lookup, an evaluation, the
   * response cannot be written) ends in the neutral denial. Never throws.
   *
   * @param event the raw invocation payload
   * @param timeLeft the time every step of the answer draws on (the lookups stop by then), or null
   * @param witness told of the event and the outcome (for a shadow mapping); cannot change either
   */
  public Answer answerWithSummary(
      InputStream event, String reference, Duration timeLeft, Witness witness) {
    long deadline = deadline(timeLeft);
    boolean[] witnessed = {false};
    Call call = new Call(reference, Trace.NONE);
    try {
      byte[] bytes =
          within(
              call,
              c -> {
                JsonNode json;
                try {
                  json = CognitoEvent.read(event);
                } catch (IOException e) {
                  throw new InvalidEventException("the event is not valid JSON");
                }
                witnessQuietly(() -> witness.read(json));
                ObjectNode response = decide(c, json, deadline);
                byte[] written;
                try {
                  written = Json.MAPPER.writeValueAsBytes(response);
                } catch (IOException e) {
                  throw new IllegalStateException(
                      "the response could not be written (" + e.getClass().getSimpleName() + ")");
                }
                c.commit();
                witnessed[0] = true;
                witnessQuietly(() -> witness.answered(response));
                return written;
              });
      return new Answer(bytes, null, call.summary);
    } catch (SignInDenied denied) {
      if (!witnessed[0]) {
        witnessQuietly(() -> witness.answered(null));
      }
      return new Answer(null, denied, call.summary);
    }
  }

  /** No bound: a deadline that is never reached. */
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /** More time than any invocation has (Lambda's longest is 15 minutes); no overflow below it. */
  private static final long MOST_TIME_LEFT = Duration.ofDays(1).toNanos();

  private static long deadline(Duration timeLeft) {
    if (timeLeft == null) {
      return NO_DEADLINE;
    }
    return System.nanoTime() + Math.max(0, Math.min(timeLeft.toNanos(), MOST_TIME_LEFT));
  }

  /** A witness sees; it never decides: what it throws is dropped. */
  private static void witnessQuietly(Runnable look) {
    try {
      look.run();
    } catch (Throwable ignored) {
      // the shadow's own summary says it failed; the real answer is unchanged
    }
  }

  /**
   * The one boundary of an invocation: whatever {@code work} throws, Errors included, becomes the
   * neutral denial, built here with its path and reason as data and logged, and exactly one summary
   * line is written either way. Written once here so that no list of catch clauses has to stay
   * complete.
   */
  private <R> R within(Call call, Function<Call, R> work) {
    SignInDenied denial;
    try {
      R result = work.apply(call);
      call.summarizeQuietly(null);
      return result;
    } catch (MappingDenied denied) {
      MappingDenied.Denial why = denied.denial();
      denial = logged(new SignInDenied(call.reference, why.path(), why.reason(), why.kind()));
    } catch (InvalidEventException invalid) {
      denial =
          logged(
              new SignInDenied(
                  call.reference, null, invalid.getMessage(), DenialReason.INVALID_EVENT));
    } catch (Throwable unexpected) {
      // the class name only: messages of library and JVM exceptions may quote data
      denial =
          logged(
              new SignInDenied(
                  call.reference,
                  null,
                  "internal failure (" + unexpected.getClass().getSimpleName() + ")",
                  DenialReason.INTERNAL));
    }
    call.summarizeQuietly(denial.kind());
    throw denial;
  }

  /** The denial's log line, written before the summary line; the denial itself carries the same. */
  private SignInDenied logged(SignInDenied denial) {
    logQuietly(Log.Level.ERROR, "ref " + denial.reference() + ": " + denial.explanation());
    return denial;
  }

  /**
   * A log that fails (out of memory, a closed stream) must not turn a denial into something else.
   */
  private void logQuietly(Log.Level level, String message) {
    try {
      log.write(level, message);
    } catch (RuntimeException | Error ignored) {
      // the denial still reaches Cognito; nothing better can be done with a broken log
    }
  }

  /**
   * The steps: read the event, look up the items, apply the plan, write the response.
   *
   * @param deadline when the lookups must be done ({@link System#nanoTime}), or {@link
   *     #NO_DEADLINE}; the mapping's own {@code timeout} applies when it ends sooner
   */
  private ObjectNode decide(Call call, JsonNode event, long deadline) {
    CognitoEvent cognito = call.read(event);
    if (cognito.version() == EventVersion.V1
        && plan.customizesAccessToken()
        && !warnedAboutV1.getAndSet(true)) {
      log.write(
          Log.Level.WARN,
          "version 1 events have no access token: accessToken claims and scopes are skipped for"
              + " them");
    }
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.set("event", cognito.json());
    if (!plan.sources().isEmpty()) {
      long own = System.nanoTime() + plan.timeout().toNanos();
      boolean sooner = deadline != NO_DEADLINE && deadline - own < 0;
      call.reads.into(plan.sourcesFor(envelope), envelope, sooner ? deadline : own);
    }
    Overrides overrides = apply(call, envelope, cognito.facts());
    ObjectNode response = CognitoResponse.fill(cognito, overrides);
    overrides
        .warnings()
        .forEach(w -> log.write(Log.Level.WARN, "ref " + call.reference + ": " + w));
    call.overrides = overrides;
    return response;
  }

  /**
   * Applies the plan. When a value cannot be evaluated and the file says {@code onError: stale},
   * the items last read without trouble are tried once instead of the fresh ones.
   */
  private Overrides apply(Call call, ObjectNode envelope, EventFacts facts) {
    try {
      return plan.apply(envelope, facts, call.trace);
    } catch (MappingDenied denied) {
      if (!denied.denial().evaluationError()
          || plan.onError() != Policy.STALE
          || !call.reads.replaceWithStale(envelope, denied)) {
        throw denied;
      }
      return plan.apply(envelope, facts, call.trace);
    }
  }

  /** The state of one invocation, for its summary line. */
  private final class Call {
    private final String reference;
    private final Trace trace;
    private final Lookups.Reads reads;

    /** The event, once it was read. */
    private CognitoEvent event;

    /** What was decided, once a response was built. */
    private Overrides overrides;

    /** The summary, once the boundary closed. */
    private Invocation summary;

    Call(String reference, Trace trace) {
      this.reference = reference;
      this.trace = trace;
      this.reads = lookups.start(reference, trace);
    }

    /** Reads the event and keeps it for the summary. */
    CognitoEvent read(JsonNode json) {
      event = CognitoEvent.of(json);
      return event;
    }

    /** Items become "last good" only once a response was built (and written) from them. */
    void commit() {
      reads.commit();
    }

    /**
     * The one summary line; a summary that cannot be written must not change the outcome.
     *
     * @param denied why the sign-in was denied, or null when it was allowed
     */
    void summarizeQuietly(DenialReason denied) {
      boolean allowed = denied == null;
      Overrides decided = allowed ? overrides : null;
      try {
        summary =
            new Invocation(
                reference,
                event == null ? null : event.triggerSource(),
                event == null ? null : event.clientId(),
                event == null ? null : event.version().name().substring(1),
                allowed ? Invocation.Outcome.ALLOWED : Invocation.Outcome.DENIED,
                decided == null ? List.of() : List.copyOf(decided.idToken().add().keySet()),
                decided == null ? List.of() : List.copyOf(decided.accessToken().add().keySet()),
                decided == null ? 0 : decided.scopes().add().size(),
                decided != null && decided.groups().isPresent(),
                reads.count(),
                reads.time().toMillis(),
                reads.cache(),
                reads.errors(),
                decided == null ? 0 : claimBytes(decided),
                denied,
                event == null ? null : event.sub(),
                plan.fingerprint());
        summaries.accept(summary);
      } catch (RuntimeException | Error ignored) {
        // nothing better can be done with a broken log
      }
    }

    /** The same measure as limits.maxClaimBytes, so the metric and the limit agree. */
    private int claimBytes(Overrides overrides) {
      boolean strings = event.targets().stringClaims();
      Map<String, JsonNode> id = overrides.idToken().add();
      Map<String, JsonNode> access = overrides.accessToken().add();
      return (id.isEmpty() ? 0 : MappingPlan.claimBytes(id, strings))
          + (access.isEmpty() ? 0 : MappingPlan.claimBytes(access, strings));
    }
  }

  /** The lookups' lines, written to the façade's log. */
  private record LogNotes(Log log) implements Notes {
    @Override
    public void info(String line) {
      log.write(Log.Level.INFO, line);
    }

    @Override
    public void warn(String line) {
      log.write(Log.Level.WARN, line);
    }
  }
}
