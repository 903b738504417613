package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Condition;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.GroupPlan;
import io.github.claimsmapper.engine.JsonTypes;
import io.github.claimsmapper.engine.ScopePlan;
import io.github.claimsmapper.engine.SourcePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code rules}: each a condition and the sections it overlays on the base. */
final class RuleParser extends SectionParser {
  private final Sections sections;
  private final SourceParser sources;

  RuleParser(Fields fields, Expressions expressions, Sections sections, SourceParser sources) {
    super(fields, expressions);
    this.sections = sections;
    this.sources = sources;
  }

  /**
   * A rule read.
   *
   * @param changes its changes to the declared sources, by name
   */
  record Rule(String path, Condition when, TokenParser.Section idToken, TokenParser.Section accessToken,
      ScopePlan scopes, Optional<GroupPlan> groups, Map<String, SourceParts> changes) {}

  /**
   * The rules that have a valid condition, and what every rule reads: a rule refused for its
   * condition still counts for what the lookups ask for.
   */
  Parsed<List<Rule>> rules(JsonNode node, Map<String, SourceParts> declared, boolean baseGroups) {
    List<Rule> rules = new ArrayList<>();
    List<Expression> reads = new ArrayList<>();
    if (!node.isArray()) {
      diagnostics.error("$.rules", "expected a list of rules, found " + JsonTypes.name(node));
      return Parsed.of(rules, reads);
    }
    for (int i = 0; i < node.size(); i++) {
      String path = DocumentPath.index("$.rules", i);
      fields.object(node.get(i), path).map(rule -> rule(rule, path, declared, baseGroups)).ifPresent(rule -> {
        rule.value().ifPresent(rules::add);
        reads.addAll(rule.reads());
      });
    }
    return Parsed.of(rules, reads);
  }

  private Parsed<Rule> rule(ObjectNode rule, String path, Map<String, SourceParts> declared, boolean baseGroups) {
    fields.keys(rule, path, "when", "idToken", "accessToken", "groups", "source", "sources");
    if (!rule.has("when")) {
      diagnostics.error(path, "missing required key 'when' (the condition, a JMESPath expression)");
    }
    Optional<Condition> when = Optional.ofNullable(rule.get("when"))
        .flatMap(node -> fields.string(node, path + ".when"))
        .flatMap(text -> expressions.condition(text, path + ".when"));
    if (!rule.has("idToken") && !rule.has("accessToken") && !rule.has("groups") && !rule.has("source")
        && !rule.has("sources")) {
      diagnostics.error(path, "a rule needs at least one of: idToken, accessToken, groups, source, sources");
    }
    Sections.Read read = sections.read(rule, path, baseGroups);
    Map<String, SourceParts> changes = new LinkedHashMap<>();
    if (rule.has("source")) {
      if (!declared.containsKey(SourcePlan.PRIMARY)) {
        diagnostics.errorAtKey(path + ".source", "the rule changes 'source' but the mapping has no source");
      } else {
        sources.change(rule.get("source"), path + ".source", SourcePlan.PRIMARY)
            .ifPresent(change -> changes.put(SourcePlan.PRIMARY, change));
      }
    }
    if (rule.has("sources")) {
      fields.object(rule.get("sources"), path + ".sources").ifPresent(named -> named.properties().forEach(entry -> {
        String changePath = DocumentPath.child(path + ".sources", entry.getKey());
        if (entry.getKey().equals(SourcePlan.PRIMARY) || !declared.containsKey(entry.getKey())) {
          diagnostics.errorAtKey(changePath, "unknown source '" + entry.getKey() + "'" + (declared.isEmpty()
              ? " (the mapping has none)" : " (sources: " + String.join(", ", declared.keySet()) + ")"));
          return;
        }
        sources.change(entry.getValue(), changePath, entry.getKey())
            .ifPresent(change -> changes.put(entry.getKey(), change));
      }));
    }
    if (!changes.isEmpty() && when.isPresent()
        && declared.keySet().stream().anyMatch(name -> SourceGraph.reads(when.get().expression(), name))) {
      diagnostics.errorInText(path + ".when", 0, "a rule that changes a lookup can test only the event: it is "
          + "decided before anything is read");
    }
    List<Expression> reads = new ArrayList<>(read.reads());
    when.ifPresent(condition -> reads.add(condition.expression()));
    if (when.isEmpty()) {
      // its changes reach no graph, but what their keys read still counts
      changes.values().forEach(change -> change.keyExpressions().forEach(reads::add));
    }
    return new Parsed<>(when.map(condition -> new Rule(path, condition, read.idToken(), read.accessToken(),
        read.scopes(), read.groups(), changes)), reads);
  }
}
