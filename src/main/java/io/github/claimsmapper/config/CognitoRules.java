package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.ScopePattern;
import java.util.Optional;
import java.util.Set;

/**
 * What Cognito lets a pre token generation trigger do with claims. What Cognito does with a
 * forbidden entry is undocumented, so a mapping that asks for one is rejected at load time.
 */
final class CognitoRules {
  /** Claims that cannot be added, changed or suppressed. */
  static final Set<String> RESERVED = Set.of(
      "sub", "iss", "aud", "token_use", "exp", "iat", "nbf", "auth_time", "jti", "origin_jti", "nonce",
      "at_hash", "acr", "amr", "azp", "identities", "cognito:username", "username", "client_id",
      "event_id", "version", "device_key");

  /** The cognito: claims that change through the groups section, and may be suppressed. */
  static final Set<String> GROUP_CLAIMS = Set.of("cognito:groups", "cognito:roles", "cognito:preferred_role");

  /** ID-token claims that cannot take arrays or objects. */
  static final Set<String> SCALAR_ONLY_IN_ID_TOKEN = Set.of("email_verified", "phone_number_verified", "updated_at", "address");

  private CognitoRules() {}

  /** Why a claim cannot be added or overridden in this token, or empty when it can. */
  static Optional<String> whyNotAdded(String claim, boolean accessToken) {
    if (claim.isEmpty()) {
      return Optional.of("a claim name cannot be empty");
    }
    if (claim.equals("aud") && accessToken) {
      return Optional.empty(); // allowed when it equals the app client id, checked per request
    }
    if (RESERVED.contains(claim)) {
      return Optional.of("'" + claim + "' is set by Cognito and cannot be added or overridden");
    }
    if (GROUP_CLAIMS.contains(claim)) {
      return Optional.of("'" + claim + "' changes only through the groups section");
    }
    if (claim.startsWith("cognito:")) {
      return Optional.of("'" + claim + "' is a Cognito claim and cannot be added or overridden");
    }
    if (claim.startsWith("dev:")) {
      return Optional.of("'" + claim + "' is a developer-only attribute: it can only be suppressed");
    }
    if (claim.equals("scope")) {
      return Optional.of("'scope' changes only through accessToken.scopes");
    }
    return Optional.empty();
  }

  /** Why a claim cannot be suppressed, or empty when it can. */
  static Optional<String> whyNotSuppressed(String claim) {
    if (claim.isEmpty()) {
      return Optional.of("a claim name cannot be empty");
    }
    if (RESERVED.contains(claim)) {
      return Optional.of("'" + claim + "' is set by Cognito and cannot be suppressed");
    }
    if (claim.startsWith("cognito:") && !GROUP_CLAIMS.contains(claim)) {
      return Optional.of("'" + claim + "' is a Cognito claim and cannot be suppressed");
    }
    if (claim.equals("scope")) {
      return Optional.of("'scope' changes only through accessToken.scopes.suppress");
    }
    return Optional.empty();
  }

  /** Why a scope or scope pattern is not acceptable, or empty. */
  static Optional<String> whyNotScope(String scope) {
    if (scope.isEmpty()) {
      return Optional.of("a scope cannot be empty");
    }
    if (scope.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
      return Optional.of("a scope cannot contain whitespace");
    }
    if (!ScopePattern.isScope(scope.replace("*", "x"))) {
      return Optional.of("a scope holds printable ASCII only, without \" and \\ (RFC 6749)");
    }
    return Optional.empty();
  }
}
