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
 *
 * <p>The classes, by role:
 *
 * <ul>
 *   <li>The seam and what crosses it: {@link ItemSource} (one item, several at once, or a query's
 *       list; each read may be started so a round's reads run together); {@link ItemRequest}, one
 *       item by its full primary key; {@link QueryRequest}, the items of one partition, on the
 *       table or an index, with an optional sort-key condition and a limit; {@link QueryResult},
 *       the items a query found, whether more matched, and how many calls it took.
 *   <li>DynamoDB: {@link DynamoDbItemSource}, the lookups in as few round trips as possible; {@code
 *       DynamoDbBatchGet}, several items as {@code BatchGetItem} rounds (duplicates read once,
 *       unprocessed keys asked again); {@code DynamoDbQuery}, one query's pages up to its limit
 *       plus one; {@code DynamoDbKeys}, keys as {@code S} or {@code N}, projections through
 *       aliases, a key's identity; {@link ItemJson}, typed attribute values to exact plain JSON and
 *       a number back to {@code N}.
 *   <li>The client: {@link DynamoDbClients} builds the one DynamoDB client (a lightweight HTTP
 *       client, explicit region and credentials, bounded calls, attempts and retries), with two
 *       interceptors of the SDK's: {@code CompleteBodies} refuses an answer cut short of its {@code
 *       Content-Length} (which would read as "no item"), and {@code StopWhenAbandoned} ends a call
 *       its caller gave up on at its next attempt or read.
 *   <li>Deadlines: {@link DeadlineExecutor} runs blocking work on worker threads and stops waiting
 *       at the deadline; {@link DeadlineLane} is one kind of work with a capacity of its own for
 *       what abandoned calls hold; {@link DeadlineCall} is one submitted call and its outcome,
 *       awaited or abandoned by its caller.
 *   <li>Failures: {@link SourceException}, the store could not answer, naming the kind of failure
 *       and never a key value or item content.
 * </ul>
 */
package io.github.claimsmapper.source;
