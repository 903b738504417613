package io.github.claimsmapper.engine;

/**
 * The one reader of the code inside a template's {@code ${...}} part: it follows quoted strings
 * ({@code '...'}, {@code "..."}, {@code `...`}, with {@code \} escaping the next character) and the
 * braces of JMESPath's multi-select hashes, so that it knows which {@code }} closes the part. Fed
 * one character at a time, by {@link Template} when it compiles and by the loader when it resolves
 * placeholders in a template or an expression.
 */
public final class TemplateLexer {
  private char quote;
  private int depth;
  private boolean escape;

  /** A lexer at the start of a part's code. */
  public TemplateLexer() {}

  /**
   * Reads the next character of code.
   *
   * @return true when it is the {@code }} that closes the part
   */
  public boolean closesPart(char c) {
    if (escape) {
      escape = false;
    } else if (quote != 0) {
      if (c == '\\') {
        escape = true;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '{') {
      depth++;
    } else if (c == '}') {
      if (depth == 0) {
        return true;
      }
      depth--;
    }
    return false;
  }

  /** The quote of the string the last character stands in, or 0 outside strings. */
  public char quote() {
    return quote;
  }

  /** True when the next character is escaped (it follows a {@code \} in a string). */
  public boolean escaping() {
    return escape;
  }

  /**
   * Where the part whose code starts at {@code from} closes: the index of its {@code }}, or -1 when
   * the text ends first.
   */
  public static int closeOfPart(String text, int from) {
    TemplateLexer lexer = new TemplateLexer();
    for (int i = from; i < text.length(); i++) {
      if (lexer.closesPart(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
