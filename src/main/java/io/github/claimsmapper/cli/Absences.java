package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.config.Diagnostics;
import io.github.claimsmapper.config.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test case expects the tokens NOT to carry ({@code accessToken.scopesAbsent}, {@code
 * groupsAbsent}, {@code rolesAbsent}), so that "a non-admin does not get api/admin" can be a case.
 * Each is checked against the tokens as Cognito would issue them ({@link TokenPreview}): a scope
 * the event requested counts as carried unless suppressed, a group from the event as carried unless
 * overridden, and each token on its own (a token that suppresses {@code cognito:groups} carries
 * none).
 *
 * @param scopes scopes the access token must not carry
 * @param groups groups neither token may carry in {@code cognito:groups}
 * @param roles IAM role ARNs the ID token must not carry in {@code cognito:roles}
 */
record Absences(List<String> scopes, List<String> groups, List<String> roles) {
  static final Absences NONE = new Absences(List.of(), List.of(), List.of());

  Absences {
    scopes = List.copyOf(scopes);
    groups = List.copyOf(groups);
    roles = List.copyOf(roles);
  }

  /**
   * Reads the lists; an entry also expected present is a located contradiction.
   *
   * @param accessToken the access token expectation, or null
   * @param top the expectation file's top level
   * @param expectedScopes the scopes expected among {@code scopesToAdd}
   * @param expectedGroups the groups expected in the override, or null
   */
  static Absences read(
      Fields fields,
      ObjectNode accessToken,
      ObjectNode top,
      List<String> expectedScopes,
      JsonNode expectedGroups) {
    List<String> scopes =
        list(fields, accessToken, "scopesAbsent", "$.accessToken", expectedScopes, "scopesToAdd");
    List<String> present = new ArrayList<>();
    if (expectedGroups != null && expectedGroups.path("groups").isArray()) {
      expectedGroups.get("groups").forEach(group -> present.add(group.asText()));
    }
    List<String> groups = list(fields, top, "groupsAbsent", "$", present, "groups");
    List<String> roles = list(fields, top, "rolesAbsent", "$", List.of(), "iamRoles");
    return new Absences(scopes, groups, roles);
  }

  private static List<String> list(
      Fields fields,
      ObjectNode section,
      String key,
      String path,
      List<String> present,
      String presentName) {
    List<String> values = new ArrayList<>();
    if (section == null || !section.has(key)) {
      return values;
    }
    Diagnostics diagnostics = fields.diagnostics();
    for (Fields.Entry entry : fields.strings(section.get(key), path + "." + key)) {
      if (present.contains(entry.value())) {
        diagnostics.error(
            entry.path(),
            "'" + entry.value() + "' is expected both absent and among " + presentName);
      }
      values.add(entry.value());
    }
    return values;
  }

  boolean any() {
    return !scopes.isEmpty() || !groups.isEmpty() || !roles.isEmpty();
  }

  /** Adds a line for each value a token carries though it is expected absent. */
  void check(JsonNode rendered, List<String> failures) {
    if (!any()) {
      return;
    }
    List<TokenPreview.Token> tokens = TokenPreview.of(rendered);
    for (TokenPreview.Token token : tokens) {
      List<String> carried = List.of(token.claims().path("scope").asText("").split(" "));
      report("accessToken.scopesAbsent", scopes, carried, token.name(), "scope", failures);
    }
    for (TokenPreview.Token token : tokens) {
      List<String> carried = texts(token.claims().path("cognito:groups"));
      report("groupsAbsent", groups, carried, token.name(), "cognito:groups", failures);
    }
    for (TokenPreview.Token token : tokens) {
      List<String> carried = texts(token.claims().path("cognito:roles"));
      report("rolesAbsent", roles, carried, token.name(), "cognito:roles", failures);
    }
  }

  private static void report(
      String path,
      List<String> absent,
      List<String> carried,
      String token,
      String claim,
      List<String> failures) {
    for (String value : absent) {
      if (carried.contains(value)) {
        failures.add(
            path + ": expected " + value + " absent, but the " + token + " carries it in " + claim);
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(value -> out.add(value.asText()));
    return out;
  }
}
