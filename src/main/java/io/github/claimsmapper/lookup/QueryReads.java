package io.github.claimsmapper.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.DenialReason;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.MappingDenied;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.QueryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads one list-valued source of a sign-in for {@link Lookups.Reads}: a query (one {@code Query},
 * page by page) or {@code forEach} (one item per element of a list, fetched together: one
 * BatchGetItem per 100 keys). Its value is the list of items found, in order, {@code []} when none
 * (then {@code onMissing} applies); more than {@code limit} is {@code onTruncated}'s to decide. A
 * failure goes to {@code onError} as for single items, and the source's cache serves fresh and
 * stale lists as it serves items. Apart from {@link Lookups} so that mappings without such sources
 * never load it.
 */
final class QueryReads {
  private final Lookups.Reads reads;
  private final ItemSource items;
  private final Notes log;

  QueryReads(Lookups.Reads reads, ItemSource items, Notes log) {
    this.reads = reads;
    this.items = items;
    this.log = log;
  }

  /**
   * Builds the source's query or keys and starts its read; null when nothing is left to wait for
   * (served from the cache, or a key that cannot be built, its policies applied).
   */
  Landing start(SourcePlan source, ObjectNode envelope, long deadline) {
    QueryPlan plan = source.query().orElseThrow();
    return plan.isQuery()
        ? query(source, plan, envelope, deadline)
        : forEach(source, plan, envelope, deadline);
  }

  private Landing query(SourcePlan source, QueryPlan plan, ObjectNode envelope, long deadline) {
    Map.Entry<String, Template> partition = source.key().entrySet().iterator().next();
    JsonNode partitionValue =
        value(source, "query", partition.getKey(), partition.getValue(), envelope);
    if (partitionValue == null) {
      return null;
    }
    Optional<QueryRequest.SortCondition> sort = Optional.empty();
    if (plan.sortKey().isPresent()) {
      QueryPlan.SortKey condition = plan.sortKey().get();
      List<JsonNode> values = new ArrayList<>(condition.operands().size());
      for (Template operand : condition.operands()) {
        JsonNode value = value(source, "query", condition.attribute(), operand, envelope);
        if (value == null) {
          return null;
        }
        values.add(value);
      }
      sort =
          Optional.of(
              new QueryRequest.SortCondition(
                  condition.attribute(),
                  QueryRequest.Operator.valueOf(condition.operator().name()),
                  values));
    }
    ItemCache.Key cached =
        source.cache().isEmpty() ? null : cacheKey(source, plan, partitionValue, sort);
    if (cached != null && reads.servedFresh(source, cached, envelope, System.nanoTime())) {
      return null;
    }
    QueryRequest request =
        new QueryRequest(
            source.name(),
            source.table(),
            plan.index(),
            partition.getKey(),
            partitionValue,
            sort,
            plan.limit(),
            plan.scanIndexForward(),
            source.consistentRead(),
            source.attributes());
    return read(
        source,
        cached,
        envelope,
        "query",
        deadline,
        left -> items.startQuery(request, left),
        result -> {
          String what = // for render --explain only: the function's sign-ins build no such text
              !reads.trace.enabled()
                  ? ""
                  : "query "
                      + source.table()
                      + plan.index().map(index -> " (index " + index + ")").orElse("")
                      + ": "
                      + describe(partition, plan)
                      + (result.calls() > 1 ? ", in " + result.calls() + " pages" : "");
          if (result.truncated()) {
            truncated(source, plan, what);
          }
          land(source, plan, cached, result.items(), result.truncated(), what, envelope);
        });
  }

  /** The cache's key of a query: its partition and the rest of the query beside it. */
  private static ItemCache.Key cacheKey(
      SourcePlan source,
      QueryPlan plan,
      JsonNode partition,
      Optional<QueryRequest.SortCondition> sort) {
    ArrayNode rest = Json.MAPPER.createArrayNode().add(plan.index().orElse(""));
    if (sort.isPresent()) {
      rest.add(sort.get().attribute()).add(sort.get().operator().name());
      rest.addAll(sort.get().values());
    }
    rest.add(plan.limit()).add(plan.scanIndexForward());
    Map<String, JsonNode> key = new LinkedHashMap<>();
    key.put(source.key().keySet().iterator().next(), partition);
    key.put("", rest); // no attribute has an empty name: the rest of the query
    return new ItemCache.Key(source.table(), key, source.attributes());
  }

