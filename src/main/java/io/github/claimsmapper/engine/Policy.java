package io.github.claimsmapper.engine;

/** What happens when data is missing or cannot be read. */
public enum Policy {
  /** Fail the sign-in with a neutral message. */
  DENY,
  /** Go on without the data: claims that need it are left out (and logged). */
  CONTINUE,
  /**
   * For {@code onError} only: serve the last good item read for the same key, within the cache's
   * stale window; with none, deny.
   */
  STALE;

  /** The name as written in a mapping file. */
  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
