package io.github.claimsmapper.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.DenialReason;
import io.github.claimsmapper.engine.MappingDenied;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.SourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a sign-in's sources into the envelope: builds their keys, serves fresh items from the
 * sources' caches, reads the rest from the store in rounds, and applies each source's {@code
 * onMissing} and {@code onError}. A policy that denies throws {@link MappingDenied}; the façade's
 * boundary turns it into the denial. Thread-safe; the caches live as long as this.
 */
public final class Lookups {
  private final ItemSource items;
  private final Notes log;
  private final Map<String, ItemCache> caches = new ConcurrentHashMap<>();

  /**
   * Lookups that read through {@code items} and write their policies' lines to {@code log}. One per
   * compiled mapping: it holds the sources' caches. Thread-safe.
   */
  public Lookups(ItemSource items, Notes log) {
    this.items = items;
    this.log = log;
  }

  /** The lookups of one sign-in. */
  public Reads start(String reference, Trace trace) {
    return new Reads(reference, trace);
  }

  private ItemCache cacheFor(SourcePlan source) {
    return source
        .cache()
        .map(c -> caches.computeIfAbsent(source.name(), n -> new ItemCache(c.maxEntries())))
        .orElse(null);
  }

  /** A read that failed before it was sent: no time is left. */
  static <T> ItemSource.Started<T> budgetSpent() {
    return ItemSource.Started.failed(
        new SourceException(
            "DynamoDB lookup timed out: the time budget is spent (source.timeout, or the Lambda's"
                + " remaining time)",
            null));
  }

