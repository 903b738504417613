package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.Template;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the parts of a source that make its value a list of items: {@code query} (with {@code
 * index}, {@code indexType}, {@code scanIndexForward}) or {@code forEach}, and {@code limit} and
 * {@code onTruncated}. Kept apart from {@link SourceParser}, which calls it only for entries that
 * use these keys, so a mapping without them never loads this code.
 */
final class QueryParser extends SectionParser {
  QueryParser(Fields fields, Expressions expressions) {
    super(fields, expressions);
  }

  /**
   * The list-reading parts of one source entry, or of a rule's change ({@code definition} false:
   * only {@code limit} and {@code onTruncated}).
   */
  Optional<QueryParts> read(ObjectNode source, String path, String name, boolean definition) {
    boolean query = definition && source.has("query");
    Optional<Map<String, Template>> partition = Optional.empty();
    Optional<QueryPlan.SortKey> sortKey = Optional.empty();
    if (query) {
      Optional<ObjectNode> conditions = fields.object(source.get("query"), path + ".query");
      if (conditions.isPresent()) {
        Map<String, Template> pk = new LinkedHashMap<>();
        sortKey = conditions(conditions.get(), path + ".query", name, pk);
        partition = pk.isEmpty() ? Optional.empty() : Optional.of(pk);
      }
      if (source.has("key")) {
        diagnostics.errorAtKey(
            path + ".key",
            "a source has either 'key' (one item, GetItem) or 'query' (a list of items), not both");
      }
    }
    Optional<Expression> forEach = Optional.empty();
    if (definition && source.has("forEach")) {
      Optional<String> text = fields.string(source.get("forEach"), path + ".forEach");
      forEach = text.isPresent() ? expressions.expression(text.get(), path + ".forEach") : forEach;
      if (forEach.isPresent() && SourceGraph.reads(forEach.get(), name)) {
        diagnostics.errorInText(
            path + ".forEach", 0, "forEach cannot read its own source '" + name + "'");
      }
      if (query) {
        diagnostics.errorAtKey(
            path + ".forEach", "a source has either 'query' or 'forEach', not both");
      }
    }
    boolean listed = query || (definition && source.has("forEach"));
    Optional<String> index = Optional.empty();
    boolean local = false;
    if (definition) {
      index = index(source, path, query);
      local = indexType(source, path, index.isPresent());
      if (source.has("scanIndexForward") && !query) {
        diagnostics.errorAtKey(
            path + ".scanIndexForward",
            "scanIndexForward orders a query's items: it needs 'query'");
      }
      if (index.isPresent() && !local && isTrue(source.get("consistentRead"))) {
        diagnostics.error(
            path + ".consistentRead",
            "a global secondary index cannot be read consistently (DynamoDB refuses it); if '"
                + index.get()
                + "' is a local secondary index, say indexType: local");
      }
    }
    Optional<Boolean> forward =
        query && source.has("scanIndexForward")
            ? fields.bool(source.get("scanIndexForward"), path + ".scanIndexForward")
            : Optional.empty();
    OptionalInt limit =
        source.has("limit") ? limit(source.get("limit"), path) : OptionalInt.empty();
    Optional<Policy> onTruncated =
        source.has("onTruncated")
            ? fields.policy(source.get("onTruncated"), path + ".onTruncated", false)
            : Optional.empty();
    if (definition && !listed) {
      for (String key : List.of("limit", "onTruncated")) {
        if (source.has(key)) {
          diagnostics.errorAtKey(
              path + "." + key, "'" + key + "' applies to sources with 'query' or 'forEach'");
        }
      }
    }
    return Optional.of(
        new QueryParts(
            query, partition, index, local, sortKey, forEach, limit, onTruncated, forward));
  }

