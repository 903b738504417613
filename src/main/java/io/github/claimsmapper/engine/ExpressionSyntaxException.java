package io.github.claimsmapper.engine;

/**
 * An expression or template that does not compile.
 *
 * @see #offset()
 */
public final class ExpressionSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int offset;

  public ExpressionSyntaxException(String message, int offset) {
    super(message, null, false, false);
    this.offset = offset;
  }

  /** The zero-based character offset of the problem inside the text as written. */
  public int offset() {
    return offset;
  }
}
