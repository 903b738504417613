package io.github.claimsmapper.lookup;

import io.github.claimsmapper.summary.SummaryWord;

/**
 * What the sources' caches did for one sign-in, as the summary line's {@code cache} word. Sources
 * are combined by the most telling outcome, whatever their order: a stale item served outweighs a
 * read, and a read outweighs a fresh item, so a sign-in reports {@code hit} only when no cached
 * source had to be read.
 */
public enum CacheOutcome implements SummaryWord {
  /** No source with a cache was asked. */
  NONE,
  /** Every cached source asked was served a fresh item without a read. */
  HIT,
  /** A cached source was read. */
  MISS,
  /** A cached item was served because a read or the evaluation of a fresh item failed. */
  STALE;

  /** This outcome and another source's, as one: the later in declaration order. */
  CacheOutcome and(CacheOutcome other) {
    return other.compareTo(this) > 0 ? other : this;
  }
}
