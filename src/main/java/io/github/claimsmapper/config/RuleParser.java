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
  record Rule(
      String path,
      Condition when,
      TokenParser.Section idToken,
      TokenParser.Section accessToken,
      ScopePlan scopes,
      Optional<GroupPlan> groups,
      Map<String, SourceParts> changes) {}

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
      Optional<ObjectNode> object = fields.object(node.get(i), path);
      if (object.isPresent()) {
        Parsed<Rule> rule = rule(object.get(), path, declared, baseGroups);
        if (rule.value().isPresent()) {
          rules.add(rule.value().get());
        }
        reads.addAll(rule.reads());
      }
    }
    return Parsed.of(rules, reads);
  }

  private Parsed<Rule> rule(
      ObjectNode rule, String path, Map<String, SourceParts> declared, boolean baseGroups) {
    fields.keys(rule, path, "when", "idToken", "accessToken", "groups", "source", "sources");
    if (!rule.has("when")) {
      diagnostics.error(path, "missing required key 'when' (the condition, a JMESPath expression)");
    }
    Optional<String> text =
        rule.has("when") ? fields.string(rule.get("when"), path + ".when") : Optional.empty();
    Optional<Condition> when =
        text.isPresent() ? expressions.condition(text.get(), path + ".when") : Optional.empty();
    if (!rule.has("idToken")
        && !rule.has("accessToken")
        && !rule.has("groups")
        && !rule.has("source")
        && !rule.has("sources")) {
      diagnostics.error(
          path, "a rule needs at least one of: idToken, accessToken, groups, source, sources");
    }
    Sections.Read read = sections.read(rule, path, baseGroups);
    Map<String, SourceParts> changes = new LinkedHashMap<>();
    if (rule.has("source")) {
      if (!declared.containsKey(SourcePlan.PRIMARY)) {
        diagnostics.errorAtKey(
            path + ".source", "the rule changes 'source' but the mapping has no source");
      } else {
        put(changes, sources.change(rule.get("source"), path + ".source", SourcePlan.PRIMARY));
      }
    }
    Optional<ObjectNode> named =
        rule.has("sources")
            ? fields.object(rule.get("sources"), path + ".sources")
            : Optional.empty();
    if (named.isPresent()) {
      for (Map.Entry<String, JsonNode> entry : named.get().properties()) {
        String changePath = DocumentPath.child(path + ".sources", entry.getKey());
        if (entry.getKey().equals(SourcePlan.PRIMARY) || !declared.containsKey(entry.getKey())) {
          diagnostics.errorAtKey(
              changePath,
              "unknown source '"
                  + entry.getKey()
                  + "'"
                  + (declared.isEmpty()
                      ? " (the mapping has none)"
                      : " (sources: " + String.join(", ", declared.keySet()) + ")"));
          continue;
        }
        put(changes, sources.change(entry.getValue(), changePath, entry.getKey()));
      }
    }
    List<Expression> reads = new ArrayList<>(read.reads());
    if (when.isEmpty()) {
      // its changes reach no graph, but what their keys read still counts
      for (SourceParts change : changes.values()) {
        reads.addAll(change.keyExpressions());
      }
      return Parsed.refused(reads);
    }
    Expression condition = when.get().expression();
    reads.add(condition);
    if (!changes.isEmpty() && !SourceGraph.sourcesReadBy(condition, declared.keySet()).isEmpty()) {
      diagnostics.errorInText(
          path + ".when",
          0,
          "a rule that changes a lookup can test only the event: it is "
              + "decided before anything is read");
    }
    return Parsed.of(
        new Rule(
            path,
            when.get(),
            read.idToken(),
            read.accessToken(),
            read.scopes(),
            read.groups(),
            changes),
        reads);
  }

  private static void put(Map<String, SourceParts> changes, Optional<SourceParts> change) {
    if (change.isPresent()) {
      changes.put(change.get().name(), change.get());
    }
  }
}
