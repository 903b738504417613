package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Constant;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.GroupMatch;
import io.github.claimsmapper.engine.GroupPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code groups} section. Groups and IAM roles grant authority, so taking them from data
 * without a filter is called out (once, where the base section sets them).
 */
final class GroupParser extends SectionParser {
  GroupParser(Fields fields, Expressions expressions) {
    super(fields, expressions);
  }

  /**
   * @param baseHasGroups whether this is a rule's section over a base one (whose filters it keeps
   *     where it sets none)
   */
  Parsed<GroupPlan> groups(JsonNode node, String path, boolean baseHasGroups) {
    Optional<ObjectNode> found = fields.object(node, path);
    if (found.isEmpty()) {
      return Parsed.refused(List.of());
    }
    ObjectNode groups = found.get();
    fields.keys(
        groups, path, "groups", "add", "keep", "remove", "iamRoles", "keepRoles", "preferredRole");
    if (groups.size() == 0) {
      diagnostics.error(
          path,
          "groups needs at least one of: groups, add, keep, remove, iamRoles, keepRoles, "
              + "preferredRole (to leave groups as Cognito has them, remove the section)");
      return Parsed.refused(List.of());
    }
    List<Expression> reads = new ArrayList<>();
    Expression start = expression(groups, "groups", path, reads);
    Expression add = null;
    if (groups.has("add")) {
      JsonNode addNode = groups.get("add");
      if (addNode.isArray()) {
        List<Fields.Entry> names = fields.strings(addNode, path + ".add");
        add = new Constant(addNode);
        for (Fields.Entry name : names) {
          if (name.value().isEmpty()) {
            diagnostics.error(path + ".add", "a group name cannot be empty");
            break;
          }
        }
      } else {
        add = expression(groups, "add", path, reads);
      }
    }
    GroupMatch keep = match(groups, "keep", path);
    GroupMatch remove = match(groups, "remove", path);
    boolean fromData = start != null || (add != null && !(add instanceof Constant));
    if (fromData && keep == null && !baseHasGroups) {
      diagnostics.warningAtKey(
          path,
          "groups come from data without 'keep': every group the data holds reaches the "
              + "tokens");
    }
    Expression roles = expression(groups, "iamRoles", path, reads);
    GroupMatch keepRoles = match(groups, "keepRoles", path);
    if (roles != null && keepRoles == null && !baseHasGroups) {
      diagnostics.warningAtKey(
          path + ".iamRoles",
          "IAM roles come from data without 'keepRoles': every role ARN the data holds reaches the"
              + " tokens");
    }
    Expression preferredRole = expression(groups, "preferredRole", path, reads);
    return Parsed.of(
        new GroupPlan(
            GroupPlan.Paths.of(path), start, add, keep, remove, roles, keepRoles, preferredRole),
        reads);
  }

  /**
   * The filter under {@code key}, or null (a part not set: the engine's plan takes null for it).
   */
  private GroupMatch match(ObjectNode groups, String key, String parent) {
    if (!groups.has(key)) {
      return null;
    }
    String path = parent + "." + key;
    Optional<ObjectNode> found = fields.object(groups.get(key), path);
    if (found.isEmpty()) {
      return null;
    }
    ObjectNode match = found.get();
    fields.keys(match, path, "prefix", "exact", "regex");
    if (match.size() == 0) {
      diagnostics.error(path, "a filter needs at least one of: prefix, exact, regex");
      return null;
    }
    List<String> prefixes =
        match.has("prefix") ? fields.oneOrMany(match.get("prefix"), path + ".prefix") : List.of();
    List<String> exact =
        match.has("exact") ? fields.oneOrMany(match.get("exact"), path + ".exact") : List.of();
    Optional<String> text =
        match.has("regex") ? fields.string(match.get("regex"), path + ".regex") : Optional.empty();
    com.google.re2j.Pattern regex =
        text.isPresent() ? regex(text.get(), path + ".regex").orElse(null) : null;
    return new GroupMatch(prefixes, new LinkedHashSet<>(exact), regex);
  }

  /**
   * The pattern; an environment value in it matches itself (a deployer's prefix with a dot is no
   * wildcard).
   */
  private Optional<com.google.re2j.Pattern> regex(String text, String path) {
    Optional<ResolvedText> code =
        expressions.substitutions().code(text, path, Placeholders.Use.REGEX);
    if (code.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(com.google.re2j.Pattern.compile(code.get().text()));
    } catch (com.google.re2j.PatternSyntaxException e) {
      // RE2/J gives no offset, but quotes the part it stopped at
      int at =
          Math.max(
              0,
              code.get().text().lastIndexOf(e.getMessage().replaceFirst("(?s)^.*: `(.*)`$", "$1")));
      diagnostics.errorInText(
          path,
          code.get().writtenOffset(at),
          "invalid regular expression: "
              + e.getDescription()
              + " (RE2 syntax: no backreferences or lookaround)");
      return Optional.empty();
    }
  }

  /** The expression under {@code key}, or null when it is not set or not valid (reported). */
  private Expression expression(
      ObjectNode groups, String key, String parent, List<Expression> reads) {
    if (!groups.has(key)) {
      return null;
    }
    String path = parent + "." + key;
    Optional<String> text = fields.string(groups.get(key), path);
    Optional<Expression> expression =
        text.isPresent() ? expressions.expression(text.get(), path) : Optional.empty();
    if (expression.isEmpty()) {
      return null;
    }
    reads.add(expression.get());
    return expression.get();
  }
}
