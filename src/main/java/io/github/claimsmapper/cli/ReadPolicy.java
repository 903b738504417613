package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.config.TableNames;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.RulePlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DynamoDB reads a mapping can make, and the least-privilege IAM policy that allows exactly
 * those: {@code dynamodb:GetItem} (and {@code dynamodb:BatchGetItem} only when two lookups can
 * share a round) on the tables the mapping reads, each limited with the {@code dynamodb:Attributes}
 * and {@code dynamodb:Select} condition keys to the attributes the function projects; {@code
 * dynamodb:Query} on the tables and indexes query sources read ({@link QueryPolicy}).
 *
 * <p>Derived from the compiled plan as the function reads it: every source, in the base and in
 * every rule (a rule's source plan is complete), except those a rule turns off. The attributes of a
 * table are its key attributes and every attribute a lookup on it projects (the function's {@code
 * ProjectionExpression}, see {@code DynamoDbItemSource}); a lookup that needs the whole item sends
 * no projection, and IAM checks {@code dynamodb:Attributes} only against the attributes a request
 * names, so such a table gets no attribute condition at all.
 *
 * @param tables per table name, what is read from it, in the order the mapping names the tables
 * @param batch whether some sign-in can read two items in one round, which the function does with
 *     one {@code BatchGetItem} (as it does a {@code forEach} source's items)
 * @param queries the tables and indexes query sources read ({@code dynamodb:Query})
 */
record ReadPolicy(Map<String, TableRead> tables, boolean batch, QueryPolicy queries) {

  /** Rules that change sources beyond this many: their combinations are not enumerated. */
  static final int MAX_ENUMERATED_RULES = 12;

  /**
   * What is read from one table.
   *
   * @param keys the key attribute names
   * @param attributes the projected attribute names, or empty when some lookup reads whole items
   */
  record TableRead(NavigableSet<String> keys, Optional<NavigableSet<String>> attributes) {
    /** Every attribute name a request to this table can name: keys and projected attributes. */
    NavigableSet<String> names() {
      NavigableSet<String> names = new TreeSet<>(keys);
      attributes.ifPresent(names::addAll);
      return names;
    }
  }

  /** The reads of {@code plan}. */
  static ReadPolicy of(MappingPlan plan) {
    List<SourcePlan> all = new ArrayList<>(plan.sources());
    plan.rules().forEach(rule -> all.addAll(rule.sources().values()));
    Map<String, NavigableSet<String>> keys = new LinkedHashMap<>();
    Map<String, NavigableSet<String>> attributes = new LinkedHashMap<>();
    Set<String> wholeItem = new HashSet<>();
    boolean forEach = false;
    for (SourcePlan source : all) {
      if (source.skip() || QueryPolicy.isQuery(source)) {
        continue;
      }
      forEach |= source.query().isPresent();
      keys.computeIfAbsent(source.table(), t -> new TreeSet<>()).addAll(source.key().keySet());
      NavigableSet<String> names = attributes.computeIfAbsent(source.table(), t -> new TreeSet<>());
      Optional<Set<String>> projected = source.attributes().filter(a -> !a.isEmpty());
      if (projected.isPresent()) {
        names.addAll(projected.get());
      } else {
        wholeItem.add(source.table());
      }
    }
    Map<String, TableRead> tables = new LinkedHashMap<>();
    keys.forEach(
        (table, keyNames) ->
            tables.put(
                table,
                new TableRead(
                    keyNames,
                    wholeItem.contains(table)
                        ? Optional.empty()
                        : Optional.of(attributes.get(table)))));
    return new ReadPolicy(tables, forEach || canBatch(plan), QueryPolicy.of(all));
  }

  /**
   * True when, for some set of rules that hold together, two lookups fall into one round (the
   * function reads a round's lookups with one {@code BatchGetItem}). Rules' conditions are not
   * solved: every combination of the rules that change sources counts, which can only allow more.
   */
  private static boolean canBatch(MappingPlan plan) {
    List<RulePlan> changing = plan.rules().stream().filter(r -> !r.sources().isEmpty()).toList();
    if (changing.size() > MAX_ENUMERATED_RULES) {
      Set<String> names = new HashSet<>();
      plan.sources().forEach(s -> names.add(s.name()));
      changing.forEach(r -> names.addAll(r.sources().keySet()));
      return names.size() > 1;
    }
    for (int combination = 0; combination < 1 << changing.size(); combination++) {
      Map<String, SourcePlan> effective = new LinkedHashMap<>();
      plan.sources().forEach(s -> effective.put(s.name(), s));
      for (int i = 0; i < changing.size(); i++) {
        if ((combination & 1 << i) != 0) {
          effective.putAll(changing.get(i).sources());
        }
      }
      if (sharesARound(effective.values())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The function's rounds (ClaimsMapper.lookUp): each reads every source whose key needs nothing
   * unread.
   */
  private static boolean sharesARound(Iterable<SourcePlan> sources) {
    List<SourcePlan> pending = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (SourcePlan source : sources) {
      if (source.skip()) {
        done.add(source.name());
      } else {
        pending.add(source);
      }
    }
    while (!pending.isEmpty()) {
      List<SourcePlan> round =
          pending.stream().filter(s -> done.containsAll(s.dependsOn())).toList();
      if (round.stream().filter(s -> !QueryPolicy.isQuery(s)).count() > 1) {
        return true; // a query is a call of its own, never part of a BatchGetItem
      }
      if (round.isEmpty()) {
        return false; // the loader rejects cycles
      }
      round.forEach(s -> done.add(s.name()));
      pending.removeAll(round);
    }
    return false;
  }

  /**
   * The IAM policy document.
   *
   * @param partition the ARN partition ({@code aws}, {@code aws-cn}, ...)
   * @param region the tables' region, or {@code *}
   * @param account the tables' account id, or {@code *}
   */
  ObjectNode document(String partition, String region, String account) {
    ObjectNode policy = Json.MAPPER.createObjectNode();
    policy.put("Version", "2012-10-17");
    ArrayNode statements = policy.putArray("Statement");
    int n = 0;
    for (Map.Entry<String, TableRead> table : tables.entrySet()) {
      List<String> actions =
          batch
              ? List.of("dynamodb:GetItem", "dynamodb:BatchGetItem")
              : List.of("dynamodb:GetItem");
      String arn = tableArn(table.getKey(), partition, region, account);
      allow(statements, "ReadMappedItems" + ++n, actions, arn, table.getValue());
    }
    queries.addTo(statements, partition, region, account, 0);
    return policy;
  }

  /**
   * Adds the statement {@code sid} that allows {@code actions} on the table {@code arn}, only for
   * the attribute names {@code read} can name when its sources project.
   */
  static void allow(
      ArrayNode statements, String sid, List<String> actions, String arn, TableRead read) {
    ObjectNode statement = statements.addObject();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    actions.forEach(statement.putArray("Action")::add);
    statement.put("Resource", arn);
    if (read.attributes().isPresent()) {
      ObjectNode condition = statement.putObject("Condition");
      ArrayNode names =
          condition.putObject("ForAllValues:StringEquals").putArray("dynamodb:Attributes");
      read.names().forEach(names::add);
      condition.putObject("StringEqualsIfExists").put("dynamodb:Select", "SPECIFIC_ATTRIBUTES");
    }
  }

  /**
   * The ARN of a table the mapping names: the name itself when the mapping gives an ARN (a table in
   * another account or region keeps its own), else built from the partition, region and account.
   */
  static String tableArn(String table, String partition, String region, String account) {
    return TableNames.isArn(table)
        ? table
        : "arn:" + partition + ":dynamodb:" + region + ":" + account + ":table/" + table;
  }
}
