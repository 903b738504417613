package io.github.claimsmapper;

import io.github.claimsmapper.engine.DenialReason;
import java.util.Objects;
import java.util.Optional;

/**
 * The function must fail this sign-in. Cognito shows the message to the user as {@code
 * PreTokenGeneration failed with error <message>}, so the message is a short fixed text plus a
 * reference that the log line with the reason carries too: no data, no internals, no stack trace.
 *
 * <p>The denial also carries why, as data: the mapping path that decided it (when one did) and a
 * reason that names no values. Those are for the log and the command line, which read the fields
 * instead of re-parsing log text; they are kept out of {@link #getMessage()} and {@link
 * #toString()}, which is all the Lambda runtime reports, so what Cognito and the caller see stays
 * the neutral text whatever the reason says.
 */
public final class SignInDenied extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String reference;
  private final String path;
  private final String reason;
  private final DenialReason kind;

  /**
   * @param reference the correlation id of the invocation
   * @param path where in the mapping file the denial was decided ({@code $.source.onMissing}), or
   *     null when no part of the mapping decided it (the event is not valid, an internal failure)
   * @param reason why, naming no data ({@code required claim has no value})
   * @param kind why, as a word of the closed set the summary line and the metrics use
   */
  public SignInDenied(String reference, String path, String reason, DenialReason kind) {
    super("Sign-in could not be completed (ref " + reference + ")", null, false, false);
    this.reference = reference;
    this.path = path;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** Why, as a word of the closed set ({@code no_item}, {@code lookup_failed}, ...). */
  public DenialReason kind() {
    return kind;
  }

  /** The correlation id shared with the log line that holds the reason. */
  public String reference() {
    return reference;
  }

  /** The mapping path that decided the denial; empty when the mapping did not decide it. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** Why the sign-in is denied, without the path; names no data. Never shown to the user. */
  public String reason() {
    return reason;
  }

  /**
   * The path and the reason as the log line and the command line show them: {@code sign-in denied
   * at $.source.onMissing: $.source: no item for the key}, or {@code sign-in denied: the event is
   * not valid JSON} when no path decided it.
   */
  public String explanation() {
    return path == null ? "sign-in denied: " + reason : "sign-in denied at " + path + ": " + reason;
  }
}
