package io.github.claimsmapper.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A conditional overlay: when {@code when} holds, its claims win over the base's and earlier rules'
 * claim by claim, its suppressions and scopes add up, its group settings replace the base's part by
 * part, and its source settings change the lookups.
 *
 * @param path where the rule stands in the file, for logs
 * @param when the condition over the envelope
 * @param idToken ID token claims and suppressions
 * @param accessToken access token claims and suppressions
 * @param scopes scopes to add and suppress, added to the base's
 * @param groups group settings, or empty
 * @param sources complete source plans (the base merged with this rule's changes) by name
 */
public record RulePlan(
    String path,
    Condition when,
    TokenPlan idToken,
    TokenPlan accessToken,
    ScopePlan scopes,
    Optional<GroupPlan> groups,
    Map<String, SourcePlan> sources) {

  public RulePlan {
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }
}
