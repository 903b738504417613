package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.AudienceRule;
import io.github.claimsmapper.engine.ScopePattern;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What Cognito lets a pre token generation trigger do with claims. What Cognito does with a
 * forbidden entry is undocumented, so a mapping that asks for one is rejected at load time.
 */
final class CognitoRules {
  /** Claims that cannot be added, changed or suppressed. */
  static final Set<String> RESERVED =
      Set.of(
          "sub",
          "iss",
          "aud",
          "token_use",
          "exp",
          "iat",
          "nbf",
          "auth_time",
          "jti",
          "origin_jti",
          "nonce",
          "at_hash",
          "acr",
          "amr",
          "azp",
          "identities",
          "cognito:username",
          "username",
          "client_id",
          "event_id",
          "version",
          "device_key");

  /** The cognito: claims that change through the groups section, and may be suppressed. */
  static final Set<String> GROUP_CLAIMS =
      Set.of("cognito:groups", "cognito:roles", "cognito:preferred_role");

  /** ID-token claims that cannot take arrays or objects. */
  static final Set<String> SCALAR_ONLY_IN_ID_TOKEN =
      Set.of("email_verified", "phone_number_verified", "updated_at", "address");

  private CognitoRules() {}

  /** Why a claim cannot be added or overridden in this token, or empty when it can. */
  static Optional<String> whyNotAdded(String claim, boolean accessToken) {
    if (claim.isEmpty()) {
      return Optional.of("a claim name cannot be empty");
    }
    if (AudienceRule.applies(claim, accessToken)) {
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
      return Optional.of(
          "'" + claim + "' is a developer-only attribute: it can only be suppressed");
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

  /**
   * True when the name holds a control character (U+0000-U+001F, U+007F-U+009F): refused outright.
   */
  static boolean holdsControl(String claim) {
    return claim.chars().anyMatch(Character::isISOControl);
  }

  /**
   * The name as a reader that compares loosely would see it: NFKC-normalized (a full-width colon
   * becomes {@code :}), without control, format (zero-width) and space characters, case-folded.
   */
  static String folded(String claim) {
    // ASCII is unchanged by NFKC; skipping the normalizer for it keeps the JDK's ICU tables (about
    // 30 classes and a data file) out of a cold start whose claim names are all ASCII
    String normalized =
        claim.chars().allMatch(c -> c < 0x80)
            ? claim
            : Normalizer.normalize(claim, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder();
    normalized
        .codePoints()
        .filter(
            c ->
                !Character.isISOControl(c)
                    && Character.getType(c) != Character.FORMAT
                    && !Character.isWhitespace(c)
                    && !Character.isSpaceChar(c))
        .forEach(out::appendCodePoint);
    return out.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /**
   * The Cognito-owned name ({@code sub}, {@code cognito:groups}, {@code dev:x}, {@code scope}...)
   * that {@code claim} is a look-alike of: the same once {@link #folded folded}, but not equal.
   * Cognito compares names exactly; a token reader that does not could take one for the other.
   */
  static Optional<String> lookAlikeOf(String claim) {
    String folded = folded(claim);
    if (folded.equals(claim)) {
      return Optional.empty();
    }
    boolean owned =
        RESERVED.contains(folded)
            || folded.startsWith("cognito:")
            || folded.startsWith("dev:")
            || folded.equals("scope");
    return owned ? Optional.of(folded) : Optional.empty();
  }

  /**
   * A name for a message: characters that do not print (controls, format, odd spaces) as {@code
   * \\uXXXX} (one backslash).
   */
  static String shown(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)
                  || Character.getType(c) == Character.FORMAT
                  || (Character.isSpaceChar(c) && c != ' ')
                  || (Character.isWhitespace(c) && c != ' ')) {
                out.append(String.format("\\u%04X", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
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
