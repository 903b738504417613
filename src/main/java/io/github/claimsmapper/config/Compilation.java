package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.engine.ClaimRule;
import io.github.claimsmapper.engine.Condition;
import io.github.claimsmapper.engine.Constant;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.ExpressionCompiler;
import io.github.claimsmapper.engine.ExpressionSyntaxException;
import io.github.claimsmapper.engine.GroupMatch;
import io.github.claimsmapper.engine.GroupPlan;
import io.github.claimsmapper.engine.JsonTypes;
import io.github.claimsmapper.engine.Limits;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.RulePlan;
import io.github.claimsmapper.engine.ScopePattern;
import io.github.claimsmapper.engine.ScopePlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import io.github.claimsmapper.engine.TokenPlan;
import io.github.claimsmapper.engine.ValueType;
import io.github.claimsmapper.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One pass over one mapping document, collecting every problem; yields a plan only when there is none. */
final class Compilation {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String ROOT = DocumentPath.ROOT;
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
  private static final Duration MAX_TIMEOUT = Duration.ofMillis(4500);
  private static final Duration DEFAULT_STALE = Duration.ofHours(1);
  private static final int DEFAULT_CACHE_ENTRIES = 10_000;
  /** The longest value a message quotes whole. */
  private static final int MAX_QUOTED = 60;

  private final YamlDocument doc;
  private final List<Diagnostic> problems;
  private final Map<String, String> env;
  private final ExpressionCompiler compiler;
  /** Values whose placeholders failed: later problems there would only repeat the first. */
  private final Set<String> unresolved = new HashSet<>();
  /** Strings that held placeholders: path -> the text as written, and as resolved for plain data. */
  private final Map<String, String> written = new HashMap<>();
  private final Map<String, Placeholders.Resolved> resolvedAsText = new HashMap<>();
  /** Every compiled expression that may read sources: projections and unused sources come from it. */
  private final List<Expression> reads = new ArrayList<>();
  /** Claims added and suppressed per token, for the cross-rule warning: name -> path. */
  private final Map<String, String> added = new LinkedHashMap<>();
  private final List<String[]> suppressed = new ArrayList<>();
  private Duration timeout = MappingPlan.DEFAULT_TIMEOUT;

  Compilation(YamlDocument doc, List<Diagnostic> problems, Map<String, String> env, ExpressionCompiler compiler) {
    this.doc = doc;
    this.problems = problems;
    this.env = env;
    this.compiler = compiler;
  }

  /** A source as written (or a rule's change merged into it), before projections are known. */
  private static final class SourceDef {
    String name;
    String path;
    String table = "";
    Map<String, Template> key = new LinkedHashMap<>();
    boolean consistentRead;
    Policy onMissing = Policy.DENY;
    Policy onError = Policy.DENY;
    boolean skip;
    Optional<SourcePlan.Cache> cache = Optional.empty();

    SourceDef copy(String newPath) {
      SourceDef c = new SourceDef();
      c.name = name;
      c.path = newPath;
      c.table = table;
      c.key = new LinkedHashMap<>(key);
      c.consistentRead = consistentRead;
      c.onMissing = onMissing;
      c.onError = onError;
      c.skip = skip;
      c.cache = cache;
      return c;
    }
  }

  private record RuleParts(String path, Condition when, TokenPlan idToken, TokenPlan accessToken, ScopePlan scopes,
      Optional<GroupPlan> groups, Map<String, SourceDef> sources) {}

  MappingPlan plan() {
    if (doc.root.isNull() || doc.root.isMissingNode()) {
      error(doc.valueAt(ROOT), ROOT, "the mapping file is empty: it needs at least 'version: 1'");
      return null;
    }
    ObjectNode top = object(doc.root, ROOT);
    if (top == null) {
      return null;
    }
    resolvePlaceholders(top, ROOT);
    keys(top, ROOT, "version", "source", "sources", "idToken", "accessToken", "groups", "rules", "limits");
    JsonNode version = top.get("version");
    if (version == null) {
      error(doc.valueAt(ROOT), ROOT, "missing required key 'version' (the only version is 1)");
    } else if (version.isTextual()) {
      error(doc.valueAt(ROOT + ".version"), ROOT + ".version", "expected the number 1, found the string \""
          + version.textValue() + "\" (write version: 1, without quotes)");
    } else if (!version.isIntegralNumber() || version.intValue() != 1) {
      error(doc.valueAt(ROOT + ".version"), ROOT + ".version", "unsupported version " + version + " (the only version is 1)");
    }

    Map<String, SourceDef> sources = new LinkedHashMap<>();
    if (top.has("source")) {
      SourceDef primary = source(top.get("source"), ROOT + ".source", SourcePlan.PRIMARY, null);
      if (primary != null) {
        sources.put(SourcePlan.PRIMARY, primary);
      }
    }
    if (top.has("sources")) {
      ObjectNode named = object(top.get("sources"), ROOT + ".sources");
      if (named != null) {
        named.properties().forEach(entry -> {
          String path = DocumentPath.child(ROOT + ".sources", entry.getKey());
          if (!NAME.matcher(entry.getKey()).matches() || entry.getKey().equals("event") || entry.getKey().equals(SourcePlan.PRIMARY)) {
            error(doc.keyAt(path), path, "a source name is an identifier other than 'event' and 'item' (letters, digits, _), found '"
                + entry.getKey() + "'");
            return;
          }
          SourceDef def = source(entry.getValue(), path, entry.getKey(), null);
          if (def != null) {
            sources.put(entry.getKey(), def);
          }
        });
      }
    }

    ObjectNode idNode = top.has("idToken") ? object(top.get("idToken"), ROOT + ".idToken") : null;
    ObjectNode accessNode = top.has("accessToken") ? object(top.get("accessToken"), ROOT + ".accessToken") : null;
    TokenPlan id = idNode == null ? TokenPlan.EMPTY : token(idNode, ROOT + ".idToken", false);
    TokenPlan access = accessNode == null ? TokenPlan.EMPTY : token(accessNode, ROOT + ".accessToken", true);
    ScopePlan scopes = accessNode != null && accessNode.has("scopes")
        ? scopes(accessNode.get("scopes"), ROOT + ".accessToken.scopes") : ScopePlan.EMPTY;
    Optional<GroupPlan> groups = top.has("groups") ? groups(top.get("groups"), ROOT + ".groups", false) : Optional.empty();
    List<RuleParts> rules = top.has("rules") ? rules(top.get("rules"), sources, groups.isPresent()) : List.of();
    Limits limits = top.has("limits") ? limits(top.get("limits"), ROOT + ".limits") : Limits.NONE;

    Map<String, Set<String>> dependencies = dependencies(sources, rules);
    Map<String, Optional<Set<String>>> attributes = new LinkedHashMap<>();
    for (String name : sources.keySet()) {
      attributes.put(name, attributesRead(name));
    }
    warnAboutSources(sources, attributes, dependencies);
    warnAboutAddedAndSuppressed();
    if (problems.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
      return null;
    }

    List<SourcePlan> sourcePlans = new ArrayList<>();
    sources.values().forEach(def -> sourcePlans.add(sourcePlan(def, attributes, dependencies)));
    List<RulePlan> rulePlans = new ArrayList<>();
    for (RuleParts rule : rules) {
      Map<String, SourcePlan> changes = new LinkedHashMap<>();
      rule.sources().values().forEach(def -> changes.put(def.name, sourcePlan(def, attributes, dependencies)));
      rulePlans.add(new RulePlan(rule.path(), rule.when(), rule.idToken(), rule.accessToken(), rule.scopes(),
          rule.groups(), changes));
    }
    Policy onError = sources.containsKey(SourcePlan.PRIMARY) ? sources.get(SourcePlan.PRIMARY).onError : Policy.DENY;
    return new MappingPlan(sourcePlans, id, access, scopes, groups, rulePlans, limits, onError, timeout);
  }

