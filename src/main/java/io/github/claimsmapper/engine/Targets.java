package io.github.claimsmapper.engine;

/**
 * Which parts of a plan apply to an event: a version 1 event has no access token to customize,
 * a client-credentials grant has no ID token and no groups.
 */
public record Targets(boolean idToken, boolean accessToken, boolean groups) {
  public static final Targets ALL = new Targets(true, true, true);
}
