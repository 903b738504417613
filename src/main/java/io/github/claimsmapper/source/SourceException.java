package io.github.claimsmapper.source;

/**
 * The store could not answer. The message names the failure's kind (timeout, throttling,
 * unreachable, rejected) and never a key value or item content.
 */
public final class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
