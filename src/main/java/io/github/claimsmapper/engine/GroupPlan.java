package io.github.claimsmapper.engine;

/**
 * How the groups are overridden. Present only when the mapping has a {@code groups} section:
 * Cognito replaces all groups, roles and the preferred role with what the response says, so an
 * expression that yields null (or an absent expression) keeps what the event carries.
 *
 * @param path where {@code groups} stands in the file, for logs
 * @param groups the groups expression, or null
 * @param iamRoles the IAM role ARNs expression, or null
 * @param preferredRole the preferred role expression, or null
 */
public record GroupPlan(String path, Expression groups, Expression iamRoles, Expression preferredRole) {}
