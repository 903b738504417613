package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.engine.ClaimRule;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.ExpressionCompiler;
import io.github.claimsmapper.engine.ExpressionSyntaxException;
import io.github.claimsmapper.engine.GroupPlan;
import io.github.claimsmapper.engine.JsonTypes;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.RootReferences;
import io.github.claimsmapper.engine.ScopePattern;
import io.github.claimsmapper.engine.ScopePlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import io.github.claimsmapper.engine.TokenPlan;
import io.github.claimsmapper.engine.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a mapping file: YAML, placeholders, structure, Cognito's rules, expressions. The only way
 * to obtain a {@link MappingPlan}: an invalid file yields a {@link ConfigException} listing every
 * problem with its {@code file:line:column}.
 */
public final class MappingLoader {
  private final Map<String, String> env;
  private final ExpressionCompiler compiler = new ExpressionCompiler();

  /** @param env the environment that {@code ${env:NAME}} placeholders read */
  public MappingLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * A loaded file: the plan and the warnings found on the way.
   *
   * @param plan the compiled plan
   * @param warnings likely mistakes that do not stop the file from loading
   */
  public record Result(MappingPlan plan, List<Diagnostic> warnings) {
    public Result {
      warnings = List.copyOf(warnings);
    }
  }

  /** Reads and compiles a file; diagnostics name it as given. */
  public Result load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(List.of(new Diagnostic(file.toString(), 1, 1, DocumentPath.ROOT,
          "cannot read the mapping file (" + e.getClass().getSimpleName() + ")", Diagnostic.Severity.ERROR)));
    }
    return load(file.toString(), text);
  }

  /** Compiles a mapping from its text; {@code fileName} is used in diagnostics only. */
  public Result load(String fileName, String text) throws ConfigException {
    List<Diagnostic> problems = new ArrayList<>();
    YamlDocument document = YamlDocument.parse(fileName, text, problems);
    MappingPlan plan = new Compilation(document, problems).plan();
    problems.sort(Diagnostic.IN_FILE_ORDER);
    if (problems.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
      throw new ConfigException(problems);
    }
    return new Result(plan, problems);
  }

  /** One pass over one document, collecting every problem. */
  private final class Compilation {
    private final YamlDocument doc;
    private final List<Diagnostic> problems;
    private final List<Expression> readsItem = new ArrayList<>();
    /** Values whose placeholders failed: later problems there would only repeat the first. */
    private final Set<String> unresolved = new java.util.HashSet<>();

    Compilation(YamlDocument doc, List<Diagnostic> problems) {
      this.doc = doc;
      this.problems = problems;
    }

    MappingPlan plan() {
      String root = DocumentPath.ROOT;
      if (doc.root.isNull() || doc.root.isMissingNode()) {
        error(doc.valueAt(root), root, "the mapping file is empty: it needs at least 'version: 1'");
        return null;
      }
      ObjectNode top = object(doc.root, root);
      if (top == null) {
        return null;
      }
      resolvePlaceholders(top, root);
      keys(top, root, "version", "source", "idToken", "accessToken", "groups");
      JsonNode version = top.get("version");
      if (version == null) {
        error(doc.valueAt(root), root, "missing required key 'version' (the only version is 1)");
      } else if (!version.isIntegralNumber() || version.intValue() != 1) {
        error(doc.valueAt(root + ".version"), root + ".version", "unsupported version " + version + " (the only version is 1)");
      }
      Optional<SourcePlan> source = Optional.empty();
      SourceParts sourceParts = top.has("source") ? source(top.get("source"), root + ".source") : null;
      ObjectNode idNode = top.has("idToken") ? object(top.get("idToken"), root + ".idToken") : null;
      ObjectNode accessNode = top.has("accessToken") ? object(top.get("accessToken"), root + ".accessToken") : null;
      TokenPlan id = idNode == null ? TokenPlan.EMPTY : token(idNode, root + ".idToken", false);
      TokenPlan access = accessNode == null ? TokenPlan.EMPTY : token(accessNode, root + ".accessToken", true);
      ScopePlan scopes = accessNode != null && accessNode.has("scopes")
          ? scopes(accessNode.get("scopes"), root + ".accessToken.scopes") : ScopePlan.EMPTY;
      Optional<GroupPlan> groups = top.has("groups") ? groups(top.get("groups"), root + ".groups") : Optional.empty();

      Optional<Set<String>> attributes = itemAttributes();
      if (sourceParts != null) {
        if (attributes.isPresent() && attributes.get().isEmpty()) {
          // nothing is read from the item, only whether it exists: ask for the key alone
          attributes = Optional.of(sourceParts.key.keySet());
        }
        source = Optional.of(new SourcePlan(root + ".source", sourceParts.table, sourceParts.key,
            sourceParts.consistentRead, sourceParts.onMissing, sourceParts.onError, attributes));
      } else if (attributes.isEmpty() || !attributes.get().isEmpty()) {
        warning(doc.valueAt(root), root, "expressions read 'item' but there is no source: item is always null");
      }
      if (problems.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
        return null;
      }
      Policy onError = sourceParts == null ? Policy.DENY : sourceParts.onError;
      return new MappingPlan(source, id, access, scopes, groups, onError);
    }

    // ---- sections

    private final class SourceParts {
      String table = "";
      Map<String, Template> key = new LinkedHashMap<>();
      boolean consistentRead;
      Policy onMissing = Policy.DENY;
      Policy onError = Policy.DENY;
    }

    private SourceParts source(JsonNode node, String path) {
      SourceParts parts = new SourceParts();
      ObjectNode source = object(node, path);
      if (source == null) {
        return parts;
      }
      keys(source, path, "table", "key", "consistentRead", "onMissing", "onError");
      String tablePath = path + ".table";
      if (!source.has("table")) {
        error(doc.keyAt(path), path, "missing required key 'table'");
      } else {
        String table = string(source.get("table"), tablePath);
        if (table != null && table.isBlank()) {
          error(doc.valueAt(tablePath), tablePath, "the table name is empty");
        }
        parts.table = table == null ? "" : table;
      }
      String keyPath = path + ".key";
      if (!source.has("key")) {
        error(doc.keyAt(path), path, "missing required key 'key' (the item's key attributes and their templates)");
      } else {
        ObjectNode key = object(source.get("key"), keyPath);
        if (key != null) {
          if (key.size() == 0 || key.size() > 2) {
            error(doc.valueAt(keyPath), keyPath, "a key has one attribute (partition key) or two (and sort key), found " + key.size());
          }
          key.fields().forEachRemaining(entry -> {
            String attributePath = DocumentPath.child(keyPath, entry.getKey());
            String text = string(entry.getValue(), attributePath);
            if (text == null) {
              return;
            }
            Template template = template(text, attributePath);
            if (template != null) {
              for (Expression expression : template.expressions()) {
                Optional<Set<String>> reads = RootReferences.attributes(expression.text(), "item");
                if (reads.isEmpty() || !reads.get().isEmpty()) {
                  error(doc.textAt(attributePath), attributePath, "a key template can read the event only, not the item it looks up");
                }
              }
              parts.key.put(entry.getKey(), template);
            }
          });
        }
      }
      if (source.has("consistentRead")) {
        parts.consistentRead = bool(source.get("consistentRead"), path + ".consistentRead");
      }
      parts.onMissing = policy(source, "onMissing", path);
      parts.onError = policy(source, "onError", path);
      return parts;
    }

    private TokenPlan token(ObjectNode token, String path, boolean accessToken) {
      if (accessToken) {
        keys(token, path, "claims", "suppress", "scopes");
      } else {
        keys(token, path, "claims", "suppress");
      }
      List<ClaimRule> claims = new ArrayList<>();
      if (token.has("claims")) {
        String claimsPath = path + ".claims";
        ObjectNode claimNodes = object(token.get("claims"), claimsPath);
        if (claimNodes != null) {
          claimNodes.fields().forEachRemaining(entry -> {
            ClaimRule rule = claim(entry.getKey(), entry.getValue(), DocumentPath.child(claimsPath, entry.getKey()), accessToken);
            if (rule != null) {
              claims.add(rule);
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
          if (why.isPresent()) {
            error(doc.valueAt(entryPath), entryPath, why.get());
          } else if (suppress.contains(name)) {
            warning(doc.valueAt(entryPath), entryPath, "'" + name + "' is listed twice");
          } else if (claimNodesHas(token, name)) {
            error(doc.valueAt(entryPath), entryPath, "'" + name + "' is both added and suppressed in this token (Cognito would suppress it)");
          } else {
            suppress.add(name);
          }
        }
      }
      return new TokenPlan(claims, suppress);
    }

    private boolean claimNodesHas(ObjectNode token, String name) {
      return token.path("claims").isObject() && token.path("claims").has(name);
    }

    private ClaimRule claim(String name, JsonNode node, String path, boolean accessToken) {
      Optional<String> why = CognitoRules.whyNotAdded(name, accessToken);
      if (why.isPresent()) {
        error(doc.keyAt(path), path, why.get());
        return null;
      }
      boolean scalarOnly = !accessToken && CognitoRules.SCALAR_ONLY_IN_ID_TOKEN.contains(name);
      if (node.isTextual()) {
        Expression value = expression(node.textValue(), path);
        return value == null ? null : track(new ClaimRule(name, path, value, null, ValueType.ANY, null, false, scalarOnly));
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
        return constant == null ? null : new ClaimRule(name, path, null, constant, type, null, required, scalarOnly);
      }
      String text = string(claim.get("value"), path + ".value");
      Expression value = text == null ? null : expression(text, path + ".value");
      if (value == null || (claim.has("default") && defaultValue == null)) {
        return null;
      }
      return track(new ClaimRule(name, path, value, null, type, defaultValue, required, scalarOnly));
    }

    private ClaimRule track(ClaimRule rule) {
      readsItem.add(rule.value());
      return rule;
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
        error(doc.valueAt(path), path, e.getMessage() + " (the claim's type)");
        return null;
      }
      if (scalarOnly && converted.isContainerNode()) {
        error(doc.valueAt(path), path, "'" + claim + "' cannot take an " + JsonTypes.name(converted) + " value in the ID token");
        return null;
      }
      return converted;
    }

    private ScopePlan scopes(JsonNode node, String path) {
      ObjectNode scopes = object(node, path);
      if (scopes == null) {
        return ScopePlan.EMPTY;
      }
      keys(scopes, path, "add", "allow", "suppress");
      List<String> add = new ArrayList<>();
      Expression addFrom = null;
      String addPath = path + ".add";
      JsonNode addNode = scopes.get("add");
      if (addNode != null && addNode.isTextual()) {
        addFrom = expression(addNode.textValue(), addPath);
        if (addFrom != null) {
          readsItem.add(addFrom);
        }
        if (!scopes.has("allow")) {
          error(doc.valueAt(addPath), addPath, "scopes from data need 'allow': the patterns they must match (for example [\"orders-api/*\"])");
        }
      } else if (addNode != null) {
        add = scopeList(addNode, addPath);
      }
      List<ScopePattern> allow = new ArrayList<>();
      if (scopes.has("allow")) {
        for (String pattern : scopeList(scopes.get("allow"), path + ".allow")) {
          allow.add(ScopePattern.of(pattern));
        }
        if (addFrom == null) {
          warning(doc.keyAt(path + ".allow"), path + ".allow", "'allow' has no effect: 'add' takes no scopes from data");
        }
      }
      List<String> suppress = scopes.has("suppress") ? scopeList(scopes.get("suppress"), path + ".suppress") : List.of();
      for (int i = 0; i < suppress.size(); i++) {
        if (add.contains(suppress.get(i))) {
          String at = DocumentPath.index(path + ".suppress", i);
          error(doc.valueAt(at), at, "'" + suppress.get(i) + "' is both added and suppressed");
        }
      }
      return new ScopePlan(path, add, addFrom, allow, suppress);
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

    private Optional<GroupPlan> groups(JsonNode node, String path) {
      ObjectNode groups = object(node, path);
      if (groups == null) {
        return Optional.empty();
      }
      keys(groups, path, "groups", "iamRoles", "preferredRole");
      if (!groups.has("groups") && !groups.has("iamRoles") && !groups.has("preferredRole")) {
        error(doc.valueAt(path), path, "groups needs at least one of: groups, iamRoles, preferredRole "
            + "(to leave groups as Cognito has them, remove the section)");
        return Optional.empty();
      }
      return Optional.of(new GroupPlan(path,
          groupExpression(groups, "groups", path), groupExpression(groups, "iamRoles", path),
          groupExpression(groups, "preferredRole", path)));
    }

    private Expression groupExpression(ObjectNode groups, String key, String path) {
      if (!groups.has(key)) {
        return null;
      }
      String childPath = path + "." + key;
      String text = string(groups.get(key), childPath);
      Expression expression = text == null ? null : expression(text, childPath);
      if (expression != null) {
        readsItem.add(expression);
      }
      return expression;
    }

    private Optional<Set<String>> itemAttributes() {
      Set<String> names = new LinkedHashSet<>();
      for (Expression expression : readsItem) {
        Optional<Set<String>> reads = RootReferences.attributes(expression.text(), "item");
        if (reads.isEmpty()) {
          return Optional.empty();
        }
        names.addAll(reads.get());
      }
      return Optional.of(names);
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

    private Policy policy(ObjectNode parent, String key, String path) {
      if (!parent.has(key)) {
        return Policy.DENY;
      }
      String at = path + "." + key;
      String value = string(parent.get(key), at);
      for (Policy policy : Policy.values()) {
        if (policy.yamlName().equals(value)) {
          return policy;
        }
      }
      if (value != null) {
        error(doc.valueAt(at), at, "unknown policy '" + value + "' (expected one of: deny, continue)");
      }
      return Policy.DENY;
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
      try {
        return compiler.compile(text);
      } catch (ExpressionSyntaxException e) {
        error(doc.textAt(path).plusColumns(e.offset()), path, "invalid JMESPath expression: " + e.getMessage());
        return null;
      }
    }

    private Template template(String text, String path) {
      try {
        return Template.compile(text, compiler);
      } catch (ExpressionSyntaxException e) {
        error(doc.textAt(path).plusColumns(e.offset()), path, "invalid template: " + e.getMessage());
        return null;
      }
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
      return Placeholders.resolve(text, env, (offset, message) -> {
        error(doc.textAt(path).plusColumns(offset), path, message);
        unresolved.add(path);
      });
    }

    private void error(Location at, String path, String message) {
      if (unresolved.contains(path)) {
        return;
      }
      problems.add(new Diagnostic(doc.file, at.line(), at.column(), path, message, Diagnostic.Severity.ERROR));
    }

    private void warning(Location at, String path, String message) {
      problems.add(new Diagnostic(doc.file, at.line(), at.column(), path, message, Diagnostic.Severity.WARNING));
    }
  }
}
