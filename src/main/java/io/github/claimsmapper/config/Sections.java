package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.GroupPlan;
import io.github.claimsmapper.engine.ScopePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the sections that the top of a mapping and each rule have alike: tokens, scopes, groups.
 */
final class Sections extends SectionParser {
  private final TokenParser tokens;
  private final ScopeParser scopes;
  private final GroupParser groups;

  Sections(Fields fields, Expressions expressions) {
    super(fields, expressions);
    this.tokens = new TokenParser(fields, expressions);
    this.scopes = new ScopeParser(fields, expressions);
    this.groups = new GroupParser(fields, expressions);
  }

  /** What one place says of the tokens and groups, and every expression it compiled. */
  record Read(
      TokenParser.Section idToken,
      TokenParser.Section accessToken,
      ScopePlan scopes,
      Optional<GroupPlan> groups,
      List<Expression> reads) {}

  /**
   * @param baseGroups whether {@code parent} is a rule and the base has a {@code groups} section
   */
  Read read(ObjectNode parent, String path, boolean baseGroups) {
    Optional<ObjectNode> idNode = section(parent, "idToken", path);
    Optional<ObjectNode> accessNode = section(parent, "accessToken", path);
    TokenParser.Section id =
        idNode.isPresent()
            ? tokens.token(idNode.get(), path + ".idToken", false)
            : TokenParser.Section.EMPTY;
    TokenParser.Section access =
        accessNode.isPresent()
            ? tokens.token(accessNode.get(), path + ".accessToken", true)
            : TokenParser.Section.EMPTY;
    Parsed<ScopePlan> scopePlan =
        accessNode.isPresent()
            ? scopes.scopesOf(accessNode.get(), path + ".accessToken")
            : Parsed.of(ScopePlan.EMPTY, List.of());
    Parsed<GroupPlan> groupPlan =
        parent.has("groups")
            ? groups.groups(parent.get("groups"), path + ".groups", baseGroups)
            : Parsed.refused(List.of());
    List<Expression> reads = new ArrayList<>(id.reads());
    reads.addAll(access.reads());
    reads.addAll(scopePlan.reads());
    reads.addAll(groupPlan.reads());
    return new Read(id, access, scopePlan.value().orElseThrow(), groupPlan.value(), reads);
  }

  private Optional<ObjectNode> section(ObjectNode parent, String key, String path) {
    return parent.has(key) ? fields.object(parent.get(key), path + "." + key) : Optional.empty();
  }
}
