package io.github.claimsmapper.config;

import java.util.List;
import java.util.Optional;

/**
 * The standard claims of OpenID Connect Core 1.0 (section 5.1), to recognize a claim name that is
 * probably one of them mistyped ({@code emial}, {@code given_nmae}, {@code birthday}).
 */
final class OidcClaimNames {
  /** In the order of the specification; on a tie the first one wins. */
  static final List<String> STANDARD =
      List.of(
          "sub",
          "name",
          "given_name",
          "family_name",
          "middle_name",
          "nickname",
          "preferred_username",
          "profile",
          "picture",
          "website",
          "email",
          "email_verified",
          "gender",
          "birthdate",
          "zoneinfo",
          "locale",
          "phone_number",
          "phone_number_verified",
          "address",
          "updated_at");

  /** Standard names this long or longer tolerate two edits; shorter ones one. */
  private static final int LONG_NAME = 8;

  private OidcClaimNames() {}

  /**
   * The standard claim {@code claim} is most likely a typo of: the nearest one within one edit (two
   * for standard names of 8 or more characters), where an edit inserts, deletes or replaces a
   * character or swaps two adjacent ones. Empty for a standard claim itself, and for names with
   * {@code :} or {@code /} (namespaced names such as {@code custom:email} or {@code
   * https://example.com/email} are deliberate).
   */
  static Optional<String> likelyTypoOf(String claim) {
    if (claim == null
        || claim.isEmpty()
        || STANDARD.contains(claim)
        || claim.indexOf(':') >= 0
        || claim.indexOf('/') >= 0) {
      return Optional.empty();
    }
    String nearest = null;
    int nearestDistance = Integer.MAX_VALUE;
    for (String standard : STANDARD) {
      int limit = standard.length() >= LONG_NAME ? 2 : 1;
      if (Math.abs(standard.length() - claim.length()) > limit) {
        continue;
      }
      int distance = distance(claim, standard);
      if (distance <= limit && distance < nearestDistance) {
        nearest = standard;
        nearestDistance = distance;
      }
    }
    return Optional.ofNullable(nearest);
  }

  /** Damerau-Levenshtein distance, optimal string alignment variant. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