  private SourcePlan sourcePlan(SourceDef def, Map<String, Optional<Set<String>>> attributes,
      Map<String, Set<String>> dependencies) {
    Optional<Set<String>> reads = attributes.get(def.name);
    if (reads.isPresent() && reads.get().isEmpty()) {
      // nothing is read from the item, only whether it exists: ask for the key alone
      reads = Optional.of(def.key.keySet());
    }
    Set<String> dependsOn = new LinkedHashSet<>();
    for (Template template : def.key.values()) {
      for (Expression expression : template.expressions()) {
        for (String other : attributes.keySet()) {
          if (!other.equals(def.name) && reads(expression, other)) {
            dependsOn.add(other);
          }
        }
      }
    }
    return new SourcePlan(def.name, def.path, def.table, def.key, def.consistentRead, def.onMissing, def.onError,
        reads, dependsOn, def.skip, def.cache);
  }

  // ---- sources

  /**
   * A source definition, or a rule's change to {@code base} when base is given (then every key is
   * optional and {@code skip} is allowed).
   */
  private SourceDef source(JsonNode node, String path, String name, SourceDef base) {
    ObjectNode source = object(node, path);
    if (source == null) {
      return null;
    }
    SourceDef def = base == null ? new SourceDef() : base.copy(path);
    def.name = name;
    def.path = path;
    if (base != null) {
      keys(source, path, "table", "key", "consistentRead", "onMissing", "onError", "skip");
    } else if (SourcePlan.PRIMARY.equals(name)) {
      keys(source, path, "table", "key", "consistentRead", "onMissing", "onError", "cache", "timeout");
    } else {
      keys(source, path, "table", "key", "consistentRead", "onMissing", "onError", "cache");
    }
    String tablePath = path + ".table";
    if (source.has("table")) {
      String table = string(source.get("table"), tablePath);
      if (table != null && table.isBlank()) {
        error(doc.valueAt(tablePath), tablePath, "the table name is empty");
      }
      def.table = table == null ? "" : table;
    } else if (base == null) {
      error(doc.keyAt(path), path, "missing required key 'table'");
    }
    String keyPath = path + ".key";
    if (source.has("key")) {
      def.key = key(source.get("key"), keyPath, name);
    } else if (base == null) {
      error(doc.keyAt(path), path, "missing required key 'key' (the item's key attributes and their templates)");
    }
    if (source.has("consistentRead")) {
      def.consistentRead = bool(source.get("consistentRead"), path + ".consistentRead");
    }
    if (source.has("onMissing")) {
      def.onMissing = policy(source, "onMissing", path, false);
    }
    if (source.has("onError")) {
      def.onError = policy(source, "onError", path, true);
    }
    if (base == null && source.has("timeout")) {
      Duration value = duration(source.get("timeout"), path + ".timeout");
      if (value != null && (value.isZero() || value.compareTo(MAX_TIMEOUT) > 0)) {
        error(doc.valueAt(path + ".timeout"), path + ".timeout", "a lookup timeout is between 1ms and 4500ms (Cognito waits 5 s in all)");
      } else if (value != null) {
        timeout = value;
      }
    }
    if (base == null && source.has("cache")) {
      def.cache = cache(source.get("cache"), path + ".cache");
    }
    if (def.onError == Policy.STALE && def.cache.isEmpty() && base == null) {
      def.cache = Optional.of(new SourcePlan.Cache(Duration.ZERO, DEFAULT_STALE, DEFAULT_CACHE_ENTRIES));
    }
    if (source.has("skip")) {
      def.skip = bool(source.get("skip"), path + ".skip");
    }
    return def;
  }

