package io.github.claimsmapper.engine.functions;

/**
 * The longest text a function may build. Functions that join or repeat text ({@code join}, {@code
 * concat}, {@code replace}, {@code to_string}) check the length before they build it: a string of a
 * million references to one long string would otherwise exhaust memory before any later check could
 * see it.
 */
public final class TextLimit {
  /**
   * Lambda's response limit (6 MB) in characters: a larger text could never be returned, and any
   * value that merely refers to the event (at most 6 MB itself) stays within it.
   */
  public static final int MAX_CHARS = 6 * 1024 * 1024;

  private TextLimit() {}

  /**
   * @throws io.burt.jmespath.function.FunctionCallException when {@code length} is beyond the limit
   */
  static void check(String function, long length) {
    if (length > MAX_CHARS) {
      throw new io.burt.jmespath.function.FunctionCallException(
          function + ": the result would be longer than " + MAX_CHARS + " characters");
    }
  }
}
