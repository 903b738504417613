package io.github.claimsmapper.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads parts of a version 2 or 3 response back, for assertions. */
public final class Responses {
  private Responses() {}

  /**
   * The claims added to one token ({@code idTokenGeneration} or {@code accessTokenGeneration}); a
   * missing node when there are none.
   */
  public static JsonNode claims(JsonNode response, String token) {
    return response.at(
        "/response/claimsAndScopeOverrideDetails/" + token + "/claimsToAddOrOverride");
  }

  /** The claims added to the ID token. */
  public static JsonNode idClaims(JsonNode response) {
    return claims(response, "idTokenGeneration");
  }
}
