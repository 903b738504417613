package io.github.claimsmapper.config;

import java.util.regex.Pattern;

/**
 * Builds the {@code $.a.b['c:d'][0]} paths that diagnostics and logs use. A key's characters that
 * do not print are written {@code \\uXXXX} (one backslash), so a path stays one readable line.
 */
final class DocumentPath {
  static final String ROOT = "$";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private DocumentPath() {}

  static String child(String parent, String key) {
    if (PLAIN.matcher(key).matches()) {
      return parent + "." + key;
    }
    return parent + "['" + CognitoRules.shown(key.replace("\\", "\\\\").replace("'", "\\'")) + "']";
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
