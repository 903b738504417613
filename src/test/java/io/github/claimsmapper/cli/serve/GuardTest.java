package io.github.claimsmapper.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may talk to the preview server: the decisions of {@link Guard}, one by one. */
class GuardTest {
  static final String TOKEN = "s3cret-token_0123456789ab";
  final Guard guard = new Guard(8123, TOKEN);

  Optional<Guard.Refused> check(
      String method, String host, String origin, String query, String... cookies) {
    return guard.check(method, host, origin, query, List.of(cookies));
  }

  static int status(Optional<Guard.Refused> refused) {
    return refused.map(Guard.Refused::status).orElse(200);
  }

  @Test
  void theTokenComesInTheQueryOrTheCookieOfThisPort() {
    assertEquals(200, status(check("GET", "127.0.0.1:8123", null, "token=" + TOKEN)));
    assertEquals(200, status(check("GET", "127.0.0.1:8123", null, "a=1&token=" + TOKEN)));
    assertEquals(
        200, status(check("GET", "127.0.0.1:8123", null, null, "x=1; ccm_token_8123=" + TOKEN)));
    assertEquals(401, status(check("GET", "127.0.0.1:8123", null, null)));
    assertEquals(
        401, status(check("GET", "127.0.0.1:8123", null, null, "ccm_token_8124=" + TOKEN)));
    assertEquals(403, status(check("GET", "127.0.0.1:8123", null, "token=" + TOKEN + "x")));
    assertEquals(403, status(check("GET", "127.0.0.1:8123", null, "token=")));
    assertEquals(403, status(check("GET", "127.0.0.1:8123", null, null, "ccm_token_8123=nope")));
  }

  @Test
  void onlyThisServersOwnHostIsAnswered() {
    assertEquals(200, status(check("GET", "localhost:8123", null, "token=" + TOKEN)));
    assertEquals(200, status(check("GET", "LOCALHOST:8123", null, "token=" + TOKEN)));
    for (String host :
        new String[] {
          null,
          "",
          "127.0.0.1",
          "127.0.0.1:80",
          "attacker.example:8123",
          "127.0.0.2:8123",
          "[::1]:8123"
        }) {
      assertEquals(403, status(check("GET", host, null, "token=" + TOKEN)), String.valueOf(host));
    }
  }

  @Test
  void postsMustComeFromThePagesOwnOrigin() {
    String query = "token=" + TOKEN;
    assertEquals(200, status(check("POST", "127.0.0.1:8123", "http://127.0.0.1:8123", query)));
    assertEquals(200, status(check("POST", "localhost:8123", "http://localhost:8123", query)));
    assertEquals(403, status(check("POST", "127.0.0.1:8123", null, query)), "no Origin");
    assertEquals(
        403,
        status(check("POST", "localhost:8123", "http://127.0.0.1:8123", query)),
        "another origin");
    assertEquals(403, status(check("POST", "127.0.0.1:8123", "https://127.0.0.1:8123", query)));
    assertEquals(403, status(check("POST", "127.0.0.1:8123", "null", query)));
    assertEquals(403, status(check("GET", "127.0.0.1:8123", "http://evil.example", query)));
  }

  @Test
  void tokensAreRandomAndLong() {
    Guard one = new Guard(1);
    Guard two = new Guard(1);
    assertNotEquals(one.token(), two.token());
    assertTrue(Base64.getUrlDecoder().decode(one.token()).length * 8 >= 128);
    assertEquals("ccm_token_8123=" + TOKEN + "; HttpOnly; SameSite=Strict; Path=/", guard.cookie());
  }
}
