package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cognito.ResponseView;
import io.github.claimsmapper.config.CheckedFile;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.Diagnostics;
import io.github.claimsmapper.config.Fields;
import io.github.claimsmapper.engine.JsonTypes;
import io.github.claimsmapper.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 *   scopesAbsent: [orders-api/admin]  # the access token does not carry these (requested or added)
 * groupsAbsent: [admins]              # neither token carries these in cognito:groups
 * rolesAbsent: [arn:aws:iam::123456789012:role/admin]   # nor these in cognito:roles
 * groups: [editors]                   # groupsToOverride equals this; null: no groupOverrideDetails;
 *                                     # or { groups: [...], iamRoles: [...], preferredRole: ... }
 * </pre>
 *
 * @param mapping the mapping named in the file, resolved against the case folder, or null
 * @param groups absent (null): groups not checked; JSON null: no override expected; else field ->
 *     expected value
 * @param groupsAsWritten the groups expectation as written, for messages
 */
record Expectation(
    Path mapping,
    boolean denied,
    TokenExpectation idToken,
    TokenExpectation accessToken,
    JsonNode groups,
    JsonNode groupsAsWritten,
    Absences absences) {
  static final List<String> FILES = List.of("expect.yaml", "expect.yml", "expect.json");
  private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Map<String, String> GROUP_FIELDS =
      Map.of(
          "groups",
          "groupsToOverride",
          "iamRoles",
          "iamRolesToOverride",
          "preferredRole",
          "preferredRole");

  record TokenExpectation(
      ObjectNode claims,
      List<String> absent,
      List<String> suppress,
      List<String> scopesToAdd,
      List<String> scopesToSuppress) {}

  /** Reads the expectation of the case in {@code dir}. */
  static Expectation read(Path dir) throws CommandFailure {
    List<Path> found = FILES.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
    if (found.isEmpty()) {
      throw CommandFailure.input(
          dir.resolve(FILES.get(0)) + ": missing: the case needs an expect.yaml (or expect.json)");
    }
    if (found.size() > 1) {
      throw CommandFailure.input(
          found.get(1) + ": give one expectation file, not " + found.get(0).getFileName() + " too");
    }
    try {
      CheckedFile file = CheckedFile.read(found.get(0), "expectation file");
      Expectation expectation = new Parser(file.fields()).expectation(file.root(), dir);
      file.fields().diagnostics().requireNoErrors();
      return expectation;
    } catch (ConfigException e) {
      throw CommandFailure.input(
          e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    }
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
      failures.add(
          "denied: expected the sign-in to be allowed, it was denied: " + outcome.explanation());
      return failures;
    }
    ResponseView view = ResponseView.of(outcome.response());
    if (idToken != null) {
      token(
          "idToken",
          idToken,
          view.idToken(),
          "client-credentials grants have no ID token",
          failures);
    }
    if (accessToken != null) {
      token(
          "accessToken",
          accessToken,
          view.accessToken(),
          "version 1 events have no access token",
          failures);
    }
    if (groups != null) {
      groups(view.groups(), failures);
    }
    absences.check(outcome.response(), failures);
    return failures;
  }

  private static void token(
      String name,
      TokenExpectation expected,
      ResponseView.Token actual,
      String why,
      List<String> failures) {
    if (actual == null) {
      failures.add(name + ": expected, but this event's response has none (" + why + ")");
      return;
    }
    for (Map.Entry<String, JsonNode> claim : expected.claims().properties()) {
      String path = name + ".claims" + member(claim.getKey());
      JsonNode got = actual.claims().get(claim.getKey());
      if (got == null) {
        failures.add(
            path
                + ": expected "
                + Json.compact(claim.getValue())
                + ", got nothing (the claim is not added)");
      } else if (!ResponseView.equal(claim.getValue(), got)) {
        failures.add(
            path + ": expected " + Json.compact(claim.getValue()) + ", got " + Json.compact(got));
      }
    }
    for (String claim : expected.absent()) {
      JsonNode got = actual.claims().get(claim);
      if (got != null) {
        failures.add(
            name + ".claims" + member(claim) + ": expected absent, got " + Json.compact(got));
      }
    }
    among(name + ".suppress", "claimsToSuppress", expected.suppress(), actual.suppress(), failures);
    among(
        name + ".scopesToAdd",
        "scopesToAdd",
        expected.scopesToAdd(),
        actual.scopesToAdd(),
        failures);
    among(
        name + ".scopesToSuppress",
        "scopesToSuppress",
        expected.scopesToSuppress(),
        actual.scopesToSuppress(),
        failures);
  }

  private static void among(
      String path,
      String field,
      List<String> expected,
      List<String> actual,
      List<String> failures) {
    for (String value : expected) {
      if (!actual.contains(value)) {
        failures.add(
            path
                + ": expected "
                + value
                + " among "
                + field
                + ", got "
                + Json.compact(array(actual)));
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
      failures.add(
          "groups: expected "
              + Json.compact(groupsAsWritten)
              + ", got no groupOverrideDetails (groups stay as Cognito has them)");
      return;
    }
    for (Map.Entry<String, JsonNode> field : groups.properties()) {
      JsonNode got = actual.path(GROUP_FIELDS.get(field.getKey()));
      if (got.isMissingNode() && field.getKey().equals("preferredRole")) {
        got = NullNode.getInstance(); // no preferred role is sent as no key
      }
      if (!ResponseView.equal(field.getValue(), got)) {
        String path = field.getKey().equals("groups") ? "groups" : "groups." + field.getKey();
        failures.add(
            path
                + ": expected "
                + Json.compact(field.getValue())
                + ", got "
                + (got.isMissingNode() ? "nothing" : Json.compact(got)));
      }
    }
  }

  private static String member(String name) {
    return SIMPLE_NAME.matcher(name).matches()
        ? "." + name
        : "[" + Json.compact(JsonNodeFactory.instance.textNode(name)) + "]";
  }

  private static ArrayNode array(List<String> values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    values.forEach(array::add);
    return array;
  }

  /** Reads the file's structure with the mapping file's readers: every problem located, at once. */
  private static final class Parser {
    private final Fields fields;
    private final Diagnostics diagnostics;

    Parser(Fields fields) {
      this.fields = fields;
      this.diagnostics = fields.diagnostics();
    }

    Expectation expectation(JsonNode root, Path dir) {
      ObjectNode top = root.isNull() ? JsonNodeFactory.instance.objectNode() : object(root, "$");
      fields.keys(
          top,
          "$",
          "description",
          "mapping",
          "denied",
          "idToken",
          "accessToken",
          "groups",
          "groupsAbsent",
          "rolesAbsent");
      Path mapping =
          Optional.ofNullable(top.get("mapping"))
              .flatMap(node -> fields.string(node, "$.mapping"))
              .map(name -> dir.resolve(name).normalize())
              .orElse(null);
      boolean denied =
          top.has("denied") && fields.bool(top.get("denied"), "$.denied").orElse(false);
      TokenExpectation id =
          top.has("idToken") ? token(top.get("idToken"), "$.idToken", false) : null;
      TokenExpectation access =
          top.has("accessToken") ? token(top.get("accessToken"), "$.accessToken", true) : null;
      JsonNode groups = top.has("groups") ? groups(top.get("groups")) : null;
      Absences absences =
          Absences.read(
              fields,
              top.get("accessToken") instanceof ObjectNode section ? section : null,
              top,
              access == null ? List.of() : access.scopesToAdd(),
              groups);
      if (denied && (id != null || access != null || groups != null || absences.any())) {
        diagnostics.error(
            "$.denied",
            "a denied sign-in has no tokens: with denied: true, leave out idToken, "
                + "accessToken, groups, groupsAbsent and rolesAbsent");
      }
      return new Expectation(mapping, denied, id, access, groups, top.get("groups"), absences);
    }

    /**
     * The object, or an empty one after the problem is recorded: what is inside is then unchecked.
     */
    private ObjectNode object(JsonNode node, String path) {
      return fields.object(node, path).orElseGet(JsonNodeFactory.instance::objectNode);
    }

    private List<String> strings(JsonNode node, String path) {
      return node == null
          ? List.of()
          : fields.strings(node, path).stream().map(Fields.Entry::value).toList();
    }

    private TokenExpectation token(JsonNode node, String path, boolean accessToken) {
      ObjectNode token = object(node, path);
      if (accessToken) {
        fields.keys(
            token,
            path,
            "claims",
            "absent",
            "suppress",
            "scopesToAdd",
            "scopesToSuppress",
            "scopesAbsent");
      } else {
        fields.keys(token, path, "claims", "absent", "suppress");
      }
      ObjectNode claims =
          token.has("claims")
              ? object(token.get("claims"), path + ".claims")
              : JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> claim : claims.properties()) {
        if (claim.getValue().isNull()) {
          diagnostics.error(
              path + ".claims" + member(claim.getKey()),
              "null is not a claim value: list a claim that "
                  + "must not be added under "
                  + path
                  + ".absent");
        }
      }
      return new TokenExpectation(
          claims,
          strings(token.get("absent"), path + ".absent"),
          strings(token.get("suppress"), path + ".suppress"),
          strings(token.get("scopesToAdd"), path + ".scopesToAdd"),
          strings(token.get("scopesToSuppress"), path + ".scopesToSuppress"));
    }

    private JsonNode groups(JsonNode node) {
      if (node.isNull()) {
        return node;
      }
      ObjectNode expected = JsonNodeFactory.instance.objectNode();
      if (node.isArray()) {
        expected.set("groups", array(strings(node, "$.groups")));
        return expected;
      }
      String forms =
          "expected a list of groups, null (no groupOverrideDetails), or an object with groups,"
              + " iamRoles, preferredRole";
      if (!node.isObject()) {
        diagnostics.error("$.groups", forms + ", found " + JsonTypes.name(node));
        return expected;
      }
      ObjectNode groups = (ObjectNode) node;
      fields.keys(groups, "$.groups", "groups", "iamRoles", "preferredRole");
      for (String key : List.of("groups", "iamRoles")) {
        if (groups.has(key)) {
          expected.set(key, array(strings(groups.get(key), "$.groups." + key)));
        }
      }
      if (groups.has("preferredRole")) {
        JsonNode role = groups.get("preferredRole");
        if (!role.isTextual() && !role.isNull()) {
          diagnostics.error(
              "$.groups.preferredRole", "expected a string or null, found " + JsonTypes.name(role));
        }
        expected.set("preferredRole", role);
      }
      if (groups.isEmpty()) {
        diagnostics.error("$.groups", forms);
      }
      return expected;
    }
  }
}
