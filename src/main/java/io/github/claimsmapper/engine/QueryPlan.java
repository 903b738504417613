package io.github.claimsmapper.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a source whose value is a list of items reads them: a DynamoDB {@code Query} (the source's
 * key holds the partition key's template; an optional sort-key condition; the table or an index),
 * or one item per element of a list ({@code forEach}; the source's key templates read {@code
 * each}). Such a source's value is the list of items found, in order; {@code []} when none.
 *
 * @param index the secondary index to query, or empty for the table (queries only)
 * @param sortKey the sort-key condition, or empty for every item of the partition (queries only)
 * @param forEach the expression yielding the list of keys, or empty for a query
 * @param limit the most items the source yields
 * @param onTruncated what to do when more than {@code limit} items match (or elements are listed):
 *     {@code deny}, or {@code continue} with the first {@code limit}
 * @param scanIndexForward sort-key order ascending (true) or descending (queries only)
 */
public record QueryPlan(
    Optional<String> index,
    Optional<SortKey> sortKey,
    Optional<Expression> forEach,
    int limit,
    Policy onTruncated,
    boolean scanIndexForward) {

  /** The limit when the file names none. */
  public static final int DEFAULT_LIMIT = 25;

  /** The most items one source may yield: one BatchGetItem's worth of keys. */
  public static final int MAX_LIMIT = 100;

  /** The name expressions use for the element a {@code forEach} key is built from. */
  public static final String EACH = "each";

  /**
   * Checks what the parser has made sure of, so that no plan that reads wrongly can be built: a
   * {@code forEach} reads the table by its keys (no index, no sort-key condition), and the limit is
   * one that a single request can honour.
   */
  public QueryPlan {
    if (forEach.isPresent() && (index.isPresent() || sortKey.isPresent())) {
      throw new IllegalArgumentException("forEach reads by key: no index, no sort-key condition");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is not within 1 to " + MAX_LIMIT);
    }
    Objects.requireNonNull(onTruncated, "onTruncated");
  }

  /** True for a DynamoDB Query, false for {@code forEach}. */
  public boolean isQuery() {
    return forEach.isEmpty();
  }

  /** The expressions this reads besides the source's key templates: sort-key operands, forEach. */
  public List<Expression> expressions() {
    return expressions(sortKey, forEach);
  }

  /**
   * The expressions of a sort-key condition and a {@code forEach}, as {@link #expressions()} lists
   * them; for the parser, whose parts are not a plan yet.
   */
  public static List<Expression> expressions(
      Optional<SortKey> sortKey, Optional<Expression> forEach) {
    List<Expression> expressions = new ArrayList<>();
    if (sortKey.isPresent()) {
      for (Template operand : sortKey.get().operands()) {
        expressions.addAll(operand.expressions());
      }
    }
    forEach.ifPresent(expressions::add);
    return expressions;
  }

  /**
   * A condition on the sort key.
   *
   * @param attribute the sort key's attribute name
   * @param operator the comparison
   * @param operands its templates: two for {@code between}, one otherwise
   */
  public record SortKey(String attribute, Operator operator, List<Template> operands) {
    public SortKey {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(operator, "operator");
      operands = List.copyOf(operands);
    }
  }

  /** The sort-key comparisons DynamoDB's key conditions allow, by their names in the file. */
  public enum Operator {
    EQUALS("equals", "="),
    BEGINS_WITH("beginsWith", "begins with"),
    BETWEEN("between", "between"),
    LT("lt", "<"),
    LE("le", "<="),
    GT("gt", ">"),
    GE("ge", ">=");

    private final String yamlName;
    private final String symbol;

    Operator(String yamlName, String symbol) {
      this.yamlName = yamlName;
      this.symbol = symbol;
    }

    /** The name as written in a mapping file. */
    public String yamlName() {
      return yamlName;
    }

    /** How explanations write it. */
    public String symbol() {
      return symbol;
    }

    /** How many templates it takes. */
    public int operands() {
      return this == BETWEEN ? 2 : 1;
    }
  }
}
