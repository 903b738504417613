package io.github.claimsmapper.engine;

import java.util.Objects;

/**
 * What a plan needs of the event besides what its expressions read, handed in by the code that
 * knows Cognito's wire format, so the engine never reads that format itself.
 *
 * @param targets which parts of the plan apply to the event
 * @param clientId the app client id, which an access token's {@code aud} claim must equal; null
 *     when the event has none
 * @param currentGroups the groups, roles and preferred role Cognito sent, which a group override
 *     keeps where the mapping sets no value (non-string entries already left out)
 */
public record EventFacts(Targets targets, String clientId, Overrides.Groups currentGroups) {
  public EventFacts {
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(currentGroups, "currentGroups");
  }
}
