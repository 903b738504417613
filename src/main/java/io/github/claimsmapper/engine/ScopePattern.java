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

  public boolean matches(String scope) {
    return regex.matcher(scope).matches();
  }
}
