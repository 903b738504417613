package io.github.claimsmapper.lambda;

/**
 * What the summary line says about the mapping of one invocation, beside the façade's {@link
 * io.github.claimsmapper.Invocation}: the AppConfig version that served it and what its refresh
 * check did, and the shadow's verdict. Names only, like the rest of the line.
 *
 * @param version the AppConfig {@code Configuration-Version} served, or null when the mapping is a
 *     file
 * @param refresh what the refresh check did, or null when the mapping is a file
 * @param shadow the shadow's report, or null when there is no shadow
 */
record MappingStatus(String version, LiveMapping.Refresh refresh, ShadowMapping.Report shadow) {
  /** A mapping from a file and no shadow: the line is as it always was. */
  static final MappingStatus NONE = new MappingStatus(null, null, null);

  MappingStatus withShadow(ShadowMapping.Report report) {
    return new MappingStatus(version, refresh, report);
  }
}
