package io.github.claimsmapper.cli;

import io.github.claimsmapper.ResponseView;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.config.TextFile;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * What a user's test case expects ({@code expect.yaml} or {@code expect.json}), partially:
 *
 * <pre>
 * mapping: ../../config/claims.yaml   # optional: the mapping, relative to the case folder
 * denied: false                       # optional, default false
 * idToken:
 *   claims: { first_name: Jane }      # present with these values (others allowed)
 *   absent: [tenant_id]               # not added
 *   suppress: [phone_number]          # among claimsToSuppress
 * accessToken:                        # the same, plus:
 *   scopesToAdd: [orders-api/read]    # among scopesToAdd
 *   scopesToSuppress: [aws.cognito.signin.user.admin]
 * groups: [editors]                   # groupsToOverride equals this; null: no groupOverrideDetails;
 *                                     # or { groups: [...], iamRoles: [...], preferredRole: ... }
 * </pre>
 */
final class Expectation {
  static final List<String> FILES = List.of("expect.yaml", "expect.yml", "expect.json");
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .nodeFactory(Json.MAPPER.getNodeFactory())
      .build();
  private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Map<String, String> GROUP_FIELDS = Map.of(
      "groups", "groupsToOverride", "iamRoles", "iamRolesToOverride", "preferredRole", "preferredRole");

  private final Path mapping;
  private final boolean denied;
  private final TokenExpectation idToken;
  private final TokenExpectation accessToken;
  /** Absent: groups not checked; JSON null: no override expected; else field -> expected value. */
  private final JsonNode groups;
  /** The groups expectation as written, for messages. */
  private final JsonNode groupsAsWritten;

  private record TokenExpectation(ObjectNode claims, List<String> absent, List<String> suppress,
      List<String> scopesToAdd, List<String> scopesToSuppress) {}

  private Expectation(Path mapping, boolean denied, TokenExpectation idToken, TokenExpectation accessToken,
      JsonNode groups, JsonNode groupsAsWritten) {
    this.mapping = mapping;
    this.denied = denied;
    this.idToken = idToken;
    this.accessToken = accessToken;
    this.groups = groups;
    this.groupsAsWritten = groupsAsWritten;
  }

  /** Reads the expectation of the case in {@code dir}. */
  static Expectation read(Path dir) throws CommandFailure {
    List<Path> found = FILES.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
    if (found.isEmpty()) {
      throw CommandFailure.input(dir.resolve(FILES.get(0)) + ": missing: the case needs an expect.yaml (or expect.json)");
    }
    if (found.size() > 1) {
      throw CommandFailure.input(found.get(1) + ": give one expectation file, not " + found.get(0).getFileName() + " too");
    }
    Path path = found.get(0);
    JsonNode root;
    try {
      String text = TextFile.read(path, MappingLoader.MAX_FILE_BYTES);
      String refused = aliasOrMergeKey(text);
      if (refused != null) {
        throw CommandFailure.input(path + refused);
      }
      root = YAML.readTree(text);
    } catch (TextFile.TooLarge e) {
      throw CommandFailure.input(path + ": the expectation file is larger than " + TextFile.describe(e.maxBytes()) + ": not read");
    } catch (JsonProcessingException e) {
      throw CommandFailure.input(path + yamlProblem(e));
    } catch (IOException e) {
      throw CommandFailure.input(path + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
    Parser parser = new Parser(path.toString());
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    ObjectNode top = parser.object(root, "");
    parser.keys(top, "", "description", "mapping", "denied", "idToken", "accessToken", "groups");
    Path mapping = top.has("mapping") ? dir.resolve(parser.string(top.get("mapping"), "mapping")).normalize() : null;
    boolean denied = top.has("denied") && parser.bool(top.get("denied"), "denied");
    TokenExpectation id = top.has("idToken") ? parser.token(top.get("idToken"), "idToken", false) : null;
    TokenExpectation access = top.has("accessToken") ? parser.token(top.get("accessToken"), "accessToken", true) : null;
    JsonNode groups = top.has("groups") ? parser.groups(top.get("groups")) : null;
    if (denied && (id != null || access != null || groups != null)) {
      parser.problem("denied", "a denied sign-in has no tokens: with denied: true, leave out idToken, accessToken and groups");
    }
    if (!parser.problems.isEmpty()) {
      throw CommandFailure.input(String.join("\n", parser.problems));
    }
    return new Expectation(mapping, denied, id, access, groups, top.get("groups"));
  }

  /** {@code :line:column: not valid YAML: problem}, as the YAML parser says it. */
  /**
   * Where the first alias or merge key stands, as {@code :line:column: message}, or null. The
   * parser reads an alias as the text of its name and a merge key as a key named {@code <<}, so
   * an expectation using them would check something else than it says; refused as in mappings.
   */
  private static String aliasOrMergeKey(String text) throws IOException {
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        JsonLocation at = parser.currentTokenLocation();
        String where = ":" + at.getLineNr() + ":" + at.getColumnNr() + ": ";
        if (parser.isCurrentAlias()) {
          return where + "YAML aliases (*" + parser.getText() + ") are not supported: write the value out here";
        }
        if (token == JsonToken.FIELD_NAME && "<<".equals(parser.currentName())) {
          return where + "YAML merge keys (<<) are not supported: write the keys out here";
        }
      }
    }
    return null;
  }

