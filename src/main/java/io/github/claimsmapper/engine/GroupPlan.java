package io.github.claimsmapper.engine;

/**
 * How the groups are overridden. Present only when the mapping has a {@code groups} section:
 * Cognito then replaces all groups, roles and the preferred role with what the response says, so
 * whatever the section does not set (or sets to null) is kept from the event.
 *
 * <p>The groups are computed as: the starting list ({@code groups}, or the event's), plus
 * {@code add}, then only those matching {@code keep}, then without those matching
 * {@code remove}.
 *
 * @param path where {@code groups} stands in the file, for logs
 * @param groups the starting list, or null for the event's groups
 * @param add groups to add, or null
 * @param keep the filter groups must match to stay, or null
 * @param remove the filter of groups to drop, or null
 * @param iamRoles the IAM role ARNs, or null for the event's
 * @param preferredRole the preferred role, or null for the event's
 */
public record GroupPlan(
    String path,
    Expression groups,
    Expression add,
    GroupMatch keep,
    GroupMatch remove,
    Expression iamRoles,
    Expression preferredRole) {

  /** This plan with every part that a rule's plan sets taken from the rule. */
  public GroupPlan overriddenBy(GroupPlan rule) {
    return new GroupPlan(rule.path,
        rule.groups != null ? rule.groups : groups,
        rule.add != null ? rule.add : add,
        rule.keep != null ? rule.keep : keep,
        rule.remove != null ? rule.remove : remove,
        rule.iamRoles != null ? rule.iamRoles : iamRoles,
        rule.preferredRole != null ? rule.preferredRole : preferredRole);
  }
}