  private Map<String, Template> key(JsonNode node, String keyPath, String sourceName) {
    Map<String, Template> key = new LinkedHashMap<>();
    ObjectNode attributes = object(node, keyPath);
    if (attributes == null) {
      return key;
    }
    if (attributes.size() == 0 || attributes.size() > 2) {
      error(doc.valueAt(keyPath), keyPath, "a key has one attribute (partition key) or two (and sort key), found " + attributes.size());
    }
    attributes.properties().forEach(entry -> {
      String attributePath = DocumentPath.child(keyPath, entry.getKey());
      if (entry.getKey().isEmpty()) {
        error(doc.keyAt(attributePath), attributePath, "a key attribute name cannot be empty");
        return;
      }
      String text = string(entry.getValue(), attributePath);
      if (text == null) {
        return;
      }
      if (text.isEmpty()) {
        error(doc.valueAt(attributePath), attributePath, "a key template cannot be empty");
        return;
      }
      Template template = template(text, attributePath);
      if (template == null) {
        return;
      }
      for (Expression expression : template.expressions()) {
        if (reads(expression, sourceName)) {
          error(doc.textAt(attributePath), attributePath, SourcePlan.PRIMARY.equals(sourceName)
              ? "a key template cannot read the item it looks up"
              : "a key template cannot read its own source '" + sourceName + "'");
        }
        reads.add(expression);
      }
      key.put(entry.getKey(), template);
    });
    return key;
  }

  /** Which sources each source's key reads, across the base and every rule's change; cycles are errors. */
  private Map<String, Set<String>> dependencies(Map<String, SourceDef> sources, List<RuleParts> rules) {
    Map<String, Set<String>> graph = new LinkedHashMap<>();
    List<SourceDef> all = new ArrayList<>(sources.values());
    rules.forEach(r -> all.addAll(r.sources().values()));
    for (SourceDef def : all) {
      Set<String> deps = graph.computeIfAbsent(def.name, n -> new LinkedHashSet<>());
      for (Template template : def.key.values()) {
        for (Expression expression : template.expressions()) {
          for (String other : sources.keySet()) {
            if (!other.equals(def.name) && reads(expression, other)) {
              deps.add(other);
            }
          }
        }
      }
    }
    Set<String> reported = new HashSet<>();
    for (String start : graph.keySet()) {
      List<String> cycle = cycleFrom(start, graph, new ArrayList<>());
      if (cycle != null && reported.add(String.join(",", cycle.stream().distinct().sorted().toList()))) {
        SourceDef def = sources.get(start);
        String keyPath = def.path + ".key";
        error(doc.keyAt(keyPath), keyPath, "sources read each other in a cycle: " + String.join(" -> ", cycle));
      }
    }
    return graph;
  }

