package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One mapping query in DynamoDB: a {@code Query} for at most {@code limit + 1} items, following
 * {@code LastEvaluatedKey} from page to page (a page holds at most 1 MB) until it has them or the
 * partition is exhausted. The extra item tells a full list from a truncated one: DynamoDB may send
 * a {@code LastEvaluatedKey} after exactly {@code limit} items with nothing after it.
 *
 * <p>Each page is one call through {@link DynamoDbItemSource#send}, the same deadline-bounded path
 * as GetItem, so every page draws on the sign-in's one deadline. Names go through aliases ({@code
 * #k0} partition key, {@code #k1} sort key, {@code #a0...} projected attributes), values through
 * {@code :k0...}. A separate class so that mappings without queries never load it.
 */
final class DynamoDbQuery {
  static final String QUERY = "Query";

  private final DynamoDbItemSource source;
  private final DynamoDbClient client;

  DynamoDbQuery(DynamoDbItemSource source, DynamoDbClient client) {
    this.source = source;
    this.client = client;
  }

  /**
   * @param deadline a {@link System#nanoTime} value, or {@link DynamoDbItemSource#NO_DEADLINE}
   */
  QueryResult run(QueryRequest request, long deadline) {
    software.amazon.awssdk.services.dynamodb.model.QueryRequest first = toQuery(request);
    List<ObjectNode> items = new ArrayList<>();
    List<Object> partition = partition(request);
    Map<String, AttributeValue> start = null;
    int calls = 0;
    do {
      if (calls > request.limit() + 1) { // every page but the last holds an item: never reached
        throw SourceException.of(SourceException.Kind.KEPT_PAGING, QUERY, null, null);
      }
      software.amazon.awssdk.services.dynamodb.model.QueryRequest.Builder page =
          first.toBuilder().limit(request.limit() + 1 - items.size());
      if (start != null) {
        page.exclusiveStartKey(start);
      }
      QueryResponse response =
          source.send(
              QUERY, partition, deadline, o -> client.query(page.overrideConfiguration(o).build()));
      calls++;
      if (response.hasItems()) {
        for (Map<String, AttributeValue> item : response.items()) {
          items.add(DynamoDbItemSource.convert(QUERY, item));
        }
      }
      start =
          response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
              ? response.lastEvaluatedKey()
              : null;
    } while (start != null && items.size() <= request.limit());
    boolean truncated = items.size() > request.limit();
    return new QueryResult(truncated ? items.subList(0, request.limit()) : items, truncated, calls);
  }

  /** What the executor bounds stalled calls by: one partition of one table or index. */
  static List<Object> partition(QueryRequest request) {
    return List.of(QUERY, request.table(), request.index().orElse(""), request.partitionValue());
  }

  static software.amazon.awssdk.services.dynamodb.model.QueryRequest toQuery(QueryRequest request) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#k0", request.partitionKey());
    values.put(":k0", value(request.partitionKey(), request.partitionValue()));
    String condition = "#k0 = :k0";
    if (request.sortKey().isPresent()) {
      QueryRequest.SortCondition sort = request.sortKey().get();
      names.put("#k1", sort.attribute());
      for (int i = 0; i < sort.values().size(); i++) {
        values.put(":k" + (i + 1), value(sort.attribute(), sort.values().get(i)));
      }
      condition += " AND " + sortCondition(sort.operator());
    }
    software.amazon.awssdk.services.dynamodb.model.QueryRequest.Builder query =
        software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
            .tableName(request.table())
            .keyConditionExpression(condition)
            .scanIndexForward(request.scanIndexForward())
            .consistentRead(request.consistentRead());
    if (request.index().isPresent()) {
      query.indexName(request.index().get());
    }
    Set<String> attributes = request.attributes().orElse(Set.of());
    if (!attributes.isEmpty()) {
      DynamoDbKeys.Projection projection = DynamoDbKeys.Projection.of(attributes);
      names.putAll(projection.names());
      query.projectionExpression(projection.expression());
    }
    return query.expressionAttributeNames(names).expressionAttributeValues(values).build();
  }

  private static String sortCondition(QueryRequest.Operator operator) {
    return switch (operator) {
      case EQUALS -> "#k1 = :k1";
      case BEGINS_WITH -> "begins_with(#k1, :k1)";
      case BETWEEN -> "#k1 BETWEEN :k1 AND :k2";
      case LT -> "#k1 < :k1";
      case LE -> "#k1 <= :k1";
      case GT -> "#k1 > :k1";
      case GE -> "#k1 >= :k1";
    };
  }

  private static AttributeValue value(String name, JsonNode value) {
    return value.isTextual()
        ? AttributeValue.fromS(value.textValue())
        : DynamoDbKeys.number(name, value);
  }
}