  /** A read started by {@code start}; what starting it threw is its answer's failure. */
  static <T> ItemSource.Started<T> begin(Supplier<ItemSource.Started<T>> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      return ItemSource.Started.failed(e);
    }
  }

  /**
   * Why a read failed, for onError and the log: a {@link SourceException}'s own message (worded
   * without data), else only what was thrown, since its message may quote data ({@code what} names
   * the call).
   */
  static String failure(RuntimeException e, String what) {
    return e instanceof SourceException
        ? e.getMessage()
        : "the " + what + " failed (" + e.getClass().getSimpleName() + ")";
  }

  /** A landing with no read behind it: only what {@code land} does, in its turn. */
  static Landing landed(Runnable land) {
    return new Landing() {
      @Override
      public void land() {
        land.run();
      }

      @Override
      public void abandon() {}
    };
  }

  /** One sign-in's reads, and what the summary line says of them. */
  public final class Reads {
    final String reference;
    final Trace trace;
    private final List<Runnable> cacheWrites = new ArrayList<>();

    /** Sources read fresh, with what their caches hold, for {@link #replaceWithStale}. */
    private final Map<String, JsonNode> staleFallbacks = new LinkedHashMap<>();

    int count;
    private long nanos;
    CacheOutcome cache = CacheOutcome.NONE;
    int errors;

    private Reads(String reference, Trace trace) {
      this.reference = reference;
      this.trace = trace;
    }

    /**
     * Reads the sources into the envelope under their names, in rounds: each round fetches together
     * every source whose key needs nothing that is still unread.
     *
     * @param deadline when the reads must be done, in {@link System#nanoTime} terms
     */
    public void into(List<SourcePlan> sources, ObjectNode envelope, long deadline) {
      long started = System.nanoTime();
      List<SourcePlan> pending = new ArrayList<>();
      Set<String> done = new HashSet<>();
      for (SourcePlan source : sources) {
        envelope.putNull(source.name());
        if (source.skip()) {
          done.add(source.name());
          trace.step(
              source.path(),
              Trace.Outcome.SKIPPED,
              "lookup turned off by a rule: " + source.name() + " is null");
        } else {
          pending.add(source);
        }
      }
      try {
        while (!pending.isEmpty()) {
          List<SourcePlan> round =
              pending.stream().filter(s -> done.containsAll(s.dependsOn())).toList();
          if (round.isEmpty()) {
            throw new IllegalStateException(
                "sources wait for each other; the loader rejects cycles");
          }
          readRound(round, envelope, deadline);
          round.forEach(s -> done.add(s.name()));
          pending.removeAll(round);
        }
      } finally {
        nanos = System.nanoTime() - started;
      }
    }

    /**
     * Starts every read of the round (one for its single items, one per query or forEach), then
     * lands them in that order: the calls are in flight together, and the policies apply in the
     * order of the sources. A read left when a policy denies is given up.
     */
    private void readRound(List<SourcePlan> round, ObjectNode envelope, long deadline) {
      List<SourcePlan> single = new ArrayList<>(round.size());
      List<SourcePlan> lists = new ArrayList<>(0);
      for (SourcePlan source : round) {
        (source.query().isPresent() ? lists : single).add(source);
      }
      List<Landing> started = new ArrayList<>(lists.size() + 1);
      int landed = 0;
      try {
        Landing itemReads = ItemReads.start(this, items, single, envelope, deadline);
        if (itemReads != null) {
          started.add(itemReads);
        }
        for (SourcePlan source : lists) { // queries and forEach: their own calls
          Landing query = new QueryReads(this, items, log).start(source, envelope, deadline);
          if (query != null) {
            started.add(query);
          }
        }
        while (landed < started.size()) {
          started.get(landed++).land();
        }
      } finally {
        for (int i = landed; i < started.size(); i++) {
          started.get(i).abandon();
        }
      }
    }

    /**
     * Lands what {@code answer} answers with {@code then}, or, when it failed, counts the failure
     * and hands it to the source's onError ({@code what} names the call when the failure has no
     * message of its own).
     */
    <T> Landing landing(
        SourcePlan source,
        ItemCache.Key cached,
        ObjectNode envelope,
        String what,
        ItemSource.Started<T> answer,
        Consumer<T> then) {
      return new Landing() {
        @Override
        public void land() {
          T value;
          try {
            value = answer.get();
          } catch (RuntimeException e) {
            errors++;
            unavailable(source, cached, envelope, failure(e, what));
            return;
          }
          then.accept(value);
        }

        @Override
        public void abandon() {
          answer.abandon();
        }
      };
    }

    /** Serves the source's item from its cache when it is younger than {@code fresh}. */
    boolean servedFresh(SourcePlan source, ItemCache.Key key, ObjectNode envelope, long now) {
      ItemCache itemCache = cacheFor(source);
      if (itemCache == null || source.cache().get().fresh().isZero()) {
        return false;
      }
      Optional<ItemCache.Entry> fresh = itemCache.get(key, source.cache().get().fresh(), now);
      if (fresh.isEmpty()) {
        return false;
      }
      envelope.set(source.name(), fresh.get().item());
      cache = cache.and(CacheOutcome.HIT);
      if (trace.enabled()) {
        trace.step(
            source.path(),
            Trace.Outcome.APPLIED,
            "item served from the cache (read "
                + fresh.get().age(now).toMillis()
                + " ms ago, fresh for "
                + source.cache().get().fresh().toMillis()
                + " ms)");
      }
      return true;
    }

    /** A value read fresh: kept for the cache once the response is built, and stale fallback. */
    void remember(SourcePlan source, ItemCache.Key key, JsonNode item, long readAt) {
      ItemCache itemCache = cacheFor(source);
      if (itemCache != null) {
        if (source.onError() == Policy.STALE) {
          itemCache
              .get(key, source.cache().get().stale(), readAt)
              .ifPresent(e -> staleFallbacks.put(source.name(), e.item()));
        }
        cacheWrites.add(() -> itemCache.put(key, item, readAt));
      }
    }

    /** The read failed: the source's onError decides; stale serves the cache when it can. */
    void unavailable(SourcePlan source, ItemCache.Key key, ObjectNode envelope, String reason) {
      ItemCache itemCache = cacheFor(source);
      if (source.onError() == Policy.STALE && itemCache != null) {
        long now = System.nanoTime();
        Optional<ItemCache.Entry> stale = itemCache.get(key, source.cache().get().stale(), now);
        if (stale.isPresent()) {
          envelope.set(source.name(), stale.get().item());
          cache = cache.and(CacheOutcome.STALE);
          trace.step(
              source.path(),
              Trace.Outcome.FAILED,
              reason
                  + " (onError: stale: served the item read "
                  + stale.get().age(now).toMillis()
                  + " ms ago)");
          log.warn(
              "ref "
                  + reference
                  + ": "
                  + source.path()
                  + ": "
                  + reason
                  + " (onError: stale: served the item read "
                  + stale.get().age(now).toSeconds()
                  + " s ago)");
          return;
        }
        trace.step(
            source.path(),
            Trace.Outcome.FAILED,
            reason + " (onError: stale, but nothing cached: deny)");
        throw new MappingDenied(
            source.path(),
            reason + "; onError is stale but no item for the key is cached",
            DenialReason.LOOKUP_FAILED);
      }
      trace.step(
          source.path(),
          Trace.Outcome.FAILED,
          reason + " (onError: " + source.onError().yamlName() + ")");
      failed(source, source.path(), reason, DenialReason.LOOKUP_FAILED);
    }

    void missing(SourcePlan source, String what) {
      if (source.onMissing() == Policy.DENY) {
        throw new MappingDenied(source.path("onMissing"), what, DenialReason.NO_ITEM);
      }
      log.info("ref " + reference + ": " + what + " (onMissing: continue)");
    }

    void failed(SourcePlan source, String path, String reason, DenialReason kind) {
      if (source.onError() != Policy.CONTINUE) {
        throw new MappingDenied(path, reason, kind);
      }
      log.warn("ref " + reference + ": " + path + ": " + reason + " (onError: continue)");
    }

    /**
     * For the file's {@code onError: stale}: puts the items last read without trouble in place of
     * the fresh ones that could not be evaluated, and forgets the fresh ones, which must not become
     * "last good".
     *
     * @return false when no source holds such an item (the denial stands)
     */
    public boolean replaceWithStale(ObjectNode envelope, MappingDenied denied) {
      if (staleFallbacks.isEmpty()) {
        return false;
      }
      log.warn(
          "ref "
              + reference
              + ": "
              + denied.denial().path()
              + ": "
              + denied.getMessage()
              + " (onError: stale: trying the items last read without trouble)");
      staleFallbacks.forEach(envelope::set); // this sign-in's own copies, used once
      cacheWrites.clear();
      cache = cache.and(CacheOutcome.STALE);
      return true;
    }

    /** Items become "last good" only once a response was built (and written) from them. */
    public void commit() {
      cacheWrites.forEach(Runnable::run);
    }

    /** How many items were asked of the store. */
    public int count() {
      return count;
    }

    /** How long the reads took. */
    public Duration time() {
      return Duration.ofNanos(nanos);
    }

    /** What the caches did. */
    public CacheOutcome cache() {
      return cache;
    }

    /**
     * How many store calls failed (unreachable, throttled, timed out), whatever onError made of it.
     */
    public int errors() {
      return errors;
    }
  }
}
