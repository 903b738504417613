package io.github.claimsmapper.engine;

import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * An {@code allow} entry: a scope, where {@code *} matches any run of characters.
 *
 * @param text the pattern as written
 * @param regex the compiled form
 */
public record ScopePattern(String text, Pattern regex) {

  public static ScopePattern of(String text) {
    StringJoiner regex = new StringJoiner(".*");
    for (String literal : text.split("\\*", -1)) {
      regex.add(literal.isEmpty() ? "" : Pattern.quote(literal));
    }
    return new ScopePattern(text, Pattern.compile(regex.toString()));
  }

  /**
   * Whether a text is a scope token as OAuth 2.0 defines it (RFC 6749, 3.3): printable ASCII but
   * space, {@code "} and {@code \\}. No-break and other Unicode spaces are not scope characters.
   */
  public static boolean isScope(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  public boolean matches(String scope) {
    return regex.matcher(scope).matches();
  }
}
