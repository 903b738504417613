package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.QueryRequest;
import io.github.claimsmapper.source.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Items given offline, answering each lookup by the mapping's name for it ({@link
 * ItemRequest#source()}: {@code item} for the primary source, else the name under {@code sources}).
 * A name with a file gets a copy of that item; a name declared absent gets no item; any other name
 * goes to the fallback (a table read through {@code --endpoint}) or, without one, gets no item and
 * is remembered as {@link #unanswered() unanswered}. Every name asked for is remembered too, so a
 * command can tell which files were not used.
 */
final class ItemFiles implements ItemSource {
  /** The name of the primary source. */
  static final String PRIMARY = "item";

  /** What a source name looks like ({@code --item NAME=FILE}, {@code items/NAME.json}). */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, JsonNode> items;
  private final Set<String> absent;
  private final ItemSource fallback;
  private final Set<String> asked = Collections.synchronizedSet(new LinkedHashSet<>());
  private final Set<String> unanswered = Collections.synchronizedSet(new LinkedHashSet<>());

  /**
   * @param items the items by source name: an object, or an array of them for a query or {@code
   *     forEach} source (a query finds the array; a key lookup, the element with that key)
   * @param absent source names that have no item (as if the table held none for the key)
   * @param fallback answers the other names, or null
   */
  ItemFiles(Map<String, ? extends JsonNode> items, Set<String> absent, ItemSource fallback) {
    this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    this.absent = Set.copyOf(absent);
    this.fallback = fallback;
  }

  @Override
  public Optional<ObjectNode> find(ItemRequest request) {
    return findAll(List.of(request), null).get(0);
  }

  /**
   * Answers what the files can; the rest go to the fallback together, in one batch as the function
   * sends them.
   */
  @Override
  public List<Optional<ObjectNode>> findAll(List<ItemRequest> requests, Duration timeLeft) {
    List<Optional<ObjectNode>> results =
        new ArrayList<>(Collections.nCopies(requests.size(), Optional.empty()));
    List<Integer> forwarded = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      String name = requests.get(i).source();
      asked.add(name);
      JsonNode item = items.get(name);
      if (item != null && item.isArray()) {
        results.set(i, withKey(item, requests.get(i).key()));
      } else if (item != null) {
        results.set(i, Optional.of((ObjectNode) item.deepCopy()));
      } else if (!absent.contains(name)) {
        if (fallback != null) {
          forwarded.add(i);
        } else {
          unanswered.add(name);
        }
      }
    }
    if (!forwarded.isEmpty()) {
      List<Optional<ObjectNode>> found =
          fallback.findAll(forwarded.stream().map(requests::get).toList(), timeLeft);
      for (int j = 0; j < forwarded.size(); j++) {
        results.set(forwarded.get(j), found.get(j));
      }
    }
    return results;
  }

  /**
   * A query's items: the array given for its source (an object given is one item), the first {@code
   * limit} of them, truncated when there are more; no items for a source declared absent.
   */
  @Override
  public QueryResult query(QueryRequest request, Duration timeLeft) {
    String name = request.source();
    asked.add(name);
    JsonNode given = items.get(name);
    if (given == null && !absent.contains(name)) {
      if (fallback != null) {
        return fallback.query(request, timeLeft);
      }
      unanswered.add(name);
    }
    List<ObjectNode> found = new ArrayList<>();
    if (given != null && given.isArray()) {
      given.forEach(item -> found.add((ObjectNode) item.deepCopy()));
    } else if (given != null) {
      found.add((ObjectNode) given.deepCopy());
    }
    boolean truncated = found.size() > request.limit();
    return new QueryResult(truncated ? found.subList(0, request.limit()) : found, truncated, 1);
  }

  /** The element of {@code items} holding {@code key} (text equal, numbers equal by value). */
  private static Optional<ObjectNode> withKey(JsonNode items, Map<String, JsonNode> key) {
    for (JsonNode item : items) {
      boolean matches = true;
      for (Map.Entry<String, JsonNode> part : key.entrySet()) {
        JsonNode value = item.get(part.getKey());
        matches &=
            value != null
                && ((value.isNumber() && part.getValue().isNumber())
                    ? value.decimalValue().compareTo(part.getValue().decimalValue()) == 0
                    : value.equals(part.getValue()));
      }
      if (matches) {
        return Optional.of((ObjectNode) item.deepCopy());
      }
    }
    return Optional.empty();
  }

  /** Source names looked up so far. */
  Set<String> asked() {
    synchronized (asked) {
      return Set.copyOf(asked);
    }
  }

  /**
   * Source names looked up without a file, an absence or a fallback for them (answered: no item).
   */
  Set<String> unanswered() {
    synchronized (unanswered) {
      return new LinkedHashSet<>(unanswered);
    }
  }
}
