package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.ExpressionCompiler;
import io.github.claimsmapper.engine.Limits;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.RulePlan;
import io.github.claimsmapper.engine.SourcePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One mapping document made into a plan: each section read by its own parser, every problem
 * collected, and the plan assembled only when there is none.
 */
final class Compilation {
  private static final String ROOT = DocumentPath.ROOT;

  private final YamlDocument doc;
  private final Diagnostics diagnostics;
  private final Fields fields;
  private final Substitutions substitutions;
  private final SourceParser sources;
  private final Sections sections;
  private final RuleParser rules;
  private final String fingerprint;

  /** The names the envelope holds, known before any expression is compiled (see {@link #plan}). */
  private final Set<String> roots = new LinkedHashSet<>(List.of("event", SourcePlan.PRIMARY));

  /**
   * A compilation of one document.
   *
   * @param fingerprint {@link MappingPlan#fingerprintOf} the text {@code doc} was read from
   */
  Compilation(
      YamlDocument doc,
      List<Diagnostic> problems,
      Map<String, String> env,
      ExpressionCompiler compiler,
      String fingerprint) {
    this.fingerprint = fingerprint;
    EnvironmentMask mask = new EnvironmentMask();
    this.doc = doc;
    this.diagnostics = new Diagnostics(doc, problems, mask);
    this.fields = new Fields(diagnostics);
    this.substitutions = new Substitutions(env, diagnostics, mask);
    Expressions expressions = new Expressions(compiler, substitutions, diagnostics, roots);
    this.sources = new SourceParser(fields, expressions);
    this.sections = new Sections(fields, expressions);
    this.rules = new RuleParser(fields, expressions, sections, sources);
  }

  /** Where this compilation's problems go. */
  Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The plan, or nothing when the document has an error (every one of them is recorded). */
  Optional<MappingPlan> plan() {
    if (doc.root.isNull() || doc.root.isMissingNode()) {
      diagnostics.error(ROOT, "the mapping file is empty: it needs at least 'version: 1'");
      return Optional.empty();
    }
    Optional<ObjectNode> top = fields.object(doc.root, ROOT);
    return top.isPresent() ? plan(top.get()) : Optional.empty();
  }

  private Optional<MappingPlan> plan(ObjectNode top) {
    substitutions.resolveAll(top, ROOT);
    if (top.get("sources") instanceof ObjectNode named) {
      named.fieldNames().forEachRemaining(roots::add); // a key template may read a later source
    }
    fields.keys(
        top,
        ROOT,
        "version",
        "source",
        "sources",
        "idToken",
        "accessToken",
        "groups",
        "rules",
        "limits");
    version(top.get("version"));
    Map<String, SourceParts> declared = sources.declared(top);
    Sections.Read base = sections.read(top, ROOT, false);
    Parsed<List<RuleParser.Rule>> ruleList =
        top.has("rules")
            ? rules.rules(top.get("rules"), declared, base.groups().isPresent())
            : Parsed.of(List.of(), List.of());
    Limits limits = top.has("limits") ? limits(top.get("limits"), ROOT + ".limits") : Limits.NONE;

    List<RuleParser.Rule> ruleParts = ruleList.value().orElseThrow();
    List<SourceParts> changes = new ArrayList<>();
    List<TokenParser.Section> tokenSections =
        new ArrayList<>(List.of(base.idToken(), base.accessToken()));
    for (RuleParser.Rule rule : ruleParts) {
      changes.addAll(rule.changes().values());
      tokenSections.add(rule.idToken());
      tokenSections.add(rule.accessToken());
    }
    List<Expression> reads = new ArrayList<>(base.reads());
    reads.addAll(ruleList.reads());
    SourceGraph graph = new SourceGraph(declared, changes, reads, diagnostics);
    graph.warnAboutUse(diagnostics);
    TokenParser.warnAboutAddedAndSuppressed(tokenSections, diagnostics);
    if (diagnostics.hasErrors()) {
      return Optional.empty();
    }

    // plain loops, no lambdas: this runs in the function's cold start, where each lambda is a class
    // to spin
    Map<String, SourcePlan> defined = new LinkedHashMap<>();
    for (SourceParts parts : declared.values()) {
      // no error: the table and key are there
      defined.put(parts.name(), parts.define(graph).orElseThrow());
    }
    List<RulePlan> rulePlans = new ArrayList<>();
    for (RuleParser.Rule rule : ruleParts) {
      Map<String, SourcePlan> changed = new LinkedHashMap<>();
      for (SourceParts change : rule.changes().values()) {
        changed.put(change.name(), change.change(defined.get(change.name()), graph));
      }
      rulePlans.add(
          new RulePlan(
              rule.path(),
              rule.when(),
              rule.idToken().plan(),
              rule.accessToken().plan(),
              rule.scopes(),
              rule.groups(),
              changed));
    }
    SourcePlan primary = defined.get(SourcePlan.PRIMARY);
    return Optional.of(
        new MappingPlan(
            List.copyOf(defined.values()),
            base.idToken().plan(),
            base.accessToken().plan(),
            base.scopes(),
            base.groups(),
            rulePlans,
            limits,
            primary == null ? Policy.DENY : primary.onError(),
            primary == null
                ? MappingPlan.DEFAULT_TIMEOUT
                : declared.get(SourcePlan.PRIMARY).timeout().orElse(MappingPlan.DEFAULT_TIMEOUT),
            fingerprint));
  }

  private void version(JsonNode version) {
    String path = ROOT + ".version";
    if (version == null) {
      diagnostics.error(ROOT, "missing required key 'version' (the only version is 1)");
    } else if (version.isTextual()) {
      diagnostics.error(
          path,
          "expected the number 1, found the string \""
              + version.textValue()
              + "\" (write version: 1, without quotes)");
    } else if (!version.isIntegralNumber() || version.intValue() != 1) {
      diagnostics.error(path, "unsupported version " + version + " (the only version is 1)");
    }
  }

  private Limits limits(JsonNode node, String path) {
    Optional<ObjectNode> found = fields.object(node, path);
    if (found.isEmpty()) {
      return Limits.NONE;
    }
    ObjectNode limits = found.get();
    fields.keys(limits, path, "maxClaimBytes");
    JsonNode max = limits.get("maxClaimBytes");
    String maxPath = path + ".maxClaimBytes";
    if (max == null) {
      diagnostics.error(path, "missing required key 'maxClaimBytes'");
      return Limits.NONE;
    }
    if (max.isObject()) {
      fields.keys((ObjectNode) max, maxPath, "idToken", "accessToken");
      return new Limits(
          bytes(max.get("idToken"), maxPath + ".idToken"),
          bytes(max.get("accessToken"), maxPath + ".accessToken"),
          maxPath + ".idToken",
          maxPath + ".accessToken");
    }
    OptionalInt both = bytes(max, maxPath);
    // an exceeded limit is reported at the token's path, as if the limit were written per token
    return new Limits(both, both, maxPath + ".idToken", maxPath + ".accessToken");
  }

  private OptionalInt bytes(JsonNode node, String path) {
    return node == null
        ? OptionalInt.empty()
        : fields.positive(node, path, "a positive whole number of bytes");
  }
}
