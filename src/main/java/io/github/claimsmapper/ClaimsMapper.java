package io.github.claimsmapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cognito.CognitoEvent;
import io.github.claimsmapper.cognito.CognitoResponse;
import io.github.claimsmapper.cognito.EventVersion;
import io.github.claimsmapper.cognito.InvalidEventException;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.Json;
import io.github.claimsmapper.engine.MappingDenied;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Overrides;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Event in, response out: builds the keys, reads the items (within the mapping's time budget,
 * through the sources' caches), applies the plan and writes the response for the event's
 * version. The Lambda handler and the {@code render} command both call this, so a dry run is
 * exactly what the function returns. Thread-safe.
 */
public final class ClaimsMapper {
  private final MappingPlan plan;
  private final ItemSource items;
  private final Log log;
  private final Consumer<Invocation> summaries;
  private final AtomicBoolean warnedAboutV1 = new AtomicBoolean();
  private final Map<String, ItemCache> caches = new ConcurrentHashMap<>();

  /**
   * @param plan the compiled mapping
   * @param items where items come from (not called when the plan has no source)
   * @param log where outcomes are reported
   */
  public ClaimsMapper(MappingPlan plan, ItemSource items, Log log) {
    this(plan, items, log, invocation -> { });
  }

  /** As {@link #ClaimsMapper(MappingPlan, ItemSource, Log)}, also receiving one summary per call. */
  public ClaimsMapper(MappingPlan plan, ItemSource items, Log log, Consumer<Invocation> summaries) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.items = Objects.requireNonNull(items, "items");
    this.log = Objects.requireNonNull(log, "log");
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
   * @param timeLeft the most the lookups may take (the Lambda's remaining time less a margin);
   *     the mapping's own {@code timeout} applies when it is shorter; null for that alone
   */
  public ObjectNode respond(JsonNode event, String reference, Duration timeLeft, Trace trace) {
    return within(new Call(reference, trace), call -> {
      ObjectNode response = decide(call, event, timeLeft);
      call.commit();
      return response;
    });
  }

  /**
   * Sees an invocation from beside it, never changing it: the function's shadow mapping. Its
   * calls are made inside the boundary but guarded, so whatever a witness throws is ignored and
   * the response is the same as without it.
   */
  public interface Witness {
    /** Sees nothing. */
    Witness NONE = new Witness() { };

    /** The event as read, before it is answered: copy it to keep it. */
    default void read(JsonNode event) { }

    /** The outcome: the response, or null when the sign-in is denied. */
    default void answered(ObjectNode response) { }
  }

  /** As {@link #answer(InputStream, String, Duration, Witness)} with no witness. */
  public byte[] answer(InputStream event, String reference, Duration timeLeft) {
    return answer(event, reference, timeLeft, Witness.NONE);
  }

  /**
   * The Lambda's whole invocation: reads the event, answers it and writes the response, all
   * inside the one boundary, so a failure at any step (the input is not JSON, a lookup, an
   * evaluation, the response cannot be written) ends in the neutral denial.
   *
   * @param event the raw invocation payload
   * @param witness told of the event and the outcome (for a shadow mapping); cannot change either
   * @return the response as JSON bytes
   * @throws SignInDenied when the sign-in must fail; nothing else is ever thrown
   */
  public byte[] answer(InputStream event, String reference, Duration timeLeft, Witness witness) {
    boolean[] witnessed = {false};
    try {
      return within(new Call(reference, Trace.NONE), call -> {
        JsonNode json;
        try {
          json = CognitoEvent.read(event);
        } catch (IOException e) {
          throw new InvalidEventException("the event is not valid JSON");
        }
        witnessQuietly(() -> witness.read(json));
        ObjectNode response = decide(call, json, timeLeft);
        byte[] bytes;
        try {
          bytes = Json.MAPPER.writeValueAsBytes(response);
        } catch (IOException e) {
          throw new IllegalStateException("the response could not be written (" + e.getClass().getSimpleName() + ")");
        }
        call.commit();
        witnessed[0] = true;
        witnessQuietly(() -> witness.answered(response));
        return bytes;
      });
    } catch (SignInDenied denied) {
      if (!witnessed[0]) {
        witnessQuietly(() -> witness.answered(null));
      }
      throw denied;
    }
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
   * The one boundary of an invocation: whatever {@code work} throws, Errors included, becomes
   * the neutral denial, built here with its path and reason as data and logged, and exactly one
   * summary line is written either way.
   * Written once here so that no list of catch clauses has to stay complete.
   */
  private <R> R within(Call call, Function<Call, R> work) {
    boolean allowed = false;
    SignInDenied denial;
    try {
      R result = work.apply(call);
      allowed = true;
      return result;
    } catch (MappingDenied denied) {
      denial = logged(new SignInDenied(call.reference, denied.path(), denied.getMessage()));
    } catch (InvalidEventException invalid) {
      denial = logged(new SignInDenied(call.reference, null, invalid.getMessage()));
    } catch (Throwable unexpected) {
      // the class name only: messages of library and JVM exceptions may quote data
      denial = logged(new SignInDenied(call.reference, null,
          "internal failure (" + unexpected.getClass().getSimpleName() + ")"));
    } finally {
      call.summarizeQuietly(allowed);
    }
    throw denial;
  }

  /** The denial's log line, written before the summary line; the denial itself carries the same. */
  private SignInDenied logged(SignInDenied denial) {
    logQuietly(Log.Level.ERROR, "ref " + denial.reference() + ": " + denial.explanation());
    return denial;
  }

  /** A log that fails (out of memory, a closed stream) must not turn a denial into something else. */
  private void logQuietly(Log.Level level, String message) {
    try {
      log.write(level, message);
    } catch (RuntimeException | Error ignored) {
      // the denial still reaches Cognito; nothing better can be done with a broken log
    }
  }

  private ObjectNode decide(Call call, JsonNode event, Duration timeLeft) {
    CognitoEvent cognito = CognitoEvent.of(event);
    call.describe(cognito);
    if (cognito.version() == EventVersion.V1 && plan.customizesAccessToken() && !warnedAboutV1.getAndSet(true)) {
      log.write(Log.Level.WARN, "version 1 events have no access token: accessToken claims and scopes are skipped for them");
    }
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.set("event", cognito.json());
    Duration budget = timeLeft == null || timeLeft.compareTo(plan.timeout()) > 0 ? plan.timeout() : timeLeft;
    if (!plan.sources().isEmpty()) {
      call.lookUp(plan.sourcesFor(envelope), envelope, System.nanoTime() + budget.toNanos());
    }
    Overrides overrides = call.apply(envelope, cognito);
    ObjectNode response = CognitoResponse.fill(cognito, overrides);
    overrides.warnings().forEach(w -> log.write(Log.Level.WARN, "ref " + call.reference + ": " + w));
    call.overrides = overrides;
    return response;
  }

  private ItemCache cacheFor(SourcePlan source) {
    return source.cache().map(c -> caches.computeIfAbsent(source.name(), n -> new ItemCache(c.maxEntries()))).orElse(null);
  }

  /** The state of one invocation. */
  private final class Call {
    private final String reference;
    private final Trace trace;
    private final List<Runnable> cacheWrites = new ArrayList<>();
    /** Sources read fresh in this call, with what their caches hold, for a stale retry. */
    private final Map<String, ObjectNode> staleFallbacks = new LinkedHashMap<>();
    private CognitoEvent event;
    /** What was decided, once a response was built. */
    private Overrides overrides;
    private int lookups;
    private long lookupNanos;
    private String cacheStatus = "none";
    private int lookupErrors;

    Call(String reference, Trace trace) {
      this.reference = reference;
      this.trace = trace;
    }

    void describe(CognitoEvent cognito) {
      this.event = cognito;
    }

    /**
     * Reads the sources into the envelope under their names, in rounds: each round fetches
     * together every source whose key needs nothing that is still unread.
     */
    void lookUp(List<SourcePlan> sources, ObjectNode envelope, long deadline) {
      long started = System.nanoTime();
      List<SourcePlan> pending = new ArrayList<>();
      Set<String> done = new HashSet<>();
      for (SourcePlan source : sources) {
        envelope.putNull(source.name());
        if (source.skip()) {
          done.add(source.name());
          trace.step(source.path(), Trace.Outcome.SKIPPED, "lookup turned off by a rule: " + source.name() + " is null");
        } else {
          pending.add(source);
        }
      }
      try {
        while (!pending.isEmpty()) {
          List<SourcePlan> round = pending.stream().filter(s -> done.containsAll(s.dependsOn())).toList();
          if (round.isEmpty()) {
            throw new IllegalStateException("sources wait for each other; the loader rejects cycles");
          }
          readRound(round, envelope, deadline);
          round.forEach(s -> done.add(s.name()));
          pending.removeAll(round);
        }
      } finally {
        lookupNanos = System.nanoTime() - started;
      }
    }

    private void readRound(List<SourcePlan> round, ObjectNode envelope, long deadline) {
      List<SourcePlan> asked = new ArrayList<>();
      List<ItemRequest> requests = new ArrayList<>();
      long now = System.nanoTime();
      for (SourcePlan source : round) {
        Optional<ItemRequest> request = request(source, envelope);
        if (request.isEmpty()) {
          continue;
        }
        ItemCache cache = cacheFor(source);
        Optional<ItemCache.Entry> fresh = cache == null || source.cache().get().fresh().isZero()
            ? Optional.empty() : cache.get(ItemCache.Key.of(request.get()), source.cache().get().fresh(), now);
        if (fresh.isPresent()) {
          envelope.set(source.name(), fresh.get().item().deepCopy());
          cacheStatus = "hit";
          if (trace.enabled()) {
            trace.step(source.path(), Trace.Outcome.APPLIED, "item served from the cache (read "
                + fresh.get().age(now).toMillis() + " ms ago, fresh for " + source.cache().get().fresh().toMillis() + " ms)");
          }
          continue;
        }
        asked.add(source);
        requests.add(request.get());
      }
      if (requests.isEmpty()) {
        return;
      }
      if (!"hit".equals(cacheStatus) && asked.stream().anyMatch(s -> s.cache().isPresent())) {
        cacheStatus = "miss";
      }
      List<Optional<ObjectNode>> found;
      long left = deadline - System.nanoTime();
      try {
        if (left <= 0) {
          throw new SourceException("DynamoDB lookup timed out: the time budget is spent (source.timeout, or the Lambda's remaining time)", null);
        }
        lookups += requests.size();
        found = items.findAll(requests, Duration.ofNanos(left));
      } catch (SourceException e) {
        lookupErrors++;
        for (int i = 0; i < asked.size(); i++) {
          unavailable(asked.get(i), requests.get(i), envelope, e.getMessage());
        }
        return;
      } catch (RuntimeException e) {
        // Whatever else the store throws (an attribute type the SDK does not know, a number out
        // of range) is still a failed read, for onError to decide; its message may quote data.
        String reason = "the lookup failed (" + e.getClass().getSimpleName() + ")";
        for (int i = 0; i < asked.size(); i++) {
          unavailable(asked.get(i), requests.get(i), envelope, reason);
        }
        return;
      }
      long readAt = System.nanoTime();
      for (int i = 0; i < asked.size(); i++) {
        SourcePlan source = asked.get(i);
        ItemRequest request = requests.get(i);
        if (found.get(i).isPresent()) {
          ObjectNode item = found.get(i).get();
          envelope.set(source.name(), item);
          if (trace.enabled()) {
            trace.step(source.path(), Trace.Outcome.APPLIED, "item found in " + source.table()
                + (requests.size() > 1 ? " (one BatchGetItem for " + requests.size() + " lookups)" : ""));
          }
          ItemCache cache = cacheFor(source);
          if (cache != null) {
            ItemCache.Key key = ItemCache.Key.of(request);
            if (source.onError() == Policy.STALE) {
              cache.get(key, source.cache().get().stale(), readAt).ifPresent(e -> staleFallbacks.put(source.name(), e.item()));
            }
            cacheWrites.add(() -> cache.put(key, item, readAt));
          }
        } else {
          trace.step(source.path(), Trace.Outcome.MISSING, "no item for the key (onMissing: " + source.onMissing().yamlName() + ")");
          missing(source, source.path() + ": no item for the key");
        }
      }
    }

    /** The read failed: the source's onError decides; stale serves the cache when it can. */
    private void unavailable(SourcePlan source, ItemRequest request, ObjectNode envelope, String reason) {
      ItemCache cache = cacheFor(source);
      if (source.onError() == Policy.STALE && cache != null) {
        long now = System.nanoTime();
        Optional<ItemCache.Entry> stale = cache.get(ItemCache.Key.of(request), source.cache().get().stale(), now);
        if (stale.isPresent()) {
          envelope.set(source.name(), stale.get().item().deepCopy());
          cacheStatus = "stale";
          trace.step(source.path(), Trace.Outcome.FAILED, reason + " (onError: stale: served the item read "
              + stale.get().age(now).toMillis() + " ms ago)");
          log.write(Log.Level.WARN, "ref " + reference + ": " + source.path() + ": " + reason
              + " (onError: stale: served the item read " + stale.get().age(now).toSeconds() + " s ago)");
          return;
        }
        trace.step(source.path(), Trace.Outcome.FAILED, reason + " (onError: stale, but nothing cached: deny)");
        throw new MappingDenied(source.path(), reason + "; onError is stale but no item for the key is cached");
      }
      trace.step(source.path(), Trace.Outcome.FAILED, reason + " (onError: " + source.onError().yamlName() + ")");
      failed(source, source.path(), reason);
    }

    /** The request for one source, or empty when its key cannot be built (handled by its policies). */
    private Optional<ItemRequest> request(SourcePlan source, JsonNode envelope) {
      Map<String, JsonNode> key = new LinkedHashMap<>();
      for (Map.Entry<String, Template> attribute : source.key().entrySet()) {
        String path = source.path() + ".key." + attribute.getKey();
        JsonNode value;
        try {
          value = attribute.getValue().evaluate(envelope);
        } catch (EvaluationException e) {
          failed(source, path, e.getMessage());
          return Optional.empty();
        }
        if (value.isNull() || value.isMissingNode()) {
          trace.step(path, Trace.Outcome.MISSING, "the key cannot be built: " + attribute.getValue().text()
              + " has a null part (onMissing: " + source.onMissing().yamlName() + ")");
          missing(source, path + ": the key cannot be built, a value it needs is missing");
          return Optional.empty();
        }
        if (!value.isTextual() && !value.isNumber()) {
          failed(source, path, "a key value must be a string or a number");
          return Optional.empty();
        }
        key.put(attribute.getKey(), value);
      }
      return Optional.of(new ItemRequest(source.name(), source.table(), key, source.consistentRead(), source.attributes()));
    }

    private void missing(SourcePlan source, String what) {
      if (source.onMissing() == Policy.DENY) {
        throw new MappingDenied(source.path() + ".onMissing", what);
      }
      log.write(Log.Level.INFO, "ref " + reference + ": " + what + " (onMissing: continue)");
    }

    private void failed(SourcePlan source, String path, String reason) {
      if (source.onError() != Policy.CONTINUE) {
        throw new MappingDenied(path, reason);
      }
      log.write(Log.Level.WARN, "ref " + reference + ": " + path + ": " + reason + " (onError: continue)");
    }

    /**
     * Applies the plan. When a value cannot be evaluated and the file says {@code onError: stale},
     * the items last read without trouble are tried once instead of the fresh ones.
     */
    Overrides apply(ObjectNode envelope, CognitoEvent cognito) {
      try {
        return plan.apply(envelope, cognito.facts(), trace);
      } catch (MappingDenied denied) {
        if (!denied.evaluationError() || plan.onError() != Policy.STALE || staleFallbacks.isEmpty()) {
          throw denied;
        }
        log.write(Log.Level.WARN, "ref " + reference + ": " + denied.path() + ": " + denied.getMessage()
            + " (onError: stale: trying the items last read without trouble)");
        staleFallbacks.forEach((name, item) -> envelope.set(name, item.deepCopy()));
        cacheWrites.clear();
        cacheStatus = "stale";
        return plan.apply(envelope, cognito.facts(), trace);
      }
    }

    /** Items become "last good" only once a response was built (and written) from them. */
    void commit() {
      cacheWrites.forEach(Runnable::run);
    }

    /** The one summary line; a summary that cannot be written must not change the outcome. */
    void summarizeQuietly(boolean allowed) {
      Overrides decided = allowed ? overrides : null;
      try {
        summaries.accept(new Invocation(reference,
            event == null ? null : event.triggerSource(),
            event == null ? null : event.clientId(),
            event == null ? null : event.version().name().substring(1),
            allowed ? "allowed" : "denied",
            decided == null ? List.of() : List.copyOf(decided.idToken().add().keySet()),
            decided == null ? List.of() : List.copyOf(decided.accessToken().add().keySet()),
            decided == null ? 0 : decided.scopes().add().size(),
            decided != null && decided.groups().isPresent(),
            lookups,
            Duration.ofNanos(lookupNanos).toMillis(),
            cacheStatus,
            lookupErrors,
            decided == null ? 0 : claimBytes(decided)));
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
}
