package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lookups and what reads them: which sources each source's key reads (across the base and every
 * rule's change; a cycle is an error), and which attributes of each source the mapping's
 * expressions read, so that a lookup asks for those alone.
 */
final class SourceGraph {
  private final Map<String, SourceParts> declared;
  private final Map<String, Set<String>> dependencies = new LinkedHashMap<>();
  private final Map<String, Optional<Set<String>>> attributes = new LinkedHashMap<>();
  private final List<Expression> reads;

  /**
   * @param declared the sources as the file declares them
   * @param changes every rule's changes to them
   * @param reads every other expression of the file that may read a source
   */
  SourceGraph(
      Map<String, SourceParts> declared,
      List<SourceParts> changes,
      List<Expression> reads,
      Diagnostics diagnostics) {
    this.declared = declared;
    List<SourceParts> all = new ArrayList<>(declared.values());
    all.addAll(changes);
    this.reads = new ArrayList<>();
    for (SourceParts parts : all) {
      this.reads.addAll(parts.keyExpressions());
    }
    this.reads.addAll(reads);
    for (SourceParts parts : all) {
      Set<String> deps = dependencies.get(parts.name());
      if (deps == null) {
        deps = new LinkedHashSet<>();
        dependencies.put(parts.name(), deps);
      }
      deps.addAll(sourcesRead(parts.keyExpressions(), parts.name()));
    }
    reportCycles(diagnostics);
    for (SourceParts change : changes) {
      SourceParts base = declared.get(change.name());
      if (base != null && (base.many().isPresent() || change.many().isPresent())) {
        QueryParser.checkChange(base, change, diagnostics);
      }
    }
    for (SourceParts source : declared.values()) {
      if (source.many().isPresent()) {
        QueryParser.checkEachName(declared, diagnostics);
        break;
      }
    }
    for (SourceParts source : declared.values()) {
      String name = source.name();
      // a list-valued source's value is a list of items: what is read is its items' attributes
      attributes.put(
          name,
          Expression.readTogether(
              this.reads, name, source.many().isPresent() && source.many().get().defines()));
    }
  }

  /** Whether evaluating {@code expression} may read anything of the source {@code name}. */
  static boolean reads(Expression expression, String name) {
    Optional<Set<String>> used = expression.attributesRead(name);
    return used.isEmpty() || !used.get().isEmpty();
  }

  /**
   * What a source reads of its table and of the other sources.
   *
   * @param attributes the attributes it asks for, or empty for the whole item
   * @param dependsOn the other sources its key reads, which must be fetched first
   */
  record Reads(Optional<Set<String>> attributes, Set<String> dependsOn) {}

  /**
   * What the source {@code name} with this key and query asks for (what the mapping reads of it)
   * and which lookups must come first.
   */
  Reads reads(String name, Map<String, Template> key, Optional<QueryPlan> query) {
    Optional<Set<String>> read = attributes.get(name);
    if (read.isPresent() && read.get().isEmpty()) {
      // nothing is read from the item, only whether it exists: ask for the key alone
      read = Optional.of(key.keySet());
    }
    List<Expression> keyReads = SourceParts.expressionsOf(key);
    if (query.isPresent()) {
      keyReads.addAll(query.get().expressions());
      if (read.isPresent()) {
        // a query's items carry the keys it names, as the table's key comes with a GetItem
        Set<String> withKeys = new LinkedHashSet<>(read.get());
        withKeys.addAll(key.keySet());
        if (query.get().sortKey().isPresent()) {
          withKeys.add(query.get().sortKey().get().attribute());
        }
        read = Optional.of(withKeys);
      }
    }
    return new Reads(read, sourcesRead(keyReads, name));
  }

  /** Warns of reads of a source that is not there, and of sources nothing reads. */
  void warnAboutUse(Diagnostics diagnostics) {
    if (!declared.containsKey(SourcePlan.PRIMARY) && anyReads(reads, SourcePlan.PRIMARY)) {
      diagnostics.warning(
          DocumentPath.ROOT, "expressions read 'item' but there is no source: item is always null");
    }
    for (SourceParts source : declared.values()) {
      boolean readByKeys = false;
      for (Set<String> deps : dependencies.values()) {
        readByKeys |= deps.contains(source.name());
      }
      Optional<Set<String>> used = attributes.get(source.name());
      if (!source.name().equals(SourcePlan.PRIMARY)
          && !readByKeys
          && used.isPresent()
          && used.get().isEmpty()
          && !anyReads(reads, source.name())) { // length(list) reads no attribute of a list
        diagnostics.warningAtKey(
            source.path(),
            "source '" + source.name() + "' is never read: it costs a lookup per sign-in");
      }
    }
  }

  /** The sources among {@code names} that {@code expression} may read. */
  static Set<String> sourcesReadBy(Expression expression, Set<String> names) {
    Set<String> read = new LinkedHashSet<>();
    for (String name : names) {
      if (reads(expression, name)) {
        read.add(name);
      }
    }
    return read;
  }

  private static boolean anyReads(List<Expression> expressions, String name) {
    for (Expression expression : expressions) {
      if (reads(expression, name)) {
        return true;
      }
    }
    return false;
  }

  /** The declared sources other than {@code self} that any of {@code expressions} reads. */
  private Set<String> sourcesRead(List<Expression> expressions, String self) {
    Set<String> read = new LinkedHashSet<>();
    for (Expression expression : expressions) {
      read.addAll(sourcesReadBy(expression, declared.keySet()));
    }
    read.remove(self);
    return read;
  }

  private void reportCycles(Diagnostics diagnostics) {
    Set<String> reported = new HashSet<>();
    for (String start : dependencies.keySet()) {
      List<String> cycle = cycleFrom(start, new ArrayList<>());
      if (cycle != null
          && reported.add(String.join(",", cycle.stream().distinct().sorted().toList()))) {
        diagnostics.errorAtKey(
            declared.get(start).path() + ".key",
            "sources read each other in a cycle: " + String.join(" -> ", cycle));
      }
    }
  }

  private List<String> cycleFrom(String node, List<String> trail) {
    if (trail.contains(node)) {
      if (!trail.get(0).equals(node)) {
        return null; // a cycle that does not pass through the start: reported from its own members
      }
      List<String> cycle = new ArrayList<>(trail);
      cycle.add(node);
      return cycle;
    }
    trail.add(node);
    for (String next : dependencies.getOrDefault(node, Set.of())) {
      List<String> cycle = cycleFrom(next, trail);
      if (cycle != null) {
        return cycle;
      }
    }
    trail.remove(trail.size() - 1);
    return null;
  }
}
