package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to query: the items of one partition, on the table or a secondary index, optionally only
 * those whose sort key meets a condition.
 *
 * @param source the mapping's name for this source, so offline sources can answer by name
 * @param table the table name
 * @param index the secondary index, or empty for the table
 * @param partitionKey the partition key's attribute name
 * @param partitionValue its value: text is sent as {@code S}, a number as {@code N}
 * @param sortKey the sort-key condition, or empty for the whole partition
 * @param limit the most items wanted; the source finds out whether more match
 * @param scanIndexForward ascending sort-key order (true) or descending
 * @param consistentRead whether to read consistently (not on a global secondary index)
 * @param attributes the top-level attributes to return, or empty for whole items
 */
public record QueryRequest(
    String source,
    String table,
    Optional<String> index,
    String partitionKey,
    JsonNode partitionValue,
    Optional<SortCondition> sortKey,
    int limit,
    boolean scanIndexForward,
    boolean consistentRead,
    Optional<Set<String>> attributes) {

  public QueryRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(partitionValue, "partitionValue");
    Objects.requireNonNull(sortKey, "sortKey");
    attributes = attributes.map(Set::copyOf);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  /**
   * A condition on the sort key.
   *
   * @param attribute the sort key's attribute name
   * @param operator the comparison
   * @param values its operands, text or numbers: two for {@link Operator#BETWEEN}, else one
   */
  public record SortCondition(String attribute, Operator operator, List<JsonNode> values) {
    public SortCondition {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(operator, "operator");
      values = List.copyOf(values);
      if (values.size() != (operator == Operator.BETWEEN ? 2 : 1)) {
        throw new IllegalArgumentException(operator + " takes " + values.size() + " values");
      }
    }
  }

  /** The sort-key comparisons of DynamoDB's key condition expressions. */
  public enum Operator {
    EQUALS,
    BEGINS_WITH,
    BETWEEN,
    LT,
    LE,
    GT,
    GE
  }
}
