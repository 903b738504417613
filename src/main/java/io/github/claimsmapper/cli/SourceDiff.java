package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.RulePlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.json.Json;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a change of mapping does to the lookups, whatever the inputs: another table, index or key
 * reads another item (and needs another IAM policy), another failure policy answers failures
 * differently, other attributes read change the projection. {@code diff} reports these before the
 * token changes of its inputs, as changes of their own: two mappings that render a case alike can
 * still read different data.
 *
 * <p>Every part of a source plan but its name and place in the file is compared, read from the
 * plan's own record components, so a part added to the language is compared without a change here.
 */
final class SourceDiff {
  /** Parts named as a reader of the file knows them; the others by their component name. */
  private static final Map<String, String> LABELS =
      Map.of("attributes", "attributes read", "dependsOn", "reads sources");

  private static final Set<String> NOT_COMPARED = Set.of("name", "path");

  private SourceDiff() {}

  /** The changes, one line each; empty when the lookups are the same. */
  static List<String> between(MappingPlan before, MappingPlan after) {
    List<String> changes = new ArrayList<>();
    if (!before.timeout().equals(after.timeout())) {
      changes.add(
          "lookup timeout: "
              + duration(before.timeout().toMillis())
              + " -> "
              + duration(after.timeout().toMillis()));
    }
    compare("", byName(before.sources()), byName(after.sources()), changes);
    int rules = Math.min(before.rules().size(), after.rules().size());
    for (int i = 0; i < rules; i++) {
      RulePlan old = before.rules().get(i);
      RulePlan now = after.rules().get(i);
      compare(label(now) + " ", old.sources(), now.sources(), changes);
    }
    unmatched(before.rules(), rules, " removed, with its changes to ", changes);
    unmatched(after.rules(), rules, " added, with changes to ", changes);
    return changes;
  }

  /**
   * The rules from {@code from} on, which only one of the mappings has: each that reads sources of
   * its own is a change of them.
   */
  private static void unmatched(List<RulePlan> rules, int from, String what, List<String> changes) {
    for (RulePlan rule : rules.subList(from, rules.size())) {
      if (!rule.sources().isEmpty()) {
        changes.add(label(rule) + what + String.join(", ", rule.sources().keySet()));
      }
    }
  }

  /** A rule as the changes name it: its path without the leading {@code $.}. */
  private static String label(RulePlan rule) {
    return rule.path().replaceFirst("^\\$\\.", "");
  }

  private static Map<String, SourcePlan> byName(List<SourcePlan> sources) {
    Map<String, SourcePlan> named = new java.util.LinkedHashMap<>();
    for (SourcePlan source : sources) {
      named.put(source.name(), source);
    }
    return named;
  }

  private static void compare(
      String prefix,
      Map<String, SourcePlan> before,
      Map<String, SourcePlan> after,
      List<String> changes) {
    Set<String> names = new LinkedHashSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String name : names) {
      SourcePlan old = before.get(name);
      SourcePlan now = after.get(name);
      String source = prefix + "source " + name;
      if (old == null) {
        changes.add(source + " added: table " + quoted(now.table()));
      } else if (now == null) {
        changes.add(source + " removed: table " + quoted(old.table()));
      } else {
        for (RecordComponent part : SourcePlan.class.getRecordComponents()) {
          if (NOT_COMPARED.contains(part.getName())) {
            continue;
          }
          String was = text(part.getName(), value(part, old));
          String is = text(part.getName(), value(part, now));
          if (!was.equals(is)) {
            changes.add(
                source
                    + ": "
                    + LABELS.getOrDefault(part.getName(), part.getName())
                    + ": "
                    + was
                    + " -> "
                    + is);
          }
        }
      }
    }
  }

  private static Object value(RecordComponent part, Object record) {
    try {
      return part.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("a record's accessor is public", e);
    }
  }

  private static String text(String part, Object value) {
    return part.equals("attributes") && value instanceof Optional<?> names && names.isEmpty()
        ? "the whole item"
        : text(value);
  }

  /** A value as the file would write it; sets sorted, so order never reads as a change. */
  private static String text(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof String string) {
      return quoted(string);
    }
    if (value instanceof Policy policy) {
      return policy.yamlName();
    }
    if (value instanceof Expression expression) {
      return quoted(expression.text());
    }
    if (value instanceof Duration duration) {
      return duration(duration.toMillis());
    }
    if (value instanceof Optional<?> optional) {
      return optional.isEmpty() ? "none" : text(optional.get());
    }
    if (value instanceof Map<?, ?> map) {
      List<String> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(quoted(String.valueOf(k)) + ":" + text(v)));
      return "{" + String.join(",", entries) + "}";
    }
    if (value instanceof Set<?> set) {
      Set<String> sorted = new TreeSet<>();
      set.forEach(element -> sorted.add(text(element)));
      return "[" + String.join(",", sorted) + "]";
    }
    if (value instanceof Collection<?> list) {
      List<String> elements = new ArrayList<>();
      list.forEach(element -> elements.add(text(element)));
      return "[" + String.join(",", elements) + "]";
    }
    if (value instanceof Record record) {
      List<String> parts = new ArrayList<>();
      for (RecordComponent part : record.getClass().getRecordComponents()) {
        parts.add(part.getName() + ": " + text(value(part, record)));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    return String.valueOf(value);
  }

  private static String duration(long millis) {
    long[] units = {3_600_000, 60_000, 1000};
    String[] names = {"h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis > 0 && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }

  private static String quoted(String text) {
    return Json.compact(JsonNodeFactory.instance.textNode(text));
  }
}
