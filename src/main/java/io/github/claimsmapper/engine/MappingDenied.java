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

  public MappingDenied(String path, String reason) {
    this(path, reason, false);
  }

  /**
   * @param evaluationError whether a value could not be evaluated (which stale data may cure)
   */
  public MappingDenied(String path, String reason, boolean evaluationError) {
    super(reason, null, false, false);
    this.path = path;
    this.evaluationError = evaluationError;
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
