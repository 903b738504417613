package io.github.claimsmapper.engine;

import java.util.OptionalInt;

/**
 * Upper bounds on what a token gains, so tokens never silently outgrow cookies (about 4 KB) and
 * headers (CloudFront: 8 KB for all request headers).
 *
 * @param idTokenClaimBytes the most bytes the ID token's added claims may take as compact JSON
 * @param accessTokenClaimBytes the same for the access token
 * @param idTokenPath where the ID token's limit stands in the mapping file, for errors
 * @param accessTokenPath where the access token's limit stands, for errors
 */
public record Limits(
    OptionalInt idTokenClaimBytes,
    OptionalInt accessTokenClaimBytes,
    String idTokenPath,
    String accessTokenPath) {
  public static final Limits NONE = new Limits(OptionalInt.empty(), OptionalInt.empty(), "", "");

  public Limits {
    java.util.Objects.requireNonNull(idTokenPath, "idTokenPath");
    java.util.Objects.requireNonNull(accessTokenPath, "accessTokenPath");
  }
}
