package io.github.claimsmapper;

/**
 * The function must fail this sign-in. Cognito shows the message to the user as
 * {@code PreTokenGeneration failed with error <message>}, so it is a short fixed text plus a
 * reference that the log line with the reason carries too: no data, no internals, no stack trace.
 */
public final class SignInDenied extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String reference;

  public SignInDenied(String reference) {
    super("Sign-in could not be completed (ref " + reference + ")", null, false, false);
    this.reference = reference;
  }

  /** The correlation id shared with the log line that holds the reason. */
  public String reference() {
    return reference;
  }
}
