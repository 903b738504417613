package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.JsonTypes;
import io.github.claimsmapper.engine.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed readers over a document's tree. Each returns what it found, or nothing after recording what
 * it expected: a caller never meets a default standing in for a mistake, and every file of ours
 * (mappings, test expectations) words the same mistake the same way.
 */
public final class Fields {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private final Diagnostics diagnostics;

  Fields(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** A string of a list, with its own path. */
  public record Entry(String value, String path) {}

  /** Where problems go: for checks beyond the type of a value. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** An object ({@code key: value} lines), or nothing after reporting what {@code path} holds. */
  public Optional<ObjectNode> object(JsonNode node, String path) {
    if (node.isObject()) {
      return Optional.of((ObjectNode) node);
    }
    diagnostics.error(path, "expected an object (key: value lines), found " + JsonTypes.name(node));
    return Optional.empty();
  }

  /** A string, or nothing after reporting what {@code path} holds instead. */
  public Optional<String> string(JsonNode node, String path) {
    if (node.isTextual()) {
      return Optional.of(node.textValue());
    }
    diagnostics.error(path, "expected a string, found " + JsonTypes.name(node));
    return Optional.empty();
  }

  /**
   * {@code true} or {@code false}, or nothing after reporting what {@code path} holds: never a
   * {@code false} standing in for a mistake, which would read as a choice.
   */
  public Optional<Boolean> bool(JsonNode node, String path) {
    if (node.isBoolean()) {
      return Optional.of(node.booleanValue());
    }
    diagnostics.error(path, "expected true or false, found " + JsonTypes.name(node));
    return Optional.empty();
  }

  /** The strings of a list; an entry that is not one is reported and left out. */
  public List<Entry> strings(JsonNode node, String path) {
    List<Entry> out = new ArrayList<>();
    if (!node.isArray()) {
      diagnostics.error(path, "expected a list of strings, found " + JsonTypes.name(node));
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      String at = DocumentPath.index(path, i);
      Optional<String> value = string(node.get(i), at);
      if (value.isPresent()) {
        out.add(new Entry(value.get(), at));
      }
    }
    return out;
  }

  /** One string or a list of them, as filters take their patterns. */
  List<String> oneOrMany(JsonNode node, String path) {
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    if (!node.isArray()) {
      diagnostics.error(
          path, "expected a string or a list of strings, found " + JsonTypes.name(node));
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (Entry entry : strings(node, path)) {
      values.add(entry.value());
    }
    return values;
  }

  /** Reports each key of {@code node} that is not {@code allowed}, at the key. */
  public void keys(ObjectNode node, String path, String... allowed) {
    List<String> known = List.of(allowed);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String at = DocumentPath.child(path, name);
        diagnostics.errorAtKey(
            at, "unknown key '" + name + "' (expected one of: " + String.join(", ", known) + ")");
      }
    }
  }

  /** A whole number from 1 to {@code Integer.MAX_VALUE}; {@code what} names it in the message. */
  OptionalInt positive(JsonNode node, String path, String what) {
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
      diagnostics.error(
          path,
          "expected "
              + what
              + ", found "
              + (node.isNumber() ? node.toString() : JsonTypes.name(node)));
      return OptionalInt.empty();
    }
    return OptionalInt.of(node.intValue());
  }

  /** A lookup policy by its YAML name; {@code stale} only where a cache can serve it. */
  Optional<Policy> policy(JsonNode node, String path, boolean staleAllowed) {
    Optional<String> value = string(node, path);
    for (Policy policy : Policy.values()) {
      if (value.isPresent()
          && policy.yamlName().equals(value.get())
          && (staleAllowed || policy != Policy.STALE)) {
        return Optional.of(policy);
      }
    }
    if (value.isPresent()) {
      diagnostics.error(
          path,
          "unknown policy '"
              + value.get()
              + "' (expected one of: deny, continue"
              + (staleAllowed ? ", stale)" : ")"));
    }
    return Optional.empty();
  }

  /** A duration: whole milliseconds, or a whole number with ms, s, m or h. */
  Optional<Duration> duration(JsonNode node, String path) {
    if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
      return Optional.of(Duration.ofMillis(node.longValue()));
    }
    Matcher m = node.isTextual() ? DURATION.matcher(node.textValue().trim()) : null;
    if (m == null || !m.matches()) {
      diagnostics.error(
          path,
          "expected a duration such as 500ms, 2s, 5m or 1h, found "
              + (node.isTextual() ? "'" + node.textValue() + "'" : JsonTypes.name(node)));
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
  }
}