  private static String yamlProblem(JsonProcessingException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        return ":" + (marked.getProblemMark().getLine() + 1) + ":" + (marked.getProblemMark().getColumn() + 1)
            + ": not valid YAML: " + (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
      }
    }
    String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
    return at + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("");
  }

  /** The mapping named in the file, resolved against the case folder, or null. */
  Path mapping() {
    return mapping;
  }

  /** What the outcome does not fulfil, one line each; empty when it passes. */
  List<String> check(Outcome outcome) {
    List<String> failures = new ArrayList<>();
    if (denied) {
      if (!outcome.denied()) {
        failures.add("denied: expected the sign-in to be denied, it was allowed");
      }
      return failures;
    }
    if (outcome.denied()) {
      failures.add("denied: expected the sign-in to be allowed, it was denied: " + outcome.explanation());
      return failures;
    }
    ResponseView view = ResponseView.of(outcome.response());
    if (idToken != null) {
      token("idToken", idToken, view.idToken(), "client-credentials grants have no ID token", failures);
    }
    if (accessToken != null) {
      token("accessToken", accessToken, view.accessToken(), "version 1 events have no access token", failures);
    }
    if (groups != null) {
      groups(view.groups(), failures);
    }
    return failures;
  }

  private static void token(String name, TokenExpectation expected, ResponseView.Token actual, String why,
      List<String> failures) {
    if (actual == null) {
      failures.add(name + ": expected, but this event's response has none (" + why + ")");
      return;
    }
    for (Map.Entry<String, JsonNode> claim : expected.claims().properties()) {
      String path = name + ".claims" + member(claim.getKey());
      JsonNode got = actual.claims().get(claim.getKey());
      if (got == null) {
        failures.add(path + ": expected " + Json.compact(claim.getValue()) + ", got nothing (the claim is not added)");
      } else if (!ResponseView.equal(claim.getValue(), got)) {
        failures.add(path + ": expected " + Json.compact(claim.getValue()) + ", got " + Json.compact(got));
      }
    }
    for (String claim : expected.absent()) {
      JsonNode got = actual.claims().get(claim);
      if (got != null) {
        failures.add(name + ".claims" + member(claim) + ": expected absent, got " + Json.compact(got));
      }
    }
    among(name + ".suppress", "claimsToSuppress", expected.suppress(), actual.suppress(), failures);
    among(name + ".scopesToAdd", "scopesToAdd", expected.scopesToAdd(), actual.scopesToAdd(), failures);
    among(name + ".scopesToSuppress", "scopesToSuppress", expected.scopesToSuppress(), actual.scopesToSuppress(), failures);
  }

  private static void among(String path, String field, List<String> expected, List<String> actual, List<String> failures) {
    for (String value : expected) {
      if (!actual.contains(value)) {
        failures.add(path + ": expected " + value + " among " + field + ", got " + Json.compact(array(actual)));
      }
    }
  }

  private void groups(ObjectNode actual, List<String> failures) {
    if (groups.isNull()) {
      if (actual != null) {
        failures.add("groups: expected no groupOverrideDetails, got " + Json.compact(actual));
      }
      return;
    }
    if (actual == null) {
      failures.add("groups: expected " + Json.compact(groupsAsWritten) + ", got no groupOverrideDetails (groups stay as Cognito has them)");
      return;
    }
    for (Map.Entry<String, JsonNode> field : groups.properties()) {
      JsonNode got = actual.path(GROUP_FIELDS.get(field.getKey()));
      if (!ResponseView.equal(field.getValue(), got)) {
        String path = field.getKey().equals("groups") ? "groups" : "groups." + field.getKey();
        failures.add(path + ": expected " + Json.compact(field.getValue()) + ", got " + (got.isMissingNode() ? "nothing" : Json.compact(got)));
      }
    }
  }

  private static String member(String name) {
    return SIMPLE_NAME.matcher(name).matches() ? "." + name : "[" + Json.compact(JsonNodeFactory.instance.textNode(name)) + "]";
  }

  private static ArrayNode array(List<String> values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    values.forEach(array::add);
    return array;
  }

  /** Reads the file's structure, collecting every problem as {@code file: path: message}. */
  private static final class Parser {
    final String file;
    final List<String> problems = new ArrayList<>();

    Parser(String file) {
      this.file = file;
    }

    void problem(String path, String message) {
      problems.add(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    ObjectNode object(JsonNode node, String path) {
      if (node.isObject()) {
        return (ObjectNode) node;
      }
      problem(path, "expected a map (key: value lines), found " + kind(node));
      return JsonNodeFactory.instance.objectNode();
    }

    void keys(ObjectNode node, String path, String... allowed) {
      List<String> known = List.of(allowed);
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          problem(path.isEmpty() ? name : path + "." + name, "unknown key '" + name + "' (expected one of: " + String.join(", ", known) + ")");
        }
      }
    }

    String string(JsonNode node, String path) {
      if (node.isTextual()) {
        return node.textValue();
      }
      problem(path, "expected a string, found " + kind(node));
      return "";
    }

    boolean bool(JsonNode node, String path) {
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      problem(path, "expected true or false, found " + kind(node));
      return false;
    }

    List<String> strings(JsonNode node, String path) {
      List<String> out = new ArrayList<>();
      if (node == null) {
        return out;
      }
      if (!node.isArray()) {
        problem(path, "expected a list of strings, found " + kind(node));
        return out;
      }
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i).isTextual()) {
          out.add(node.get(i).textValue());
        } else {
          problem(path + "[" + i + "]", "expected a string, found " + kind(node.get(i)));
        }
      }
      return out;
    }

    TokenExpectation token(JsonNode node, String path, boolean accessToken) {
      ObjectNode token = object(node, path);
      if (accessToken) {
        keys(token, path, "claims", "absent", "suppress", "scopesToAdd", "scopesToSuppress");
      } else {
        keys(token, path, "claims", "absent", "suppress");
      }
      ObjectNode claims = token.has("claims") ? object(token.get("claims"), path + ".claims") : JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> claim : claims.properties()) {
        if (claim.getValue().isNull()) {
          problem(path + ".claims" + member(claim.getKey()), "null is not a claim value: list a claim that must not be added under " + path + ".absent");
        }
      }
      return new TokenExpectation(claims, strings(token.get("absent"), path + ".absent"),
          strings(token.get("suppress"), path + ".suppress"), strings(token.get("scopesToAdd"), path + ".scopesToAdd"),
          strings(token.get("scopesToSuppress"), path + ".scopesToSuppress"));
    }

    JsonNode groups(JsonNode node) {
      if (node.isNull()) {
        return node;
      }
      ObjectNode expected = JsonNodeFactory.instance.objectNode();
      if (node.isArray()) {
        expected.set("groups", array(strings(node, "groups")));
        return expected;
      }
      ObjectNode groups = object(node, "groups");
      keys(groups, "groups", "groups", "iamRoles", "preferredRole");
      for (String key : List.of("groups", "iamRoles")) {
        if (groups.has(key)) {
          expected.set(key, array(strings(groups.get(key), "groups." + key)));
        }
      }
      if (groups.has("preferredRole")) {
        JsonNode role = groups.get("preferredRole");
        if (!role.isTextual() && !role.isNull()) {
          problem("groups.preferredRole", "expected a string or null, found " + kind(role));
        }
        expected.set("preferredRole", role);
      }
      if (groups.isEmpty()) {
        problem("groups", "expected a list of groups, null (no groupOverrideDetails), or a map with groups, iamRoles, preferredRole");
      }
      return expected;
    }

    static String kind(JsonNode node) {
      if (node.isObject()) {
        return "a map";
      }
      if (node.isArray()) {
        return "a list";
      }
      if (node.isNull()) {
        return "nothing (null)";
      }
      return node.isTextual() ? "a string" : node.isBoolean() ? "a boolean" : node.isNumber() ? "a number" : node.getNodeType().name();
    }
  }
}