  private static List<String> cycleFrom(String node, Map<String, Set<String>> graph, List<String> trail) {
    if (trail.contains(node)) {
      if (!trail.get(0).equals(node)) {
        return null; // a cycle that does not pass through the start: reported from its own members
      }
      List<String> cycle = new ArrayList<>(trail);
      cycle.add(node);
      return cycle;
    }
    trail.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      List<String> cycle = cycleFrom(next, graph, trail);
      if (cycle != null) {
        return cycle;
      }
    }
    trail.remove(trail.size() - 1);
    return null;
  }

  private Optional<Set<String>> attributesRead(String name) {
    Set<String> names = new LinkedHashSet<>();
    for (Expression expression : reads) {
      Optional<Set<String>> used = expression.attributesRead(name);
      if (used.isEmpty()) {
        return Optional.empty();
      }
      names.addAll(used.get());
    }
    return Optional.of(names);
  }

  private static boolean reads(Expression expression, String name) {
    Optional<Set<String>> used = expression.attributesRead(name);
    return used.isEmpty() || !used.get().isEmpty();
  }

  private void warnAboutSources(Map<String, SourceDef> sources, Map<String, Optional<Set<String>>> attributes,
      Map<String, Set<String>> dependencies) {
    if (!sources.containsKey(SourcePlan.PRIMARY) && reads.stream().anyMatch(e -> reads(e, SourcePlan.PRIMARY))) {
      warning(doc.valueAt(ROOT), ROOT, "expressions read 'item' but there is no source: item is always null");
    }
    for (SourceDef def : sources.values()) {
      boolean readByKeys = dependencies.values().stream().anyMatch(deps -> deps.contains(def.name));
      Optional<Set<String>> used = attributes.get(def.name);
      if (!def.name.equals(SourcePlan.PRIMARY) && !readByKeys && used.isPresent() && used.get().isEmpty()) {
        warning(doc.keyAt(def.path), def.path, "source '" + def.name + "' is never read: it costs a lookup per sign-in");
      }
    }
  }

  private void warnAboutAddedAndSuppressed() {
    for (String[] entry : suppressed) {
      String addedAt = added.get(entry[0]);
      if (addedAt != null) {
        warning(doc.valueAt(entry[1]), entry[1], "'" + entry[0].substring(entry[0].indexOf(' ') + 1)
            + "' is added at " + addedAt + " and suppressed here: where both apply, Cognito suppresses it");
      }
    }
  }

  // ---- rules and limits

  private List<RuleParts> rules(JsonNode node, Map<String, SourceDef> sources, boolean baseGroups) {
    List<RuleParts> rules = new ArrayList<>();
    String listPath = ROOT + ".rules";
    if (!node.isArray()) {
      error(doc.valueAt(listPath), listPath, "expected a list of rules, found " + JsonTypes.name(node));
      return rules;
    }
    for (int i = 0; i < node.size(); i++) {
      String path = DocumentPath.index(listPath, i);
      ObjectNode rule = object(node.get(i), path);
      if (rule == null) {
        continue;
      }
      keys(rule, path, "when", "idToken", "accessToken", "groups", "source", "sources");
      Condition when = null;
      if (!rule.has("when")) {
        error(doc.valueAt(path), path, "missing required key 'when' (the condition, a JMESPath expression)");
      } else {
        String text = string(rule.get("when"), path + ".when");
        if (text != null) {
          when = condition(text, path + ".when");
        }
      }
      if (!rule.has("idToken") && !rule.has("accessToken") && !rule.has("groups") && !rule.has("source") && !rule.has("sources")) {
        error(doc.valueAt(path), path, "a rule needs at least one of: idToken, accessToken, groups, source, sources");
      }
      ObjectNode idNode = rule.has("idToken") ? object(rule.get("idToken"), path + ".idToken") : null;
      ObjectNode accessNode = rule.has("accessToken") ? object(rule.get("accessToken"), path + ".accessToken") : null;
      TokenPlan id = idNode == null ? TokenPlan.EMPTY : token(idNode, path + ".idToken", false);
      TokenPlan access = accessNode == null ? TokenPlan.EMPTY : token(accessNode, path + ".accessToken", true);
      ScopePlan scopes = accessNode != null && accessNode.has("scopes")
          ? scopes(accessNode.get("scopes"), path + ".accessToken.scopes") : ScopePlan.EMPTY;
      Optional<GroupPlan> groups = rule.has("groups") ? groups(rule.get("groups"), path + ".groups", baseGroups) : Optional.empty();
      Map<String, SourceDef> changes = new LinkedHashMap<>();
      if (rule.has("source")) {
        SourceDef base = sources.get(SourcePlan.PRIMARY);
        if (base == null) {
          error(doc.keyAt(path + ".source"), path + ".source", "the rule changes 'source' but the mapping has no source");
        } else {
          SourceDef change = source(rule.get("source"), path + ".source", SourcePlan.PRIMARY, base);
          if (change != null) {
            changes.put(SourcePlan.PRIMARY, change);
          }
        }
      }
      if (rule.has("sources")) {
        ObjectNode named = object(rule.get("sources"), path + ".sources");
        if (named != null) {
          named.properties().forEach(entry -> {
            String changePath = DocumentPath.child(path + ".sources", entry.getKey());
            SourceDef base = entry.getKey().equals(SourcePlan.PRIMARY) ? null : sources.get(entry.getKey());
            if (base == null) {
              error(doc.keyAt(changePath), changePath, "unknown source '" + entry.getKey() + "'"
                  + (sources.isEmpty() ? " (the mapping has none)" : " (sources: " + String.join(", ", sources.keySet()) + ")"));
              return;
            }
            SourceDef change = source(entry.getValue(), changePath, entry.getKey(), base);
            if (change != null) {
              changes.put(entry.getKey(), change);
            }
          });
        }
      }
      if (!changes.isEmpty() && when != null) {
        for (String name : sources.keySet()) {
          if (reads(when.expression(), name)) {
            error(doc.textAt(path + ".when"), path + ".when", "a rule that changes a lookup can test only the event: it is decided before anything is read");
            break;
          }
        }
      }
      if (when != null) {
        rules.add(new RuleParts(path, when, id, access, scopes, groups, changes));
      }
    }
    return rules;
  }

  private Limits limits(JsonNode node, String path) {
    ObjectNode limits = object(node, path);
    if (limits == null) {
      return Limits.NONE;
    }
    keys(limits, path, "maxClaimBytes");
    JsonNode max = limits.get("maxClaimBytes");
    String maxPath = path + ".maxClaimBytes";
    if (max == null) {
      error(doc.valueAt(path), path, "missing required key 'maxClaimBytes'");
      return Limits.NONE;
    }
    if (max.isObject()) {
      keys((ObjectNode) max, maxPath, "idToken", "accessToken");
      return new Limits(byteLimit(max.get("idToken"), maxPath + ".idToken"), byteLimit(max.get("accessToken"), maxPath + ".accessToken"));
    }
    OptionalInt both = byteLimit(max, maxPath);
    return new Limits(both, both);
  }

  private OptionalInt byteLimit(JsonNode node, String path) {
    if (node == null) {
      return OptionalInt.empty();
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
      error(doc.valueAt(path), path, "expected a positive whole number of bytes, found " + (node.isNumber() ? node.toString() : JsonTypes.name(node)));
      return OptionalInt.empty();
    }
    return OptionalInt.of(node.intValue());
  }

  // ---- tokens and claims

  private TokenPlan token(ObjectNode token, String path, boolean accessToken) {
    if (accessToken) {
      keys(token, path, "claims", "suppress", "scopes");
    } else {
      keys(token, path, "claims", "suppress");
    }
    String side = accessToken ? "accessToken " : "idToken ";
    List<ClaimRule> claims = new ArrayList<>();
    if (token.has("claims")) {
      String claimsPath = path + ".claims";
      ObjectNode claimNodes = object(token.get("claims"), claimsPath);
      if (claimNodes != null) {
        claimNodes.properties().forEach(entry -> {
          String claimPath = DocumentPath.child(claimsPath, entry.getKey());
          ClaimRule rule = claim(entry.getKey(), entry.getValue(), claimPath, accessToken);
          if (rule != null) {
            claims.add(rule);
            added.putIfAbsent(side + entry.getKey(), claimPath);
            Optional<String> owned = CognitoRules.lookAlikeOf(entry.getKey());
            owned.ifPresent(name -> warning(doc.keyAt(claimPath), claimPath, "'" + CognitoRules.shown(entry.getKey())
                + "' looks like the Cognito claim '" + name + "': Cognito adds it as a separate claim, and a reader that"
                + " compares names loosely could take it for '" + name + "' (rename it)"));
            OidcClaimNames.likelyTypoOf(entry.getKey()).filter(standard -> owned.isEmpty()).ifPresent(standard -> warning(
                doc.keyAt(claimPath), claimPath, "'" + entry.getKey() + "' looks like a typo of the standard claim '" + standard + "'"));
          }
        });
      }
    }
    List<String> suppress = new ArrayList<>();
    if (token.has("suppress")) {
      String suppressPath = path + ".suppress";
      List<String> names = strings(token.get("suppress"), suppressPath);
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        String entryPath = DocumentPath.index(suppressPath, i);
        if (name == null) {
          continue;
        }
        Optional<String> why = CognitoRules.whyNotSuppressed(name);
        if (CognitoRules.holdsControl(name)) {
          error(doc.valueAt(entryPath), entryPath, "a claim name cannot hold control characters ('" + CognitoRules.shown(name) + "')");
        } else if (why.isPresent()) {
          error(doc.valueAt(entryPath), entryPath, why.get());
        } else if (suppress.contains(name)) {
          warning(doc.valueAt(entryPath), entryPath, "'" + name + "' is listed twice");
        } else if (token.path("claims").isObject() && token.path("claims").has(name)) {
          error(doc.valueAt(entryPath), entryPath, "'" + name + "' is both added and suppressed in this token (Cognito would suppress it)");
        } else {
          suppress.add(name);
          suppressed.add(new String[] {side + name, entryPath});
          CognitoRules.lookAlikeOf(name).ifPresent(owned -> warning(doc.valueAt(entryPath), entryPath, "'"
              + CognitoRules.shown(name) + "' looks like the Cognito claim '" + owned + "': Cognito compares names exactly,"
              + " so this does not suppress '" + owned + "'"));
        }
      }
    }
    return new TokenPlan(claims, suppress);
  }

  private ClaimRule claim(String name, JsonNode node, String path, boolean accessToken) {
    if (CognitoRules.holdsControl(name)) {
      error(doc.keyAt(path), path, "a claim name cannot hold control characters ('" + CognitoRules.shown(name) + "')");
      return null;
    }
    Optional<String> why = CognitoRules.whyNotAdded(name, accessToken);
    if (why.isPresent()) {
      error(doc.keyAt(path), path, why.get());
      return null;
    }
    boolean scalarOnly = !accessToken && CognitoRules.SCALAR_ONLY_IN_ID_TOKEN.contains(name);
    if (node.isTextual()) {
      Expression value = valueExpression(node.textValue(), path);
      return value == null ? null : new ClaimRule(name, path, value, null, ValueType.ANY, null, false, scalarOnly);
    }
    if (!node.isObject()) {
      error(doc.valueAt(path), path, "expected an expression (string) or a claim object with 'value' or 'const', found " + JsonTypes.name(node));
      return null;
    }
    ObjectNode claim = (ObjectNode) node;
    keys(claim, path, "value", "const", "type", "default", "required");
    ValueType type = ValueType.ANY;
    if (claim.has("type")) {
      String typeName = string(claim.get("type"), path + ".type");
      if (typeName != null) {
        type = ValueType.fromYamlName(typeName);
        if (type == null) {
          error(doc.valueAt(path + ".type"), path + ".type", "unknown type '" + typeName
              + "' (expected one of: string, number, boolean, array, object, any)");
          return null;
        }
        if (scalarOnly && type.isComplex()) {
          error(doc.valueAt(path + ".type"), path + ".type", "'" + name + "' cannot take an " + typeName + " value in the ID token");
          return null;
        }
      }
    }
    boolean required = claim.has("required") && bool(claim.get("required"), path + ".required");
    JsonNode defaultValue = claim.has("default") ? literal(claim.get("default"), path + ".default", type, name, scalarOnly) : null;
    if (defaultValue != null && name.equals("aud") && !defaultValue.isTextual()) {
      error(doc.valueAt(path + ".default"), path + ".default", "an access token 'aud' is the app client id: a string");
      return null;
    }
    if (required && defaultValue != null) {
      warning(doc.keyAt(path + ".required"), path + ".required", "'required' has no effect: the claim has a default");
    }
    boolean hasValue = claim.has("value");
    boolean hasConst = claim.has("const");
    if (hasValue == hasConst) {
      error(doc.keyAt(path), path, hasValue
          ? "a claim has either 'value' or 'const', not both"
          : "a claim object needs 'value' (an expression) or 'const' (a constant)");
      return null;
    }
    if (hasConst) {
      if (claim.has("default")) {
        warning(doc.keyAt(path + ".default"), path + ".default", "'default' has no effect on a constant");
      }
      JsonNode constant = literal(claim.get("const"), path + ".const", type, name, scalarOnly);
      if (constant != null && name.equals("aud") && !constant.isTextual()) {
        error(doc.valueAt(path + ".const"), path + ".const", "an access token 'aud' is the app client id: a string");
        return null;
      }
      return constant == null ? null : new ClaimRule(name, path, null, constant, type, null, required, scalarOnly);
    }
    String text = string(claim.get("value"), path + ".value");
    Expression value = text == null ? null : valueExpression(text, path + ".value");
    if (value == null || (claim.has("default") && defaultValue == null)) {
      return null;
    }
    return new ClaimRule(name, path, value, null, type, defaultValue, required, scalarOnly);
  }

  /** A claim's value: a template when the text holds {@code ${...}}, otherwise a JMESPath expression. */
  private Expression valueExpression(String text, String path) {
    // decided by what was written: an environment value holding ${ does not make a template
    if (Template.isTemplate(Placeholders.withoutPlaceholders(written.getOrDefault(path, text)))) {
      Template template = template(text, path);
      if (template != null) {
        reads.addAll(template.expressions());
      }
      return template;
    }
    return expression(text, path);
  }

  /** A constant or default: not null, convertible to the claim's type, scalar where required. */
  private JsonNode literal(JsonNode node, String path, ValueType type, String claim, boolean scalarOnly) {
    if (node.isNull()) {
      error(doc.valueAt(path), path, "cannot be null");
      return null;
    }
    JsonNode converted;
    try {
      converted = type.convert(node);
    } catch (EvaluationException e) {
      // the engine's message names no value (it is logged per request); this one is about the file
      error(doc.valueAt(path), path, "cannot convert " + quoted(node) + " to " + type.yamlName() + " (the claim's type)");
      return null;
    }
    if (scalarOnly && converted.isContainerNode()) {
      error(doc.valueAt(path), path, "'" + claim + "' cannot take an " + JsonTypes.name(converted) + " value in the ID token");
      return null;
    }
    return converted;
  }

  /** A value of the file for a message: as JSON ({@code "lots"}, {@code 42}, {@code [1,2]}), long ones cut. */
  private static String quoted(JsonNode value) {
    String json = Json.compact(value);
    return json.length() <= MAX_QUOTED ? json : json.substring(0, MAX_QUOTED) + "…";
  }

  // ---- scopes and groups

  private ScopePlan scopes(JsonNode node, String path) {
    ObjectNode scopes = object(node, path);
    if (scopes == null) {
      return ScopePlan.EMPTY;
    }
    keys(scopes, path, "add", "allow", "suppress");
    List<String> add = new ArrayList<>();
    List<ScopePlan.FromData> fromData = new ArrayList<>();
    String addPath = path + ".add";
    JsonNode addNode = scopes.get("add");
    List<ScopePattern> allow = new ArrayList<>();
    if (scopes.has("allow")) {
      List<String> patterns = scopeList(scopes.get("allow"), path + ".allow");
      for (String pattern : patterns) {
        allow.add(ScopePattern.of(pattern));
      }
      JsonNode allowNode = scopes.get("allow");
      for (int i = 0; i < allowNode.size(); i++) {
        String pattern = allowNode.get(i).asText("");
        if (allowNode.get(i).isTextual() && !pattern.isEmpty() && pattern.chars().allMatch(c -> c == '*')) {
          String at = DocumentPath.index(path + ".allow", i);
          warning(doc.valueAt(at), at, "'" + pattern + "' lets every scope the data holds through, "
              + "aws.cognito.signin.user.admin included: list the patterns data may add (for example \"orders-api/*\")");
        }
      }
    }
    if (addNode != null && addNode.isTextual()) {
      Expression expression = expression(addNode.textValue(), addPath);
      if (!scopes.has("allow")) {
        error(doc.valueAt(addPath), addPath, "scopes from data need 'allow': the patterns they must match (for example [\"orders-api/*\"])");
      } else if (scopes.get("allow").isArray() && scopes.get("allow").isEmpty()) {
        error(doc.valueAt(path + ".allow"), path + ".allow", "'allow' is empty: no scope from data could ever be added");
      }
      if (expression != null) {
        fromData.add(new ScopePlan.FromData(addPath, expression, allow));
      }
    } else if (addNode != null) {
      add = scopeList(addNode, addPath);
      if (scopes.has("allow")) {
        warning(doc.keyAt(path + ".allow"), path + ".allow", "'allow' has no effect: 'add' takes no scopes from data");
      }
    } else if (scopes.has("allow")) {
      warning(doc.keyAt(path + ".allow"), path + ".allow", "'allow' has no effect: 'add' takes no scopes from data");
    }
    List<String> suppress = scopes.has("suppress") ? scopeList(scopes.get("suppress"), path + ".suppress") : List.of();
    for (int i = 0; i < suppress.size(); i++) {
      String scope = suppress.get(i);
      String at = DocumentPath.index(path + ".suppress", i);
      if (add.contains(scope)) {
        error(doc.valueAt(at), at, "'" + scope + "' is both added and suppressed");
      } else if (!fromData.isEmpty()) {
        // the same conflict as a literal one, for every scope the data may hold: what Cognito does is undocumented
        allow.stream().filter(p -> p.matches(scope)).findFirst().ifPresent(p -> error(doc.valueAt(at), at, "'" + scope
            + "' is both suppressed and allowed from data by '" + p.text() + "' (narrow allow so it cannot match)"));
      }
    }
    return new ScopePlan(add, fromData, suppress);
  }

  private List<String> scopeList(JsonNode node, String path) {
    List<String> scopes = new ArrayList<>();
    List<String> values = strings(node, path);
    for (int i = 0; i < values.size(); i++) {
      String scope = values.get(i);
      if (scope == null) {
        continue;
      }
      Optional<String> why = CognitoRules.whyNotScope(scope);
      if (why.isPresent()) {
        String at = DocumentPath.index(path, i);
        error(doc.valueAt(at), at, why.get());
      } else if (!scopes.contains(scope)) {
        scopes.add(scope);
      }
    }
    return scopes;
  }

  private Optional<GroupPlan> groups(JsonNode node, String path, boolean baseHasGroups) {
    ObjectNode groups = object(node, path);
    if (groups == null) {
      return Optional.empty();
    }
    keys(groups, path, "groups", "add", "keep", "remove", "iamRoles", "keepRoles", "preferredRole");
    if (groups.size() == 0) {
      error(doc.valueAt(path), path, "groups needs at least one of: groups, add, keep, remove, iamRoles, keepRoles, "
          + "preferredRole (to leave groups as Cognito has them, remove the section)");
      return Optional.empty();
    }
    Expression start = groupExpression(groups, "groups", path);
    Expression add = null;
    if (groups.has("add")) {
      JsonNode addNode = groups.get("add");
      if (addNode.isArray()) {
        List<String> names = strings(addNode, path + ".add");
        add = new Constant(addNode);
        if (names.stream().anyMatch(n -> n != null && n.isEmpty())) {
          error(doc.valueAt(path + ".add"), path + ".add", "a group name cannot be empty");
        }
      } else {
        add = groupExpression(groups, "add", path);
      }
    }
    GroupMatch keep = groups.has("keep") ? match(groups.get("keep"), path + ".keep") : null;
    GroupMatch remove = groups.has("remove") ? match(groups.get("remove"), path + ".remove") : null;
    boolean fromData = start != null || (add != null && !(add instanceof Constant));
    if (fromData && keep == null && !baseHasGroups) {
      warning(doc.keyAt(path), path, "groups come from data without 'keep': every group the data holds reaches the tokens");
    }
    Expression roles = groupExpression(groups, "iamRoles", path);
    GroupMatch keepRoles = groups.has("keepRoles") ? match(groups.get("keepRoles"), path + ".keepRoles") : null;
    if (roles != null && keepRoles == null && !baseHasGroups) {
      warning(doc.keyAt(path + ".iamRoles"), path + ".iamRoles",
          "IAM roles come from data without 'keepRoles': every role ARN the data holds reaches the tokens");
    }
    return Optional.of(new GroupPlan(path, start, add, keep, remove, roles, keepRoles,
        groupExpression(groups, "preferredRole", path)));
  }

  private GroupMatch match(JsonNode node, String path) {
    ObjectNode match = object(node, path);
    if (match == null) {
      return null;
    }
    keys(match, path, "prefix", "exact", "regex");
    if (match.size() == 0) {
      error(doc.valueAt(path), path, "a filter needs at least one of: prefix, exact, regex");
      return null;
    }
    List<String> prefixes = match.has("prefix") ? oneOrMany(match.get("prefix"), path + ".prefix") : List.of();
    List<String> exact = match.has("exact") ? oneOrMany(match.get("exact"), path + ".exact") : List.of();
    com.google.re2j.Pattern regex = null;
    if (match.has("regex")) {
      String text = string(match.get("regex"), path + ".regex");
      if (text != null) {
        try {
          regex = com.google.re2j.Pattern.compile(text);
        } catch (com.google.re2j.PatternSyntaxException e) {
          // RE2/J gives no offset, but quotes the part it stopped at
          int at = Math.max(0, text.lastIndexOf(e.getMessage().replaceFirst("(?s)^.*: `(.*)`$", "$1")));
          error(doc.textAt(path + ".regex").plusColumns(at), path + ".regex",
              "invalid regular expression: " + e.getDescription() + " (RE2 syntax: no backreferences or lookaround)");
        }
      }
    }
    return new GroupMatch(prefixes, new LinkedHashSet<>(exact), regex);
  }

  private List<String> oneOrMany(JsonNode node, String path) {
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    if (!node.isArray()) {
      error(doc.valueAt(path), path, "expected a string or a list of strings, found " + JsonTypes.name(node));
      return List.of();
    }
    List<String> values = strings(node, path);
    values.removeIf(v -> v == null);
    return values;
  }

  private Expression groupExpression(ObjectNode groups, String key, String path) {
    if (!groups.has(key)) {
      return null;
    }
    String childPath = path + "." + key;
    String text = string(groups.get(key), childPath);
    return text == null ? null : expression(text, childPath);
  }

  // ---- typed access, each reporting what it expected

  private ObjectNode object(JsonNode node, String path) {
    if (node.isObject()) {
      return (ObjectNode) node;
    }
    error(doc.valueAt(path), path, "expected an object (key: value lines), found " + JsonTypes.name(node));
    return null;
  }

  private String string(JsonNode node, String path) {
    if (node.isTextual()) {
      return node.textValue();
    }
    error(doc.valueAt(path), path, "expected a string, found " + JsonTypes.name(node));
    return null;
  }

  private boolean bool(JsonNode node, String path) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    error(doc.valueAt(path), path, "expected true or false, found " + JsonTypes.name(node));
    return false;
  }

  /** A list of strings; non-strings are reported and stand as null so indexes keep their place. */
  private List<String> strings(JsonNode node, String path) {
    List<String> out = new ArrayList<>();
    if (!node.isArray()) {
      error(doc.valueAt(path), path, "expected a list of strings, found " + JsonTypes.name(node));
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(string(node.get(i), DocumentPath.index(path, i)));
    }
    return out;
  }

  private Policy policy(ObjectNode parent, String key, String path, boolean staleAllowed) {
    String at = path + "." + key;
    String value = string(parent.get(key), at);
    for (Policy policy : Policy.values()) {
      if (policy.yamlName().equals(value) && (staleAllowed || policy != Policy.STALE)) {
        return policy;
      }
    }
    if (value != null) {
      error(doc.valueAt(at), at, "unknown policy '" + value + "' (expected one of: deny, continue"
          + (staleAllowed ? ", stale)" : ")"));
    }
    return Policy.DENY;
  }

  private Optional<SourcePlan.Cache> cache(JsonNode node, String path) {
    ObjectNode cache = object(node, path);
    if (cache == null) {
      return Optional.empty();
    }
    keys(cache, path, "fresh", "stale", "maxEntries");
    Duration fresh = cache.has("fresh") ? duration(cache.get("fresh"), path + ".fresh") : Duration.ZERO;
    Duration stale = cache.has("stale") ? duration(cache.get("stale"), path + ".stale") : DEFAULT_STALE;
    int maxEntries = DEFAULT_CACHE_ENTRIES;
    if (cache.has("maxEntries")) {
      JsonNode max = cache.get("maxEntries");
      if (!max.isIntegralNumber() || !max.canConvertToInt() || max.intValue() < 1) {
        error(doc.valueAt(path + ".maxEntries"), path + ".maxEntries", "expected a positive whole number, found "
            + (max.isNumber() ? max.toString() : JsonTypes.name(max)));
      } else {
        maxEntries = max.intValue();
      }
    }
    if (fresh == null || stale == null) {
      return Optional.empty();
    }
    if (stale.compareTo(fresh) < 0) {
      error(doc.valueAt(path + ".stale"), path + ".stale", "'stale' cannot be shorter than 'fresh'");
    }
    return Optional.of(new SourcePlan.Cache(fresh, stale, maxEntries));
  }

  /** A duration: whole milliseconds, or a whole number with ms, s, m or h. */
  private Duration duration(JsonNode node, String path) {
    if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
      return Duration.ofMillis(node.longValue());
    }
    Matcher m = node.isTextual() ? DURATION.matcher(node.textValue().trim()) : null;
    if (m == null || !m.matches()) {
      error(doc.valueAt(path), path, "expected a duration such as 500ms, 2s, 5m or 1h, found "
          + (node.isTextual() ? "'" + node.textValue() + "'" : JsonTypes.name(node)));
      return null;
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private void keys(ObjectNode node, String path, String... allowed) {
    List<String> known = List.of(allowed);
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        String at = DocumentPath.child(path, name);
        error(doc.keyAt(at), at, "unknown key '" + name + "' (expected one of: " + String.join(", ", known) + ")");
      }
    }
  }

  private Expression expression(String text, String path) {
    Placeholders.Resolved code = code(text, path, Placeholders.Use.EXPRESSION);
    if (code == null) {
      return null;
    }
    try {
      Expression expression = compiler.compile(code.text());
      reads.add(expression);
      return expression;
    } catch (ExpressionSyntaxException e) {
      error(doc.textAt(path).plusColumns(code.writtenOffset(e.offset())), path, "invalid JMESPath expression: " + e.getMessage());
      return null;
    }
  }

  private Condition condition(String text, String path) {
    Placeholders.Resolved code = code(text, path, Placeholders.Use.EXPRESSION);
    if (code == null) {
      return null;
    }
    try {
      Condition condition = compiler.compileCondition(code.text());
      reads.add(condition.expression());
      return condition;
    } catch (ExpressionSyntaxException e) {
      error(doc.textAt(path).plusColumns(code.writtenOffset(e.offset())), path, "invalid JMESPath expression: " + e.getMessage());
      return null;
    }
  }

  private Template template(String text, String path) {
    Placeholders.Resolved code = code(text, path, Placeholders.Use.TEMPLATE);
    if (code == null) {
      return null;
    }
    try {
      return Template.compile(code.text(), compiler);
    } catch (ExpressionSyntaxException e) {
      error(doc.textAt(path).plusColumns(code.writtenOffset(e.offset())), path, "invalid template: " + e.getMessage());
      return null;
    }
  }

  /**
   * The text of a string that is code (an expression, a template): its placeholders resolved
   * again from what was written, each value spliced in as a string literal, never as code; null
   * after a problem.
   */
  private Placeholders.Resolved code(String text, String path, Placeholders.Use use) {
    String asWritten = written.get(path);
    if (asWritten == null) {
      return new Placeholders.Resolved(text, List.of(), List.of());
    }
    boolean[] failed = {false};
    Placeholders.Resolved code = Placeholders.resolve(asWritten, env, use, (offset, message) -> {
      error(doc.textAt(path).plusColumns(offset), path, message);
      failed[0] = true;
    });
    return failed[0] ? null : code;
  }

  private void resolvePlaceholders(JsonNode node, String path) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String child = DocumentPath.child(path, name);
        JsonNode value = object.get(name);
        if (value.isTextual()) {
          object.set(name, TextNode.valueOf(resolve(value.textValue(), child)));
        } else {
          resolvePlaceholders(value, child);
        }
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        String child = DocumentPath.index(path, i);
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(resolve(array.get(i).textValue(), child)));
        } else {
          resolvePlaceholders(array.get(i), child);
        }
      }
    }
  }

  private String resolve(String text, String path) {
    if (!Placeholders.holdsPlaceholder(text)) {
      return text;
    }
    Placeholders.Resolved resolved = Placeholders.resolve(text, env, Placeholders.Use.TEXT, (offset, message) -> {
      error(doc.textAt(path).plusColumns(offset), path, message);
      unresolved.add(path);
    });
    written.put(path, text);
    resolvedAsText.put(path, resolved);
    return resolved.text();
  }

  private void error(Location at, String path, String message) {
    if (unresolved.contains(path) || doc.refused(path)) {
      return;
    }
    problems.add(new Diagnostic(doc.file, at.line(), at.column(), path, withoutEnvironment(path, message),
        Diagnostic.Severity.ERROR));
  }

  private void warning(Location at, String path, String message) {
    problems.add(new Diagnostic(doc.file, at.line(), at.column(), path, withoutEnvironment(path, message),
        Diagnostic.Severity.WARNING));
  }

  /**
   * A message naming no environment value. A string that took one and is quoted whole (as
   * {@code '...'} or {@code "..."}, wherever it came from: a scope conflict quotes an allow pattern)
   * is shown as written, with its placeholders; in a message about the string itself, any value
   * left is masked. Values can be secrets, and diagnostics land in the init log.
   */
  private String withoutEnvironment(String path, String message) {
    if (resolvedAsText.isEmpty()) {
      return message;
    }
    String out = message;
    for (Map.Entry<String, Placeholders.Resolved> entry : resolvedAsText.entrySet()) {
      Placeholders.Resolved resolved = entry.getValue();
      if (!resolved.values().isEmpty() && !resolved.text().isEmpty()) {
        String asWritten = written.get(entry.getKey());
        out = out.replace("'" + resolved.text() + "'", "'" + asWritten + "'")
            .replace("\"" + resolved.text() + "\"", "\"" + asWritten + "\"");
      }
    }
    Placeholders.Resolved own = resolvedAsText.get(path);
    if (own == null || own.values().isEmpty()) {
      return out;
    }
    String asWritten = written.get(path);
    if (!own.text().isEmpty()) {
      out = out.replace(own.text(), asWritten);
    }
    String[] parts = out.split(Pattern.quote(asWritten), -1);
    for (int i = 0; i < parts.length; i++) {
      for (String value : own.values()) {
        for (String form : Placeholders.spellings(value)) {
          parts[i] = parts[i].replace(form, "${env:…}");
        }
      }
    }
    return String.join(asWritten, parts);
  }
}
