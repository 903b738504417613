package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.SourcePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code dynamodb:Query} part of a mapping's least-privilege policy: one statement per table or
 * index that some query source reads ({@code table/NAME}, or {@code table/NAME/index/INDEX}), with
 * the same {@code dynamodb:Attributes} and {@code dynamodb:Select} conditions as the GetItem
 * statements: the key attributes the query names and every attribute it projects; a query that
 * reads whole items sends no projection and gets no attribute condition.
 *
 * @param resources per resource path ({@code NAME} or {@code NAME/index/INDEX}), what is read
 */
record QueryPolicy(Map<String, ReadPolicy.TableRead> resources) {

  /** The queries among {@code sources} (forEach sources are GetItem/BatchGetItem reads). */
  static QueryPolicy of(List<SourcePlan> sources) {
    Map<String, NavigableSet<String>> keys = new LinkedHashMap<>();
    Map<String, NavigableSet<String>> attributes = new LinkedHashMap<>();
    Set<String> whole = new java.util.HashSet<>();
    for (SourcePlan source : sources) {
      if (source.skip() || !isQuery(source)) {
        continue;
      }
      QueryPlan query = source.query().orElseThrow();
      String resource = source.table() + query.index().map(i -> "/index/" + i).orElse("");
      NavigableSet<String> named = keys.computeIfAbsent(resource, r -> new TreeSet<>());
      named.addAll(source.key().keySet());
      query.sortKey().ifPresent(sort -> named.add(sort.attribute()));
      NavigableSet<String> read = attributes.computeIfAbsent(resource, r -> new TreeSet<>());
      Optional<Set<String>> projected = source.attributes().filter(a -> !a.isEmpty());
      if (projected.isPresent()) {
        read.addAll(projected.get());
      } else {
        whole.add(resource);
      }
    }
    Map<String, ReadPolicy.TableRead> resources = new LinkedHashMap<>();
    keys.forEach(
        (resource, names) ->
            resources.put(
                resource,
                new ReadPolicy.TableRead(
                    names,
                    whole.contains(resource)
                        ? Optional.empty()
                        : Optional.of(attributes.get(resource)))));
    return new QueryPolicy(resources);
  }

  /** Whether the source reads with a DynamoDB Query (not forEach, not GetItem). */
  static boolean isQuery(SourcePlan source) {
    return source.query().isPresent() && source.query().get().isQuery();
  }

  /** Adds the Query statements, numbered on from {@code n}. */
  void addTo(ArrayNode statements, String partition, String region, String account, int n) {
    for (Map.Entry<String, ReadPolicy.TableRead> resource : resources.entrySet()) {
      String arn = ReadPolicy.tableArn(resource.getKey(), partition, region, account);
      ReadPolicy.allow(
          statements,
          "QueryMappedItems" + ++n,
          List.of("dynamodb:Query"),
          arn,
          resource.getValue());
    }
  }
}
