package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Reads {@code source} and {@code sources}, and a rule's changes to them. */
final class SourceParser extends SectionParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Cognito waits 5 s for the whole function; the rest of the budget is the function's own. */
  private static final Duration MAX_TIMEOUT = Duration.ofMillis(4500);

  SourceParser(Fields fields, Expressions expressions) {
    super(fields, expressions);
  }

  /** The sources the file declares, in file order, the primary ({@code item}) first. */
  Map<String, SourceParts> declared(ObjectNode top) {
    Map<String, SourceParts> sources = new LinkedHashMap<>();
    if (top.has("source")) {
      read(top.get("source"), "$.source", SourcePlan.PRIMARY, true)
          .ifPresent(parts -> sources.put(SourcePlan.PRIMARY, parts));
    }
    if (top.has("sources")) {
      fields.object(top.get("sources"), "$.sources").ifPresent(named -> named.properties().forEach(entry -> {
        String path = DocumentPath.child("$.sources", entry.getKey());
        if (!NAME.matcher(entry.getKey()).matches() || entry.getKey().equals("event")
            || entry.getKey().equals(SourcePlan.PRIMARY)) {
          diagnostics.errorAtKey(path, "a source name is an identifier other than 'event' and 'item' (letters, "
              + "digits, _), found '" + entry.getKey() + "'");
          return;
        }
        read(entry.getValue(), path, entry.getKey(), true).ifPresent(parts -> sources.put(entry.getKey(), parts));
      }));
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
    if (!definition) {
      fields.keys(source, path, "table", "key", "consistentRead", "onMissing", "onError", "skip");
    } else if (SourcePlan.PRIMARY.equals(name)) {
      fields.keys(source, path, "table", "key", "consistentRead", "onMissing", "onError", "cache", "timeout");
    } else {
      fields.keys(source, path, "table", "key", "consistentRead", "onMissing", "onError", "cache");
    }
    Optional<String> table = Optional.empty();
    if (source.has("table")) {
      table = fields.string(source.get("table"), path + ".table");
      table.filter(String::isBlank).ifPresent(blank -> diagnostics.error(path + ".table", "the table name is empty"));
    } else if (definition) {
      diagnostics.errorAtKey(path, "missing required key 'table'");
    }
    Optional<Map<String, Template>> key = Optional.empty();
    if (source.has("key")) {
      key = Optional.of(key(source.get("key"), path + ".key", name));
    } else if (definition) {
      diagnostics.errorAtKey(path, "missing required key 'key' (the item's key attributes and their templates)");
    }
    Optional<Boolean> consistentRead = optional(source, "consistentRead", path, fields::bool);
    Optional<Policy> onMissing = optional(source, "onMissing", path, (n, p) -> fields.policy(n, p, false));
    Optional<Policy> onError = optional(source, "onError", path, (n, p) -> fields.policy(n, p, true));
    Optional<Duration> timeout = definition ? optional(source, "timeout", path, this::timeout) : Optional.empty();
    Optional<SourcePlan.Cache> cache = definition ? optional(source, "cache", path, this::cache) : Optional.empty();
    Optional<Boolean> skip = optional(source, "skip", path, fields::bool);
    return Optional.of(new SourceParts(name, path, table, key, consistentRead, onMissing, onError, skip, cache,
        timeout));
  }

  private interface Reader<T> {
    Optional<T> read(JsonNode node, String path);
  }

  private static <T> Optional<T> optional(ObjectNode source, String key, String path, Reader<T> reader) {
    return source.has(key) ? reader.read(source.get(key), path + "." + key) : Optional.empty();
  }

  private Optional<Duration> timeout(JsonNode node, String path) {
    return fields.duration(node, path).filter(value -> {
      boolean inRange = !value.isZero() && value.compareTo(MAX_TIMEOUT) <= 0;
      if (!inRange) {
        diagnostics.error(path, "a lookup timeout is between 1ms and 4500ms (Cognito waits 5 s in all)");
      }
      return inRange;
    });
  }

  private Map<String, Template> key(JsonNode node, String keyPath, String sourceName) {
    Map<String, Template> key = new LinkedHashMap<>();
    Optional<ObjectNode> found = fields.object(node, keyPath);
    if (found.isEmpty()) {
      return key;
    }
    ObjectNode attributes = found.get();
    if (attributes.size() == 0 || attributes.size() > 2) {
      diagnostics.error(keyPath, "a key has one attribute (partition key) or two (and sort key), found "
          + attributes.size());
    }
    attributes.properties().forEach(entry -> {
      String path = DocumentPath.child(keyPath, entry.getKey());
      if (entry.getKey().isEmpty()) {
        diagnostics.errorAtKey(path, "a key attribute name cannot be empty");
        return;
      }
      Optional<String> text = fields.string(entry.getValue(), path);
      if (text.isPresent() && text.get().isEmpty()) {
        diagnostics.error(path, "a key template cannot be empty");
        return;
      }
      text.flatMap(t -> expressions.template(t, path)).ifPresent(template -> {
        for (Expression expression : template.expressions()) {
          if (SourceGraph.reads(expression, sourceName)) {
            diagnostics.errorInText(path, 0, SourcePlan.PRIMARY.equals(sourceName)
                ? "a key template cannot read the item it looks up"
                : "a key template cannot read its own source '" + sourceName + "'");
          }
        }
        key.put(entry.getKey(), template);
      });
    });
    return key;
  }

  private Optional<SourcePlan.Cache> cache(JsonNode node, String path) {
    Optional<ObjectNode> found = fields.object(node, path);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode cache = found.get();
    fields.keys(cache, path, "fresh", "stale", "maxEntries");
    Optional<Duration> fresh = cache.has("fresh") ? fields.duration(cache.get("fresh"), path + ".fresh")
        : Optional.of(Duration.ZERO);
    Optional<Duration> stale = cache.has("stale") ? fields.duration(cache.get("stale"), path + ".stale")
        : Optional.of(SourceSpec.DEFAULT_STALE);
    OptionalInt maxEntries = cache.has("maxEntries")
        ? fields.positive(cache.get("maxEntries"), path + ".maxEntries", "a positive whole number")
        : OptionalInt.of(SourceSpec.DEFAULT_CACHE_ENTRIES);
    if (fresh.isEmpty() || stale.isEmpty()) {
      return Optional.empty();
    }
    if (stale.get().compareTo(fresh.get()) < 0) {
      diagnostics.error(path + ".stale", "'stale' cannot be shorter than 'fresh'");
    }
    return Optional.of(new SourcePlan.Cache(fresh.get(), stale.get(),
        maxEntries.orElse(SourceSpec.DEFAULT_CACHE_ENTRIES)));
  }
}
