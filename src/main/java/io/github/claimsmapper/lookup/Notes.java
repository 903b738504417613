package io.github.claimsmapper.lookup;

/**
 * Where the lookups write the lines their failure policies call for ({@code onMissing: continue},
 * {@code onError: continue | stale}, {@code onTruncated: continue}). The façade adapts its log to
 * it, so this package needs nothing of the façade's. Lines name paths and counts, never values.
 */
public interface Notes {

  /** A line for the record: the mapping chose to go on without something. */
  void info(String line);

  /** A line worth a look: a read failed and the policy went on without it. */
  void warn(String line);
}
