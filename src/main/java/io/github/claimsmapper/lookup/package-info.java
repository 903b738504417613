/**
 * The lookups of one sign-in: {@link io.github.claimsmapper.lookup.Lookups} reads a plan's sources
 * in rounds (a source whose key reads another waits for it; the reads of one round are started
 * together, then landed in turn, {@link io.github.claimsmapper.lookup.Landing}) within the
 * invocation's deadline, and applies each source's {@code onMissing}, {@code onError} and {@code
 * onTruncated} policy; {@link io.github.claimsmapper.lookup.ItemReads} reads a round's single
 * items, {@link io.github.claimsmapper.lookup.QueryReads} its query and {@code forEach} sources,
 * whose value is a list of items; {@link io.github.claimsmapper.lookup.ItemCache} keeps the items
 * read (copies in, copies out) for {@code cache.fresh} and {@code onError: stale}; {@link
 * io.github.claimsmapper.lookup.CacheOutcome} is what the caches did, as the summary line's word;
 * {@link io.github.claimsmapper.lookup.Notes} is where the policies' log lines go (the façade
 * adapts its log to it). Uses the plan ({@code engine}) and the item source seam ({@code source}),
 * never the façade.
 */
package io.github.claimsmapper.lookup;
