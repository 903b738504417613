package io.github.claimsmapper.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.DenialReason;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the single-item sources of one round for {@link Lookups.Reads}: builds their keys, serves
 * fresh items from their caches, and starts one read for the rest (one GetItem, or one BatchGetItem
 * for several); {@link Landing#land} then puts each item found into the envelope, or applies its
 * source's {@code onMissing} or {@code onError}.
 */
final class ItemReads implements Landing {
  private final Lookups.Reads reads;
  private final List<SourcePlan> asked;
  private final List<ItemRequest> requests;
  private final ObjectNode envelope;
  private final ItemSource.Started<List<Optional<ObjectNode>>> answer;

  private ItemReads(
      Lookups.Reads reads,
      List<SourcePlan> asked,
      List<ItemRequest> requests,
      ObjectNode envelope,
      ItemSource.Started<List<Optional<ObjectNode>>> answer) {
    this.reads = reads;
    this.asked = asked;
    this.requests = requests;
    this.envelope = envelope;
    this.answer = answer;
  }

  /**
   * Starts the read of {@code round}'s items not served from a cache; null when none is left to
   * read (a key that cannot be built has had its source's policies applied).
   */
  static ItemReads start(
      Lookups.Reads reads,
      ItemSource items,
      List<SourcePlan> round,
      ObjectNode envelope,
      long deadline) {
    List<SourcePlan> asked = new ArrayList<>(round.size());
    List<ItemRequest> requests = new ArrayList<>(round.size());
    long now = System.nanoTime();
    for (SourcePlan source : round) {
      Optional<ItemRequest> request = request(reads, source, envelope);
      if (request.isPresent()
          && !(source.cache().isPresent() // the key only for a cache: no allocation otherwise
              && reads.servedFresh(source, ItemCache.Key.of(request.get()), envelope, now))) {
        asked.add(source);
        requests.add(request.get());
      }
    }
    if (requests.isEmpty()) {
      return null;
    }
    if (asked.stream().anyMatch(s -> s.cache().isPresent())) {
      reads.cache = reads.cache.and(CacheOutcome.MISS);
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return new ItemReads(reads, asked, requests, envelope, Lookups.budgetSpent());
    }
    reads.count += requests.size();
    return new ItemReads(
        reads,
        asked,
        requests,
        envelope,
        Lookups.begin(() -> items.startFindAll(requests, Duration.ofNanos(left))));
  }

  @Override
  public void land() {
    List<Optional<ObjectNode>> found;
    try {
      found = answer.get();
    } catch (RuntimeException e) {
      // whatever the store throws (an attribute type the SDK does not know, a number out of
      // range) is a failed read, for onError to decide
      reads.errors++;
      unavailable(Lookups.failure(e, "lookup"));
      return;
    }
    long readAt = System.nanoTime();
    for (int i = 0; i < asked.size(); i++) {
      SourcePlan source = asked.get(i);
      if (found.get(i).isPresent()) {
        found(source, requests.get(i), found.get(i).get(), readAt);
      } else {
        reads.trace.step(
            source.path(),
            Trace.Outcome.MISSING,
            "no item for the key (onMissing: " + source.onMissing().yamlName() + ")");
        reads.missing(source, source.path() + ": no item for the key");
      }
    }
  }

  @Override
  public void abandon() {
    answer.abandon();
  }

  private void found(SourcePlan source, ItemRequest request, ObjectNode item, long readAt) {
    envelope.set(source.name(), item);
    if (reads.trace.enabled()) {
      reads.trace.step(
          source.path(),
          Trace.Outcome.APPLIED,
          "item found in "
              + source.table()
              + (requests.size() > 1
                  ? " (one BatchGetItem for " + requests.size() + " lookups)"
                  : ""));
    }
    if (source.cache().isPresent()) {
      reads.remember(source, ItemCache.Key.of(request), item, readAt);
    }
  }

  private void unavailable(String reason) {
    for (int i = 0; i < asked.size(); i++) {
      reads.unavailable(asked.get(i), ItemCache.Key.of(requests.get(i)), envelope, reason);
    }
  }

  /** The request for one source, or empty when its key cannot be built (its policies ran). */
  private static Optional<ItemRequest> request(
      Lookups.Reads reads, SourcePlan source, JsonNode envelope) {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    for (Map.Entry<String, Template> attribute : source.key().entrySet()) {
      JsonNode value;
      try {
        value = attribute.getValue().evaluate(envelope);
      } catch (EvaluationException e) {
        reads.failed(
            source,
            source.path("key", attribute.getKey()),
            e.getMessage(),
            DenialReason.EVALUATION_FAILED);
        return Optional.empty();
      }
      if (value.isNull() || value.isMissingNode()) {
        String path = source.path("key", attribute.getKey());
        reads.trace.step(
            path,
            Trace.Outcome.MISSING,
            "the key cannot be built: "
                + attribute.getValue().text()
                + " has a null part (onMissing: "
                + source.onMissing().yamlName()
                + ")");
        reads.missing(source, path + ": the key cannot be built, a value it needs is missing");
        return Optional.empty();
      }
      if (!value.isTextual() && !value.isNumber()) {
        reads.failed(
            source,
            source.path("key", attribute.getKey()),
            "a key value must be a string or a number",
            DenialReason.EVALUATION_FAILED);
        return Optional.empty();
      }
      key.put(attribute.getKey(), value);
    }
    return Optional.of(
        new ItemRequest(
            source.name(), source.table(), key, source.consistentRead(), source.attributes()));
  }
}
