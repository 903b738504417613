package io.github.claimsmapper.engine;

import java.io.Serializable;
import java.util.Objects;

/**
 * The mapping decided that this sign-in must fail: a {@code required} claim had no value, or the
 * file's policy is {@code deny} for what happened. Carries the rule's path in the mapping file and
 * a reason that names no data, for the log; never shown to the user.
 */
public final class MappingDenied extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Denial denial;

  /**
   * The decision, as data.
   *
   * @param path where in the mapping file it was made, such as {@code $.idToken.claims.tenant_id}
   * @param reason why, naming no data (also the exception's message)
   * @param kind why, as one word of the closed set (the summary line's {@code reason})
   * @param evaluationError whether a value could not be evaluated or converted (which stale data
   *     may cure)
   */
  public record Denial(String path, String reason, DenialReason kind, boolean evaluationError)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Denial {
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** A denial that is not about a value that could not be evaluated. */
  public MappingDenied(String path, String reason, DenialReason kind) {
    this(path, reason, kind, false);
  }

  /** See {@link Denial} for the parameters. */
  public MappingDenied(String path, String reason, DenialReason kind, boolean evaluationError) {
    super(reason, null, false, false);
    this.denial = new Denial(path, reason, kind, evaluationError);
  }

  /** What was decided, where and why. */
  public Denial denial() {
    return denial;
  }
}