  /** The partition key's template into {@code partition}; the sort-key condition, if any. */
  private Optional<QueryPlan.SortKey> conditions(
      ObjectNode conditions, String path, String name, Map<String, Template> partition) {
    if (conditions.size() == 0 || conditions.size() > 2) {
      diagnostics.error(
          path,
          "a query has the partition key and its template, and optionally a sort-key condition;"
              + " found "
              + conditions.size()
              + " entries");
      return Optional.empty();
    }
    Iterator<Map.Entry<String, JsonNode>> entries = conditions.properties().iterator();
    Map.Entry<String, JsonNode> first = entries.next();
    String pkPath = DocumentPath.child(path, first.getKey());
    if (named(first.getKey(), pkPath)) {
      Optional<String> text = fields.string(first.getValue(), pkPath);
      if (text.isPresent() && text.get().isEmpty()) {
        diagnostics.error(pkPath, "the partition key's template cannot be empty");
      } else if (text.isPresent()) {
        Optional<Template> template = template(text.get(), pkPath, name);
        if (template.isPresent()) {
          partition.put(first.getKey(), template.get());
        }
      }
    }
    if (!entries.hasNext()) {
      return Optional.empty();
    }
    Map.Entry<String, JsonNode> second = entries.next();
    String skPath = DocumentPath.child(path, second.getKey());
    if (!named(second.getKey(), skPath)) {
      return Optional.empty();
    }
    if (second.getValue().isTextual()) {
      return sortKey(second.getKey(), QueryPlan.Operator.EQUALS, second.getValue(), skPath, name);
    }
    Optional<ObjectNode> condition = fields.object(second.getValue(), skPath);
    if (condition.isEmpty()) {
      return Optional.empty();
    }
    if (condition.get().size() != 1) {
      diagnostics.error(
          skPath,
          "a sort-key condition is one of: equals, beginsWith, between, lt, le, gt, ge; found "
              + condition.get().size()
              + " entries");
      return Optional.empty();
    }
    Map.Entry<String, JsonNode> op = condition.get().properties().iterator().next();
    for (QueryPlan.Operator operator : QueryPlan.Operator.values()) {
      if (operator.yamlName().equals(op.getKey())) {
        return sortKey(
            second.getKey(),
            operator,
            op.getValue(),
            DocumentPath.child(skPath, op.getKey()),
            name);
      }
    }
    diagnostics.errorAtKey(
        DocumentPath.child(skPath, op.getKey()),
        "unknown sort-key operator '"
            + op.getKey()
            + "' (expected one of: equals, beginsWith, between, lt, le, gt, ge)");
    return Optional.empty();
  }

  private Optional<QueryPlan.SortKey> sortKey(
      String attribute, QueryPlan.Operator operator, JsonNode node, String path, String name) {
    List<Template> operands = new ArrayList<>();
    if (operator == QueryPlan.Operator.BETWEEN) {
      if (!node.isArray() || node.size() != 2) {
        diagnostics.error(path, "between takes a list of two templates: [low, high]");
        return Optional.empty();
      }
      for (int i = 0; i < 2; i++) {
        operand(node.get(i), DocumentPath.index(path, i), name, operands);
      }
    } else {
      operand(node, path, name, operands);
    }
    return operands.size() == operator.operands()
        ? Optional.of(new QueryPlan.SortKey(attribute, operator, operands))
        : Optional.empty();
  }

  private void operand(JsonNode node, String path, String name, List<Template> operands) {
    Optional<String> text = fields.string(node, path);
    if (text.isPresent() && text.get().isEmpty()) {
      diagnostics.error(path, "a sort-key template cannot be empty");
    } else if (text.isPresent()) {
      template(text.get(), path, name).ifPresent(operands::add);
    }
  }

  private Optional<Template> template(String text, String path, String name) {
    Optional<Template> template = expressions.template(text, path);
    template.ifPresent(t -> rejectSelfReads(t, path, name, "a query"));
    return template;
  }

