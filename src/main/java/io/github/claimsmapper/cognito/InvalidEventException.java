package io.github.claimsmapper.cognito;

/** The input is not a pre token generation event this function can answer. */
public final class InvalidEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message, null, false, false);
  }
}