  private Landing forEach(SourcePlan source, QueryPlan plan, ObjectNode envelope, long deadline) {
    JsonNode list;
    try {
      list = plan.forEach().orElseThrow().evaluate(envelope);
    } catch (EvaluationException e) {
      reads.trace.step(source.path("forEach"), Trace.Outcome.FAILED, e.getMessage());
      reads.failed(source, source.path("forEach"), e.getMessage(), DenialReason.EVALUATION_FAILED);
      return null;
    }
    if (!list.isArray() && !list.isNull() && !list.isMissingNode()) {
      failed(source, source.path("forEach"), "forEach must yield a list, found " + typeOf(list));
      return null;
    }
    Set<Object> seen = new HashSet<>();
    List<JsonNode> elements = new ArrayList<>(list.size());
    for (JsonNode element : list) {
      if (!element.isTextual() && !element.isNumber()) {
        failed(
            source,
            source.path("forEach"),
            "forEach must yield strings or numbers, found " + typeOf(element));
        return null;
      }
      if (seen.add(distinct(element))) { // an element listed again is read once, at its first place
        elements.add(element);
      }
    }
    boolean truncated = elements.size() > plan.limit();
    if (truncated) {
      truncated(source, plan, "forEach: " + elements.size() + " keys");
      elements = elements.subList(0, plan.limit());
    }
    List<ItemRequest> requests = new ArrayList<>(elements.size());
    ArrayNode keys = Json.MAPPER.createArrayNode();
    ObjectNode scope = Json.MAPPER.createObjectNode(); // the envelope with 'each' beside it
    scope.setAll(envelope);
    seen.clear();
    for (JsonNode element : elements) {
      scope.set(QueryPlan.EACH, element);
      Map<String, JsonNode> key = new LinkedHashMap<>();
      List<Object> same = new ArrayList<>(source.key().size());
      for (Map.Entry<String, Template> attribute : source.key().entrySet()) {
        JsonNode value = value(source, "key", attribute.getKey(), attribute.getValue(), scope);
        if (value == null) {
          return null;
        }
        key.put(attribute.getKey(), value);
        same.add(distinct(value));
      }
      if (seen.add(same)) { // two elements that give one key: that item once
        keys.add(Json.MAPPER.valueToTree(key));
        requests.add(
            new ItemRequest(
                source.name(), source.table(), key, source.consistentRead(), source.attributes()));
      }
    }
    Map<String, JsonNode> each = new LinkedHashMap<>();
    each.put("", keys.add(IntNode.valueOf(plan.limit())));
    ItemCache.Key cached = new ItemCache.Key(source.table(), each, source.attributes());
    if (requests.isEmpty()) {
      return Lookups.landed(
          () -> land(source, plan, cached, List.of(), truncated, "forEach: no keys", envelope));
    }
    if (reads.servedFresh(source, cached, envelope, System.nanoTime())) {
      return null;
    }
    return read(
        source,
        cached,
        envelope,
        "lookup",
        deadline,
        left -> items.startFindAll(requests, left),
        found -> {
          List<ObjectNode> present = new ArrayList<>(found.size());
          for (Optional<ObjectNode> item : found) {
            item.ifPresent(present::add);
          }
          String what = "forEach: " + requests.size() + " keys in " + source.table();
          land(source, plan, cached, present, truncated, what, envelope);
        });
  }

  /** What tells one key value from another: text by its characters, numbers by their value. */
  private static Object distinct(JsonNode value) {
    return value.isNumber() ? value.decimalValue().stripTrailingZeros() : value.textValue();
  }

  /**
   * Starts a read within what is left of the deadline (counted, and a cache miss for a source with
   * a cache; none left fails it as a timeout) and returns how its answer lands: with {@code then},
   * or, failed, through the source's onError ({@code what} names the call).
   */
  private <T> Landing read(
      SourcePlan source,
      ItemCache.Key cached,
      ObjectNode envelope,
      String what,
      long deadline,
      Function<Duration, ItemSource.Started<T>> start,
      Consumer<T> then) {
    long left = deadline - System.nanoTime();
    reads.count++;
    if (source.cache().isPresent()) {
      reads.cache = reads.cache.and(CacheOutcome.MISS);
    }
    ItemSource.Started<T> answer =
        left <= 0
            ? Lookups.budgetSpent()
            : Lookups.begin(() -> start.apply(Duration.ofNanos(left)));
    return reads.landing(source, cached, envelope, what, answer, then);
  }

