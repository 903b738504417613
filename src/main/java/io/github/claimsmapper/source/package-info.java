/**
 * Where the item a mapping reads comes from. {@link io.github.claimsmapper.source.ItemSource}
 * is the seam between the mapping and the store: {@link
 * io.github.claimsmapper.source.DynamoDbItemSource} reads one item with a single {@code GetItem}
 * (the Lambda and {@code render --endpoint}), {@link
 * io.github.claimsmapper.source.DynamoDbClients} builds the one lightweight, time-bounded client
 * it uses, and {@link io.github.claimsmapper.source.ItemJson} turns DynamoDB's typed attribute
 * values into the plain JSON mappings read, losing no digit and ordering sets (the CLI reads item
 * files written as DynamoDB JSON into the same attribute values first), and writes number keys
 * as {@code N} with every digit. Store failures surface as {@link
 * io.github.claimsmapper.source.SourceException}, whose message names the kind of failure and
 * never a key value or item content.
 */
package io.github.claimsmapper.source;
