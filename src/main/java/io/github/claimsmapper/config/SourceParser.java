package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Reads {@code source} and {@code sources}, and a rule's changes to them. */
final class SourceParser extends SectionParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The keys that make a source list-valued or bound its list ({@link QueryParser#KEYS}). */
  private static final String[] LIST_KEYS = {
    "query", "forEach", "index", "indexType", "scanIndexForward", "limit", "onTruncated"
  };

  /** The keys a rule's change may have, then the primary source's and a named source's. */
  private static final String[] CHANGE_KEYS =
      allowed(new String[] {"limit", "onTruncated"}, "skip");

  private static final String[] PRIMARY_KEYS = allowed(LIST_KEYS, "cache", "timeout");
  private static final String[] NAMED_KEYS = allowed(LIST_KEYS, "cache");

  /** Cognito waits 5 s for the whole function; the rest of the budget is the function's own. */
  private static final Duration MAX_TIMEOUT = Duration.ofMillis(4500);

  SourceParser(Fields fields, Expressions expressions) {
    super(fields, expressions);
  }

  /** Every source's own keys, then {@code own}, then {@code then}: the order the message lists. */
  private static String[] allowed(String[] then, String... own) {
    List<String> keys =
        new ArrayList<>(List.of("table", "key", "consistentRead", "onMissing", "onError"));
    keys.addAll(List.of(own));
    keys.addAll(List.of(then));
    return keys.toArray(String[]::new);
  }

  /** The sources the file declares, in file order, the primary ({@code item}) first. */
  Map<String, SourceParts> declared(ObjectNode top) {
    Map<String, SourceParts> sources = new LinkedHashMap<>();
    if (top.has("source")) {
      Optional<SourceParts> primary = read(top.get("source"), "$.source", SourcePlan.PRIMARY, true);
      if (primary.isPresent()) {
        sources.put(SourcePlan.PRIMARY, primary.get());
      }
    }
    Optional<ObjectNode> named =
        top.has("sources") ? fields.object(top.get("sources"), "$.sources") : Optional.empty();
    if (named.isPresent()) {
      for (Map.Entry<String, JsonNode> entry : named.get().properties()) {
        String path = DocumentPath.child("$.sources", entry.getKey());
        if (!NAME.matcher(entry.getKey()).matches()
            || entry.getKey().equals("event")
            || entry.getKey().equals(SourcePlan.PRIMARY)) {
          diagnostics.errorAtKey(
              path,
              "a source name is an identifier other than 'event' and 'item' (letters, "
                  + "digits, _), found '"
                  + entry.getKey()
                  + "'");
          continue;
        }
        Optional<SourceParts> parts = read(entry.getValue(), path, entry.getKey(), true);
        if (parts.isPresent()) {
          sources.put(entry.getKey(), parts.get());
        }
      }
    }
    return sources;
  }

  /** A rule's change to the source {@code name}: every part optional, {@code skip} allowed. */
  Optional<SourceParts> change(JsonNode node, String path, String name) {
    return read(node, path, name, false);
  }

  private Optional<SourceParts> read(JsonNode node, String path, String name, boolean definition) {
    Optional<ObjectNode> found = fields.object(node, path);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode source = found.get();
    fields.keys(
        source,
        path,
        !definition ? CHANGE_KEYS : SourcePlan.PRIMARY.equals(name) ? PRIMARY_KEYS : NAMED_KEYS);
    // list-valued sources (query, forEach) are read by their own parser, loaded only for them
    Optional<QueryParts> many = Optional.empty();
    for (int i = 0; i < LIST_KEYS.length && many.isEmpty(); i++) {
      if (source.has(LIST_KEYS[i])) {
        many = new QueryParser(fields, expressions).read(source, path, name, definition);
      }
    }
    Optional<String> table = Optional.empty();
    if (source.has("table")) {
      table = fields.string(source.get("table"), path + ".table");
      if (table.isPresent() && table.get().isBlank()) {
        diagnostics.error(path + ".table", "the table name is empty");
      }
      table.flatMap(TableNames::problem).ifPresent(p -> diagnostics.error(path + ".table", p));
    } else if (definition) {
      diagnostics.errorAtKey(path, "missing required key 'table'");
    }
    Optional<Map<String, Template>> key = Optional.empty();
    if (source.has("key")) {
      key = Optional.of(key(source.get("key"), path + ".key", name));
    } else if (many.isPresent() && many.get().query()) {
      key = many.get().partition(); // a query's partition key is its key
    } else if (definition) {
      diagnostics.errorAtKey(
          path, "missing required key 'key' (the item's key attributes and their templates)");
    }
    // plain conditionals, no lambdas: this runs in the function's cold start, where each lambda is
    // a class to spin
    Optional<Boolean> consistentRead =
        source.has("consistentRead")
            ? fields.bool(source.get("consistentRead"), path + ".consistentRead")
            : Optional.empty();
    Optional<Policy> onMissing =
        source.has("onMissing")
            ? fields.policy(source.get("onMissing"), path + ".onMissing", false)
            : Optional.empty();
    Optional<Policy> onError =
        source.has("onError")
            ? fields.policy(source.get("onError"), path + ".onError", true)
            : Optional.empty();
    Optional<Duration> timeout =
        definition && source.has("timeout")
            ? timeout(source.get("timeout"), path + ".timeout")
            : Optional.empty();
    Optional<SourcePlan.Cache> cache =
        definition && source.has("cache")
            ? cache(source.get("cache"), path + ".cache")
            : Optional.empty();
    Optional<Boolean> skip =
        source.has("skip") ? fields.bool(source.get("skip"), path + ".skip") : Optional.empty();
    return Optional.of(
        new SourceParts(
            name,
            path,
            table,
            key,
            consistentRead,
            onMissing,
            onError,
            skip,
            cache,
            timeout,
            many));
  }

  private Optional<Duration> timeout(JsonNode node, String path) {
    Optional<Duration> value = fields.duration(node, path);
    if (value.isPresent() && (value.get().isZero() || value.get().compareTo(MAX_TIMEOUT) > 0)) {
      diagnostics.error(
          path, "a lookup timeout is between 1ms and 4500ms (Cognito waits 5 s in all)");
      return Optional.empty();
    }
    return value;
  }

  private Map<String, Template> key(JsonNode node, String keyPath, String sourceName) {
    Map<String, Template> key = new LinkedHashMap<>();
    Optional<ObjectNode> found = fields.object(node, keyPath);
    if (found.isEmpty()) {
      return key;
    }
    ObjectNode attributes = found.get();
    if (attributes.size() == 0 || attributes.size() > 2) {
      diagnostics.error(
          keyPath,
          "a key has one attribute (partition key) or two (and sort key), found "
              + attributes.size());
    }
    for (Map.Entry<String, JsonNode> entry : attributes.properties()) {
      String path = DocumentPath.child(keyPath, entry.getKey());
      if (entry.getKey().isEmpty()) {
        diagnostics.errorAtKey(path, "a key attribute name cannot be empty");
        continue;
      }
      Optional<String> text = fields.string(entry.getValue(), path);
      if (text.isPresent() && text.get().isEmpty()) {
        diagnostics.error(path, "a key template cannot be empty");
        continue;
      }
      Optional<Template> template =
          text.isPresent() ? expressions.template(text.get(), path) : Optional.empty();
      if (template.isEmpty()) {
        continue;
      }
      rejectSelfReads(template.get(), path, sourceName, "a key template");
      key.put(entry.getKey(), template.get());
    }
    return key;
  }

  private Optional<SourcePlan.Cache> cache(JsonNode node, String path) {
    Optional<ObjectNode> found = fields.object(node, path);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode cache = found.get();
    fields.keys(cache, path, "fresh", "stale", "maxEntries");
    Optional<Duration> fresh =
        cache.has("fresh")
            ? fields.duration(cache.get("fresh"), path + ".fresh")
            : Optional.of(Duration.ZERO);
    Optional<Duration> stale =
        cache.has("stale")
            ? fields.duration(cache.get("stale"), path + ".stale")
            : Optional.of(SourceParts.DEFAULT_STALE);
    OptionalInt maxEntries =
        cache.has("maxEntries")
            ? fields.positive(
                cache.get("maxEntries"), path + ".maxEntries", "a positive whole number")
            : OptionalInt.of(SourceParts.DEFAULT_CACHE_ENTRIES);
    if (fresh.isEmpty() || stale.isEmpty()) {
      return Optional.empty();
    }
    if (stale.get().compareTo(fresh.get()) < 0) {
      diagnostics.error(path + ".stale", "'stale' cannot be shorter than 'fresh'");
    }
    return Optional.of(
        new SourcePlan.Cache(
            fresh.get(), stale.get(), maxEntries.orElse(SourceParts.DEFAULT_CACHE_ENTRIES)));
  }
}
