package io.github.claimsmapper.cli.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may talk to the server. The page reads files and may read a DynamoDB table, and any web page
 * the user opens can send requests to a port on the loopback interface, so every request must prove
 * that it comes from the page this server handed out:
 *
 * <ul>
 *   <li>{@code Host} is this server's own address ({@code 127.0.0.1:PORT} or {@code
 *       localhost:PORT}): a DNS name rebound to 127.0.0.1 arrives with its own name and is refused;
 *   <li>the per-start token (SecureRandom, 192 bits) is in the query string, or in the cookie the
 *       page's answer set (HttpOnly, SameSite=Strict, named after the port, since cookies are
 *       shared between ports): 401 without it, 403 with another;
 *   <li>{@code Origin}, which browsers send with every cross-origin request and every POST, is this
 *       server's own origin; a POST without one is refused, a GET may have none (a typed URL).
 * </ul>
 */
final class Guard {
  private static final int TOKEN_BYTES = 24;

  private final String token;
  private final int port;

  /** Why a request is refused. */
  record Refused(int status, String message) {}

  Guard(int port) {
    this(port, newToken());
  }

  Guard(int port, String token) {
    this.port = port;
    this.token = token;
  }

  private static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  String token() {
    return token;
  }

  /** The cookie that carries the token after the page loaded. */
  String cookieName() {
    return "ccm_token_" + port;
  }

  /** {@code Set-Cookie} for the page's answer. */
  String cookie() {
    return cookieName() + "=" + token + "; HttpOnly; SameSite=Strict; Path=/";
  }

  /**
   * Checks one request.
   *
   * @param method {@code GET}, {@code POST}, ...
   * @param host the {@code Host} header, or null
   * @param origin the {@code Origin} header, or null
   * @param query the raw query string, or null
   * @param cookies the {@code Cookie} headers
   * @return why it is refused, or empty
   */
  Optional<Refused> check(
      String method, String host, String origin, String query, List<String> cookies) {
    if (host == null || !ownHost(host)) {
      return Optional.of(
          new Refused(
              403, "refused: the Host header must be 127.0.0.1:" + port + " or localhost:" + port));
    }
    Optional<String> given = fromQuery(query).or(() -> fromCookies(cookies));
    if (given.isEmpty()) {
      return Optional.of(
          new Refused(401, "refused: no token: open the URL the serve command printed"));
    }
    if (!MessageDigest.isEqual(
        given.get().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(
          new Refused(403, "refused: wrong token: open the URL the serve command printed"));
    }
    if (origin == null ? !method.equals("GET") : !origin.equals("http://" + host)) {
      return Optional.of(
          new Refused(403, "refused: the request does not come from this page (Origin)"));
    }
    return Optional.empty();
  }

  private boolean ownHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.equals("127.0.0.1:" + port) || lower.equals("localhost:" + port);
  }

  private static Optional<String> fromQuery(String query) {
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        return Optional.of(pair.substring("token=".length()));
      }
    }
    return Optional.empty();
  }

  private Optional<String> fromCookies(List<String> headers) {
    String prefix = cookieName() + "=";
    for (String header : headers) {
      for (String cookie : header.split(";")) {
        String trimmed = cookie.strip();
        if (trimmed.startsWith(prefix)) {
          return Optional.of(trimmed.substring(prefix.length()));
        }
      }
    }
    return Optional.empty();
  }
}
