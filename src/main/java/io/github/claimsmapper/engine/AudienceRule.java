package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Cognito's one rule for the {@code aud} claim: an access token may carry it only when it equals
 * the app client id of the sign-in. The loader lets such a claim through ({@link #applies}); every
 * evaluation checks its value ({@link #check}).
 */
public final class AudienceRule {
  /** The claim the rule is about. */
  public static final String CLAIM = "aud";

  private AudienceRule() {}

  /** Whether {@code claim} in this token is the audience claim, allowed with a checked value. */
  public static boolean applies(String claim, boolean accessToken) {
    return accessToken && CLAIM.equals(claim);
  }

  /**
   * @param clientId the sign-in's app client id, or null when the event has none
   * @throws EvaluationException when {@code value} is not exactly that id
   */
  static void check(JsonNode value, String clientId) {
    if (clientId == null
        || clientId.isEmpty()
        || !value.isTextual()
        || !clientId.equals(value.textValue())) {
      throw new EvaluationException("an access token 'aud' claim must equal the app client id");
    }
  }
}
