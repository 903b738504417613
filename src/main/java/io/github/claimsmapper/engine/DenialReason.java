package io.github.claimsmapper.engine;

import java.util.Locale;

/**
 * Why a sign-in was denied, as a closed set of words for the summary line, metrics and queries.
 * Each is either a denial the mapping asks for (the user's data does not allow a token: {@link
 * #asked()}) or a failure (something is broken: a table, a value, the event, the function). Alarms
 * watch failures; asked-for denials are counted apart, so users who simply have no item do not page
 * anyone.
 */
public enum DenialReason {
  /**
   * No item for the key (or no key could be built), and the source says {@code onMissing: deny}.
   */
  NO_ITEM(true),
  /** A {@code required} claim has no value and no default. */
  REQUIRED_MISSING(true),
  /**
   * A query or {@code forEach} source matched more items than its {@code limit}, and the source
   * says {@code onTruncated: deny} (never a silent partial list of roles).
   */
  TOO_MANY_ITEMS(true),
  /**
   * A rule's {@code when} could not be decided on this user's data (an evaluation failure other
   * than a type mismatch: a spent budget, over-limit text, a number beyond its bound); skipping a
   * rule that restricts could widen the token, so the sign-in is denied. Counted as a failure: a
   * condition that cannot be decided for real users needs someone to look at the mapping.
   */
  RULE_DENIED(false),
  /** A DynamoDB read failed (unreachable, throttled, timed out, refused) and its policy denies. */
  LOOKUP_FAILED(false),
  /**
   * A value could not be evaluated or converted, or the claims exceed a limit, and policy denies.
   */
  EVALUATION_FAILED(false),
  /** The event is not a pre token generation event this function can read. */
  INVALID_EVENT(false),
  /** Anything else: a defect or an exhausted JVM. */
  INTERNAL(false);

  private final boolean asked;

  DenialReason(boolean asked) {
    this.asked = asked;
  }

  /** True when the mapping asked for this denial; false for a failure. */
  public boolean asked() {
    return asked;
  }

  /** The word on the summary line: the constant's name in lower case ({@code no_item}). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
