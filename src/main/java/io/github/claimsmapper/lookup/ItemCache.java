package io.github.claimsmapper.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.source.ItemRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The items one source read, by key, least recently used first out: serves {@code fresh} reads
 * without a lookup and {@code stale} items when a lookup fails. Items stay in memory only; they
 * never reach a log. Thread-safe.
 */
final class ItemCache {
  private final int maxEntries;
  private final Map<Key, Entry> entries;

  /** What identifies an item: the table, the key and the attributes asked for. */
  record Key(String table, Map<String, JsonNode> key, Optional<Set<String>> attributes) {
    static Key of(ItemRequest request) {
      return new Key(request.table(), request.key(), request.attributes());
    }
  }

  /**
   * An item (or a query's list of items) and when it was read ({@link System#nanoTime}). The item
   * is the caller's own copy: what a sign-in does with it never reaches the cache or another
   * sign-in.
   */
  record Entry(JsonNode item, long readAt) {
    Duration age(long now) {
      return Duration.ofNanos(now - readAt);
    }
  }

  ItemCache(int maxEntries) {
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          // Qualified: inside a LinkedHashMap subclass a bare "Entry" names the map's own inherited
          // entry type on newer JDKs (25), and the override no longer compiles.
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, ItemCache.Entry> eldest) {
            return size() > ItemCache.this.maxEntries;
          }
        };
  }

  /**
   * The entry for the key if it is younger than {@code maxAge}, with a copy of its item: the cached
   * node itself never leaves the cache.
   */
  Optional<Entry> get(Key key, Duration maxAge, long now) {
    Entry entry;
    synchronized (this) {
      entry = entries.get(key);
    }
    if (entry == null || entry.age(now).compareTo(maxAge) > 0) {
      return Optional.empty();
    }
    // copied outside the lock: the cached node is never changed once stored, so no lock is needed
    return Optional.of(new Entry(entry.item().deepCopy(), entry.readAt()));
  }

  /** Stores a copy of {@code item}: the caller may go on changing its own. */
  void put(Key key, JsonNode item, long readAt) {
    Entry entry = new Entry(item.deepCopy(), readAt);
    synchronized (this) {
      entries.put(key, entry);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
