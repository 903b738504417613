package io.github.claimsmapper.engine;

/**
 * The mapping decided that this sign-in must fail: a {@code required} claim had no value, or the
 * file's policy is {@code deny} for what happened. Carries the rule's path in the mapping file and
 * a reason that names no data, for the log; never shown to the user.
 */
public final class MappingDenied extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final boolean evaluationError;
  private final DenialReason kind;

  /**
   * @param kind why, as one word of the closed set (the summary line's {@code reason})
   */
  public MappingDenied(String path, String reason, DenialReason kind) {
    this(path, reason, kind, false);
  }

  /**
   * @param evaluationError whether a value could not be evaluated (which stale data may cure)
   */
  public MappingDenied(String path, String reason, DenialReason kind, boolean evaluationError) {
    super(reason, null, false, false);
    this.path = path;
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
    this.evaluationError = evaluationError;
  }

  /** Why, as one word of the closed set. */
  public DenialReason kind() {
    return kind;
  }

  /** True when the denial comes from a value that could not be evaluated or converted. */
  public boolean evaluationError() {
    return evaluationError;
  }

  /**
   * Where in the mapping file the decision was made, such as {@code $.idToken.claims.tenant_id}.
   */
  public String path() {
    return path;
  }
}
