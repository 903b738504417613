package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.source.DynamoDbKeys.KeyId;
import io.github.claimsmapper.source.DynamoDbKeys.Projection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Several item lookups as {@code BatchGetItem} rounds (see {@link DynamoDbItemSource#findAll}):
 * requests for the same item read once, one call per {@link #MAX_KEYS_PER_BATCH} distinct keys,
 * unprocessed keys asked for again {@link #RETRIES} times, each call sent through {@link
 * DynamoDbItemSource#send} on the lookup's one deadline.
 */
final class DynamoDbBatchGet {

  static final String BATCH_GET_ITEM = "BatchGetItem";

  /** DynamoDB's limit on the keys of one BatchGetItem call. */
  static final int MAX_KEYS_PER_BATCH = 100;

  /**
   * Further BatchGetItem calls for keys DynamoDB left unprocessed, as it asks callers to make: a
   * few, because a table still throttling after them will not recover within one sign-in.
   */
  static final int RETRIES = 3;

  /**
   * Doubling pauses before those calls, as DynamoDB recommends for unprocessed keys; short, so all
   * of them together stay a small part of a lookup's time budget.
   */
  private static final long[] RETRY_BACKOFF_MILLIS = {20, 40, 80};

  private final DynamoDbItemSource source;
  private final DynamoDbClient client;

  DynamoDbBatchGet(DynamoDbItemSource source, DynamoDbClient client) {
    this.source = source;
    this.client = client;
  }

  /**
   * What the executor bounds the calls for {@code requests} by when they run as one: the first
   * call's distinct keys, as {@link #readBatch} names them.
   */
  static List<KeyId> key(List<ItemRequest> requests) {
    Set<KeyId> distinct = new LinkedHashSet<>();
    for (ItemRequest request : requests) {
      if (distinct.size() == MAX_KEYS_PER_BATCH) {
        break;
      }
      java.util.Objects.requireNonNull(request, "request");
      distinct.add(KeyId.of(request.table(), DynamoDbKeys.toKey(request)));
    }
    return new ArrayList<>(distinct);
  }

  /** Two or more requests, answered in their order. */
  List<Optional<ObjectNode>> run(List<ItemRequest> requests, long deadline) {
    Map<KeyId, Lookup> distinct = new LinkedHashMap<>(); // first request first
    List<Lookup> perRequest = new ArrayList<>(requests.size());
    for (ItemRequest request : requests) {
      java.util.Objects.requireNonNull(request, "request");
      Map<String, AttributeValue> key = DynamoDbKeys.toKey(request);
      KeyId id = KeyId.of(request.table(), key);
      Lookup lookup = distinct.get(id);
      if (lookup == null) {
        lookup = new Lookup(request.table(), key, id);
        distinct.put(id, lookup);
      }
      lookup.requests.add(request);
      perRequest.add(lookup);
    }
    List<Lookup> lookups = new ArrayList<>(distinct.values());
    for (int from = 0; from < lookups.size(); from += MAX_KEYS_PER_BATCH) {
      readBatch(
          lookups.subList(from, Math.min(lookups.size(), from + MAX_KEYS_PER_BATCH)), deadline);
    }
    List<Optional<ObjectNode>> results = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      Map<String, AttributeValue> item = perRequest.get(i).item;
      results.add(
          item == null
              ? Optional.empty()
              : Optional.of(
                  DynamoDbItemSource.convert(BATCH_GET_ITEM, only(item, requests.get(i)))));
    }
    return results;
  }

  /** One call's worth of distinct keys ({@link #MAX_KEYS_PER_BATCH}): sets each lookup's item. */
  private void readBatch(List<Lookup> lookups, long deadline) {
    Map<String, TableRead> tables = new LinkedHashMap<>();
    List<KeyId> key = new ArrayList<>(lookups.size()); // the executor's per-key bound
    for (Lookup lookup : lookups) {
      tables.computeIfAbsent(lookup.table, TableRead::new).add(lookup);
      key.add(lookup.id);
    }
    Map<String, KeysAndAttributes> requestItems = new LinkedHashMap<>();
    for (TableRead read : tables.values()) {
      requestItems.put(read.table, read.keysAndAttributes(read.keys()));
    }
    for (int retry = 0; ; retry++) {
      Map<String, KeysAndAttributes> asked = requestItems;
      BatchGetItemResponse response =
          source.send(
              BATCH_GET_ITEM,
              key,
              deadline,
              o ->
                  client.batchGetItem(
                      BatchGetItemRequest.builder()
                          .requestItems(asked)
                          .overrideConfiguration(o)
                          .build()));
      if (response.hasResponses()) {
        for (Map.Entry<String, List<Map<String, AttributeValue>>> answer :
            response.responses().entrySet()) {
          TableRead read = tables.get(answer.getKey());
          if (read != null && answer.getValue() != null) {
            answer.getValue().forEach(read::match);
          }
        }
      }
      // Only the keys of the answer's UnprocessedKeys are used: the retry carries this call's own
      // projection and consistency (dynalite, for one, drops the projection from its answer).
      Map<String, KeysAndAttributes> unprocessed = new LinkedHashMap<>();
      if (response.hasUnprocessedKeys()) {
        for (Map.Entry<String, KeysAndAttributes> left : response.unprocessedKeys().entrySet()) {
          TableRead read = tables.get(left.getKey());
          KeysAndAttributes keys = left.getValue();
          if (read != null && keys != null && keys.hasKeys() && !keys.keys().isEmpty()) {
            unprocessed.put(left.getKey(), read.keysAndAttributes(keys.keys()));
          }
        }
      }
      if (unprocessed.isEmpty()) {
        return;
      }
      if (retry == RETRIES) {
        throw SourceException.of(SourceException.Kind.UNPROCESSED, BATCH_GET_ITEM, null, null);
      }
      pause(RETRY_BACKOFF_MILLIS[retry], deadline);
      requestItems = unprocessed;
    }
  }

  /**
   * Sleeps before a retry; when the retry could not be sent before the deadline, fails now instead.
   */
  private static void pause(long millis, long deadline) {
    if (deadline != DynamoDbItemSource.NO_DEADLINE
        && deadline - System.nanoTime()
            < Duration.ofMillis(millis).toNanos() + DynamoDbItemSource.MIN_CALL_NANOS) {
      throw SourceException.of(SourceException.Kind.BUDGET_SPENT, BATCH_GET_ITEM, null, null);
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SourceException.of(SourceException.Kind.INTERRUPTED, BATCH_GET_ITEM, null, e);
    }
  }

  /** The item cut down to what the request asked for: the named attributes, or all. */
  private static Map<String, AttributeValue> only(
      Map<String, AttributeValue> item, ItemRequest request) {
    if (wantsWholeItem(request)) {
      return item;
    }
    Set<String> names = request.attributes().orElseThrow();
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      if (names.contains(attribute.getKey())) {
        out.put(attribute.getKey(), attribute.getValue());
      }
    }
    return out;
  }

  private static boolean wantsWholeItem(ItemRequest request) {
    return request.attributes().map(Set::isEmpty).orElse(true);
  }

  /** One distinct key to read, the requests it answers, and the item once read. */
  private static final class Lookup {
    final String table;
    final Map<String, AttributeValue> key;
    final KeyId id;
    final List<ItemRequest> requests = new ArrayList<>(1);
    Map<String, AttributeValue> item;

    Lookup(String table, Map<String, AttributeValue> key, KeyId id) {
      this.table = table;
      this.key = key;
      this.id = id;
    }
  }

  /** What one BatchGetItem call asks of one table. */
  private static final class TableRead {
    final String table;
    final Map<KeyId, Lookup> lookups = new LinkedHashMap<>();
    final Set<Set<String>> keyNames = new LinkedHashSet<>(); // one set unless requests disagree
    final Set<String> names = new TreeSet<>(); // sorted: the same request text every time
    boolean consistentRead;
    boolean wholeItem;

    TableRead(String table) {
      this.table = table;
    }

    void add(Lookup lookup) {
      lookups.put(lookup.id, lookup);
      keyNames.add(Set.copyOf(lookup.key.keySet()));
      names.addAll(lookup.key.keySet());
      for (ItemRequest request : lookup.requests) {
        consistentRead |= request.consistentRead();
        if (wantsWholeItem(request)) {
          wholeItem = true;
        } else {
          names.addAll(request.attributes().orElseThrow());
        }
      }
    }

    List<Map<String, AttributeValue>> keys() {
      List<Map<String, AttributeValue>> keys = new ArrayList<>(lookups.size());
      for (Lookup lookup : lookups.values()) {
        keys.add(lookup.key);
      }
      return keys;
    }

    KeysAndAttributes keysAndAttributes(List<Map<String, AttributeValue>> keys) {
      KeysAndAttributes.Builder builder =
          KeysAndAttributes.builder().keys(keys).consistentRead(consistentRead);
      if (!wholeItem) {
        Projection projection = Projection.of(names);
        builder
            .projectionExpression(projection.expression())
            .expressionAttributeNames(projection.names());
      }
      return builder.build();
    }

    /** Gives a returned item to the lookup whose key it holds. */
    void match(Map<String, AttributeValue> item) {
      for (Set<String> names : keyNames) {
        Lookup lookup = lookups.get(KeyId.of(table, item, names));
        if (lookup != null) {
          lookup.item = item;
          return;
        }
      }
    }
  }
}