  private boolean named(String attribute, String path) {
    if (attribute.isEmpty()) {
      diagnostics.errorAtKey(path, "a key attribute name cannot be empty");
      return false;
    }
    return true;
  }

  private Optional<String> index(ObjectNode source, String path, boolean query) {
    if (!source.has("index")) {
      return Optional.empty();
    }
    Optional<String> index = fields.string(source.get("index"), path + ".index");
    if (index.isPresent() && index.get().isBlank()) {
      diagnostics.error(path + ".index", "the index name is empty");
      return Optional.empty();
    }
    if (!query) {
      diagnostics.errorAtKey(
          path + ".index",
          "an index is read with 'query': GetItem and forEach read the table by its key");
      return Optional.empty();
    }
    return index;
  }

  private boolean indexType(ObjectNode source, String path, boolean indexed) {
    if (!source.has("indexType")) {
      return false;
    }
    String typePath = path + ".indexType";
    Optional<String> type = fields.string(source.get("indexType"), typePath);
    if (type.isPresent() && !type.get().equals("global") && !type.get().equals("local")) {
      diagnostics.error(
          typePath, "unknown index type '" + type.get() + "' (expected one of: global, local)");
    } else if (type.isPresent() && !indexed) {
      diagnostics.errorAtKey(typePath, "indexType describes 'index', which is not given");
    }
    return type.isPresent() && type.get().equals("local");
  }

  private OptionalInt limit(JsonNode node, String path) {
    OptionalInt limit = fields.positive(node, path + ".limit", "a whole number from 1 to 100");
    if (limit.isPresent() && limit.getAsInt() > QueryPlan.MAX_LIMIT) {
      diagnostics.error(
          path + ".limit",
          "a source yields at most "
              + QueryPlan.MAX_LIMIT
              + " items (one BatchGetItem's worth), found "
              + limit.getAsInt());
      return OptionalInt.empty();
    }
    return limit;
  }

  private static boolean isTrue(JsonNode node) {
    return node != null && node.isBoolean() && node.booleanValue();
  }

  /**
   * Checks a rule's change to a source against the source it changes: a query keeps its query (a
   * {@code key} would turn it into a GetItem), a GetItem source takes no limit, and a global index
   * is not read consistently.
   */
  static void checkChange(SourceParts base, SourceParts change, Diagnostics diagnostics) {
    boolean query = base.many().isPresent() && base.many().get().query();
    boolean listed = base.many().isPresent() && base.many().get().defines();
    if (query && change.key().isPresent()) {
      diagnostics.errorAtKey(
          change.path() + ".key",
          "source '" + base.name() + "' is a query: a rule cannot give it a key");
    }
    if (!listed && change.many().isPresent()) {
      if (change.many().get().limit().isPresent()) {
        diagnostics.errorAtKey(
            change.path() + ".limit", "'limit' applies to sources with 'query' or 'forEach'");
      }
      if (change.many().get().onTruncated().isPresent()) {
        diagnostics.errorAtKey(
            change.path() + ".onTruncated",
            "'onTruncated' applies to sources with 'query' or 'forEach'");
      }
    }
    if (query
        && base.many().get().index().isPresent()
        && !base.many().get().localIndex()
        && change.consistentRead().orElse(false)) {
      diagnostics.error(
          change.path() + ".consistentRead",
          "a global secondary index cannot be read consistently (DynamoDB refuses it)");
    }
  }

  /** Warns nothing, errs once: a source named {@code each} beside a forEach hides the element. */
  static void checkEachName(Map<String, SourceParts> declared, Diagnostics diagnostics) {
    SourceParts each = declared.get(QueryPlan.EACH);
    if (each == null) {
      return;
    }
    for (SourceParts source : declared.values()) {
      if (source.many().isPresent() && source.many().get().forEach().isPresent()) {
        diagnostics.errorAtKey(
            each.path(),
            "a source cannot be named 'each' in a mapping with forEach: its keys read 'each'");
        return;
      }
    }
  }
}
