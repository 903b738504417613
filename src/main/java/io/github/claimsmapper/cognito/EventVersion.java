package io.github.claimsmapper.cognito;

/** The trigger event version, chosen by the user pool's {@code LambdaVersion}. */
public enum EventVersion {
  /** ID token only, string claims, {@code claimsOverrideDetails}. */
  V1,
  /** ID and access tokens, typed claims and scopes, {@code claimsAndScopeOverrideDetails}. */
  V2,
  /** As V2, plus access tokens of client-credentials (machine) grants. */
  V3;

  /**
   * Reads the {@code version} field. Everything but "2" and "3" is V1: Cognito's own V1 events say
   * "1", the cognito-local emulator says "0", the console's test event says nothing.
   */
  public static EventVersion of(String version) {
    if ("2".equals(version)) {
      return V2;
    }
    if ("3".equals(version)) {
      return V3;
    }
    return V1;
  }
}
