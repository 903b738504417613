package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Claim names that are probably a standard OIDC claim mistyped, and names that are not. */
class OidcClaimNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "emial, email", // adjacent letters swapped
    "given_nmae, given_name",
    "emal, email", // a letter missing
    "emaill, email", // a letter too many
    "Email, email", // claims are case-sensitive
    "familyname, family_name",
    "phone_numbr, phone_number",
    "phone_number_verifed, phone_number_verified", // nearest wins, not phone_number
    "emailverified, email_verified",
    "birthday, birthdate", // two edits: birthdate is 8+ characters
    "prefered_usrname, preferred_username", // two edits on a long name
    "zone_info, zoneinfo",
    "nam, name",
    "su, sub",
  })
  void recognizesATypo(String claim, String standard) {
    assertEquals(Optional.of(standard), OidcClaimNames.likelyTypoOf(claim));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "email", // the standard claim itself
    "given_name",
    "phone_number_verified",
    "tenant", // nothing like a standard claim
    "plan",
    "tenant_id",
    "https://x/email", // namespaced: deliberate
    "custom:email",
    "custom:given_nmae",
    "emails_x", // two edits from a short name (email: 5 characters)
    "gnome", // two edits from name (4 characters: one allowed)
    "birth",
  })
  void leavesOtherNamesAlone(String claim) {
    assertEquals(Optional.empty(), OidcClaimNames.likelyTypoOf(claim));
  }

  @ParameterizedTest(name = "{0} / {1} = {2}")
  @CsvSource({
    "email, email, 0",
    "emial, email, 1",
    "ab, ba, 1",
    "abc, ca, 3", // optimal string alignment: no edit of a swapped pair
    "'', abc, 3",
    "kitten, sitting, 3",
  })
  void distanceIsDamerauLevenshtein(String a, String b, int distance) {
    assertEquals(distance, OidcClaimNames.distance(a, b));
  }
}
