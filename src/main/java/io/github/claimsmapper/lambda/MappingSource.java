package io.github.claimsmapper.lambda;

import io.github.claimsmapper.ClaimsMapper;

/**
 * Where the handler's mapping comes from: a file read at init ({@link #fixed}), or an AppConfig
 * profile re-checked on the invocation path ({@link LiveMapping}). The handler has one path for
 * both.
 */
interface MappingSource {

  /** The mapping that answers one invocation, and what the summary line says of it. */
  record Serving(ClaimsMapper mapper, MappingStatus status) {}

  /**
   * The mapping for one invocation, after any check that is due, within the invocation's deadline.
   * Never throws: a check that fails serves the mapping held.
   */
  Serving serve(Deadline deadline);

  /** A mapping that never changes (a file, or the bundled mapping). */
  static MappingSource fixed(ClaimsMapper mapper) {
    Serving always = new Serving(mapper, MappingStatus.NONE);
    return deadline -> always;
  }
}
