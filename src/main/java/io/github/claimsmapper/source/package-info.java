/**
 * Where the items a mapping reads come from. {@link io.github.claimsmapper.source.ItemSource} is
 * the seam, so the engine never depends on DynamoDB and the command line can answer lookups from
 * files; {@link io.github.claimsmapper.source.DynamoDbItemSource} is the store the function reads
 * (one item by {@code GetItem}; several by the {@code BatchGetItem} rounds of {@code
 * DynamoDbBatchGet}; a list by the {@code Query} pages of {@code DynamoDbQuery}; keys and
 * projections as {@code DynamoDbKeys} writes them), and {@link
 * io.github.claimsmapper.source.ItemJson} the one conversion of its typed values. {@link
 * io.github.claimsmapper.source.DeadlineExecutor} runs blocking work (lookups, the shadow, a
 * compilation) on worker threads that a caller stops waiting for at its deadline, with capacity per
 * {@link io.github.claimsmapper.source.DeadlineLane} for what abandoned work may hold. Store
 * failures surface as {@link io.github.claimsmapper.source.SourceException}, whose {@link
 * io.github.claimsmapper.source.SourceException.Kind} names the kind of failure and whose message,
 * worded in that one class, never holds a key value or item content: messages reach logs.
 */
package io.github.claimsmapper.source;
