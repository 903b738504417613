package io.github.claimsmapper.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which top-level attributes of a root name (such as {@code item}) an expression reads, so the
 * lookup asks only for those. Conservative by design: any use it cannot pin to
 * {@code item.name} (the whole {@code item}, {@code item[...]}, {@code item.*}, {@code @},
 * a wildcard over the envelope) means "the whole item". Reading too much costs bytes; reading
 * too little would silently drop claims.
 */
public final class RootReferences {
  private RootReferences() {}

  /**
   * @return the attribute names read through {@code root}, or empty when the expression may need
   *     everything under it
   */
  public static Optional<Set<String>> attributes(String expression, String root) {
    List<Token> tokens = tokenize(expression);
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      Token before = i > 0 ? tokens.get(i - 1) : null;
      switch (token.kind) {
        case AT -> {
          boolean nextIsRoot = i + 2 < tokens.size() && tokens.get(i + 1).is(Kind.DOT)
              && tokens.get(i + 2).is(Kind.IDENT);
          if (!nextIsRoot && (before == null || !before.is(Kind.DOT))) {
            return Optional.empty();
          }
        }
        case STAR -> {
          if (before == null || !(before.is(Kind.DOT) || before.text.equals("["))) {
            return Optional.empty();
          }
        }
        case IDENT -> {
          boolean atRoot = before == null || !before.is(Kind.DOT)
              || (i >= 2 && tokens.get(i - 2).is(Kind.AT) && (i < 3 || !tokens.get(i - 3).is(Kind.DOT)));
          if (atRoot && token.text.equals(root)) {
            if (i + 2 < tokens.size() && tokens.get(i + 1).is(Kind.DOT) && tokens.get(i + 2).is(Kind.IDENT)) {
              names.add(tokens.get(i + 2).text);
            } else {
              return Optional.empty();
            }
          }
        }
        default -> { }
      }
    }
    return Optional.of(names);
  }

  private enum Kind { IDENT, DOT, AT, STAR, OTHER }

  private record Token(Kind kind, String text) {
    boolean is(Kind k) {
      return kind == k;
    }
  }

  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '`') {
        i = skipQuoted(s, i, c);
      } else if (c == '"') {
        int end = skipQuoted(s, i, c);
        tokens.add(new Token(Kind.IDENT, unescape(s.substring(i + 1, Math.max(i + 1, end - 1)))));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(Kind.IDENT, s.substring(start, i)));
      } else {
        Kind kind = c == '.' ? Kind.DOT : c == '@' ? Kind.AT : c == '*' ? Kind.STAR : Kind.OTHER;
        tokens.add(new Token(kind, String.valueOf(c)));
        i++;
      }
    }
    return tokens;
  }

  /** Returns the index just past the closing quote (or the end of the text). */
  private static int skipQuoted(String s, int open, char quote) {
    int i = open + 1;
    while (i < s.length() && s.charAt(i) != quote) {
      i += s.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, s.length());
  }

  private static String unescape(String quoted) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length()) {
        c = quoted.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
