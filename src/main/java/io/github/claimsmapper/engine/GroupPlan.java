package io.github.claimsmapper.engine;

import java.util.regex.Pattern;

/**
 * How the groups are overridden. Present only when the mapping has a {@code groups} section:
 * Cognito then replaces all groups, roles and the preferred role with what the response says, so
 * whatever the section does not set (or sets to null) is kept from the event.
 *
 * <p>The groups are computed as: the starting list ({@code groups}, or the event's), plus {@code
 * add}, then only those matching {@code keep}, then without those matching {@code remove}. The
 * roles are the role list ({@code iamRoles}, or the event's), only those that are IAM role ARNs
 * ({@link #ROLE_ARN}) and match {@code keepRoles}; the preferred role is kept only when it is among
 * them. A part that fails to evaluate contributes nothing (or denies, as {@code onError} says): the
 * filters apply whatever failed, so a failure never widens.
 *
 * @param paths where the section and its parts stand in the file, for logs, explanations and
 *     denials
 * @param groups the starting list, or null for the event's groups
 * @param add groups to add, or null
 * @param keep the filter groups must match to stay, or null
 * @param remove the filter of groups to drop, or null
 * @param iamRoles the IAM role ARNs, or null for the event's
 * @param keepRoles the filter role ARNs must match to stay, or null
 * @param preferredRole the preferred role, or null for the event's
 */
public record GroupPlan(
    Paths paths,
    Expression groups,
    Expression add,
    GroupMatch keep,
    GroupMatch remove,
    Expression iamRoles,
    GroupMatch keepRoles,
    Expression preferredRole) {

  /**
   * An IAM role ARN: partition {@code aws} or {@code aws-*}, a 12-digit account, {@code role/},
   * then a path and name in IAM's characters (letters, digits, {@code +=,.@_-}, and {@code /}
   * between path parts). No spaces or control characters, so no line breaks smuggled into logs.
   */
  public static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,576}");

  /**
   * Where the section and the parts that can fail stand in the file, built once when the mapping
   * loads, so that evaluating builds no path.
   *
   * @param section the {@code groups} section itself
   * @param groups its {@code groups}
   * @param add its {@code add}
   * @param iamRoles its {@code iamRoles}
   * @param preferredRole its {@code preferredRole}
   */
  public record Paths(
      String section, String groups, String add, String iamRoles, String preferredRole) {

    /** The paths of the section at {@code section}. */
    public static Paths of(String section) {
      return new Paths(
          section,
          section + ".groups",
          section + ".add",
          section + ".iamRoles",
          section + ".preferredRole");
    }
  }

  /**
   * This plan with every part that a rule's plan sets taken from the rule. Every part reports at
   * the rule's paths, also the parts kept from this plan: the override is the rule's.
   */
  public GroupPlan overriddenBy(GroupPlan rule) {
    return new GroupPlan(
        rule.paths,
        rule.groups != null ? rule.groups : groups,
        rule.add != null ? rule.add : add,
        rule.keep != null ? rule.keep : keep,
        rule.remove != null ? rule.remove : remove,
        rule.iamRoles != null ? rule.iamRoles : iamRoles,
        rule.keepRoles != null ? rule.keepRoles : keepRoles,
        rule.preferredRole != null ? rule.preferredRole : preferredRole);
  }
}
