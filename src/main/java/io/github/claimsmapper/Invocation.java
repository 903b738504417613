package io.github.claimsmapper;

import io.github.claimsmapper.engine.DenialReason;
import java.util.List;

/**
 * What one invocation did, for the one structured log line the function writes per sign-in. Holds
 * names and counts, never values: no user attributes, key values or item data.
 *
 * @param reference the correlation id (the Lambda request id)
 * @param triggerSource the event's trigger source, or null
 * @param clientId the app client id, or null
 * @param version the event version as answered (1, 2 or 3)
 * @param outcome whether the sign-in was allowed or denied
 * @param idTokenClaims the names of the claims added to the ID token
 * @param accessTokenClaims the names of the claims added to the access token
 * @param scopesAdded how many scopes were added
 * @param groupsOverridden whether groupOverrideDetails was sent
 * @param lookups how many items were read from the store
 * @param lookupMillis how long the lookups took
 * @param cache what the sources' caches did, the most telling outcome of them
 * @param lookupErrors how many reads failed (unreachable, throttled, timed out), whatever the
 *     source's onError made of it
 * @param claimBytes the bytes the added claims of both tokens take as compact JSON
 * @param reason why the sign-in was denied, or null when it was allowed
 * @param sub the user's {@code sub} (Cognito's pseudonymous user id), or null when the event has
 *     none (client credentials, an unreadable event); whether it is logged is the log's setting
 * @param mappingVersion the fingerprint of the mapping text that answered ({@link
 *     io.github.claimsmapper.engine.MappingPlan#fingerprint()})
 */
public record Invocation(
    String reference,
    String triggerSource,
    String clientId,
    String version,
    Outcome outcome,
    List<String> idTokenClaims,
    List<String> accessTokenClaims,
    int scopesAdded,
    boolean groupsOverridden,
    int lookups,
    long lookupMillis,
    CacheOutcome cache,
    int lookupErrors,
    int claimBytes,
    DenialReason reason,
    String sub,
    String mappingVersion) {

  /** What Cognito was told: the response, or the neutral denial. */
  public enum Outcome implements SummaryWord {
    ALLOWED,
    DENIED
  }

  public Invocation {
    idTokenClaims = List.copyOf(idTokenClaims);
    accessTokenClaims = List.copyOf(accessTokenClaims);
  }
}