  /** The list found goes into the envelope, after onTruncated and onMissing had their say. */
  private void land(
      SourcePlan source,
      QueryPlan plan,
      ItemCache.Key cached,
      List<ObjectNode> found,
      boolean truncated,
      String what,
      ObjectNode envelope) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    found.forEach(list::add);
    envelope.set(source.name(), list);
    if (found.isEmpty()) {
      reads.trace.step(
          source.path(),
          Trace.Outcome.MISSING,
          what + ": no item (onMissing: " + source.onMissing().yamlName() + ")");
      reads.missing(source, source.path() + ": no item matched");
      return;
    }
    if (reads.trace.enabled() && !truncated) {
      reads.trace.step(
          source.path(),
          Trace.Outcome.APPLIED,
          what + ": " + found.size() + (plan.isQuery() ? " matched" : " found"));
    }
    reads.remember(source, cached, list, System.nanoTime());
  }

  /** More than the limit: onTruncated denies, or goes on with the first items (and logs it). */
  private void truncated(SourcePlan source, QueryPlan plan, String what) {
    String more =
        "more than "
            + plan.limit()
            + (plan.isQuery() ? " items match" : " keys are listed")
            + " (onTruncated: "
            + plan.onTruncated().yamlName()
            + ")";
    if (plan.onTruncated() == Policy.DENY) {
      reads.trace.step(source.path(), Trace.Outcome.DENIED, what + ": " + more);
      throw new MappingDenied(source.path("onTruncated"), more, DenialReason.TOO_MANY_ITEMS);
    }
    reads.trace.step(
        source.path(), Trace.Outcome.FAILED, what + ": " + more + ": the first " + plan.limit());
    log.info("ref " + reads.reference + ": " + source.path() + ": " + more);
  }

  private static String describe(Map.Entry<String, Template> partition, QueryPlan plan) {
    StringBuilder text = new StringBuilder();
    text.append(partition.getKey()).append(" = \"").append(partition.getValue().text()).append('"');
    if (plan.sortKey().isPresent()) {
      QueryPlan.SortKey sort = plan.sortKey().get();
      text.append(" and ").append(sort.attribute()).append(' ').append(sort.operator().symbol());
      for (int i = 0; i < sort.operands().size(); i++) {
        text.append(i == 0 ? " \"" : " and \"").append(sort.operands().get(i).text()).append('"');
      }
    }
    return text.toString();
  }

  /**
   * A key part's value, or null when it cannot be built (the source's policies have then been
   * applied: onMissing for a null part, onError for a failure or a value that is not text or a
   * number).
   */
  private JsonNode value(
      SourcePlan source, String part, String attribute, Template template, JsonNode scope) {
    JsonNode value;
    try {
      value = template.evaluate(scope);
    } catch (EvaluationException e) {
      failed(source, source.path(part, attribute), e.getMessage());
      return null;
    }
    if (value.isNull() || value.isMissingNode()) {
      String path = source.path(part, attribute);
      reads.trace.step(
          path,
          Trace.Outcome.MISSING,
          "the key cannot be built: "
              + template.text()
              + " has a null part (onMissing: "
              + source.onMissing().yamlName()
              + ")");
      reads.missing(source, path + ": the key cannot be built, a value it needs is missing");
      return null;
    }
    if (!value.isTextual() && !value.isNumber()) {
      failed(source, source.path(part, attribute), "a key value must be a string or a number");
      return null;
    }
    return value;
  }

  private void failed(SourcePlan source, String path, String reason) {
    reads.trace.step(
        path, Trace.Outcome.FAILED, reason + " (onError: " + source.onError().yamlName() + ")");
    reads.failed(source, path, reason, DenialReason.EVALUATION_FAILED);
  }

  private static String typeOf(JsonNode value) {
    return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
