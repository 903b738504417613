package io.github.claimsmapper.engine;

/**
 * Which parts of a plan apply to an event: a version 1 event has no access token to customize and
 * takes string claims only, a client-credentials grant has no ID token and no groups.
 *
 * @param idToken whether the ID token is customized
 * @param accessToken whether the access token (claims and scopes) is customized
 * @param groups whether groups may be overridden
 * @param stringClaims whether claim values travel as strings (version 1), which is what limits
 *     measure
 */
public record Targets(boolean idToken, boolean accessToken, boolean groups, boolean stringClaims) {
  public static final Targets ALL = new Targets(true, true, true, false);
}
