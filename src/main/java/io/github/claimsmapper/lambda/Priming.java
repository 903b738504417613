package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.QueryPlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.QueryRequest;
import io.github.claimsmapper.source.QueryResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots the initialized function, run the code a sign-in runs,
 * so the snapshot holds loaded, initialized classes (Jackson, JMESPath, the plan, the response
 * writer) and a DynamoDB client that has built and signed a request. After a restore, nothing is
 * left to do. Registered by the handler; a no-op on JVMs without CRaC.
 */
final class Priming implements Resource {
  /** A version 2 event that reaches every part of a plan; its user does not exist. */
  static final String SYNTHETIC_EVENT =
      """
      {"version": "2", "triggerSource": "TokenGeneration_Authentication", "region": "us-east-1",
       "userPoolId": "us-east-1_Priming", "userName": "snapstart-priming",
       "callerContext": {"awsSdkVersion": "priming", "clientId": "priming"},
       "request": {"userAttributes": {"sub": "snapstart-priming", "email_verified": "true"},
                   "groupConfiguration": {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null},
                   "scopes": ["openid"]},
       "response": {"claimsAndScopeOverrideDetails": null}}
      """;

  private final MappingPlan plan;
  private final ItemSource store;
  private final Log log;
  private int primed;

  Priming(MappingPlan plan, ItemSource store, Log log) {
    this.plan = plan;
    this.store = store;
    this.log = log;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    log.write(Log.Level.INFO, "restored from a SnapStart snapshot (primed " + primed + " time(s))");
  }

  /**
   * Runs the synthetic event through the façade with empty items (no network), serializes the
   * response, then asks the store for the synthetic user's items of the first round (the sources
   * that need no other: one GetItem, or a BatchGetItem for several) and, when the mapping has a
   * query source, runs its query for the synthetic user, all started together as a sign-in starts
   * them; the answers and any failure are ignored: the point is the classes and the client's first
   * requests, not the data.
   */
  void prime() {
    try {
      ClaimsMapper offline = new ClaimsMapper(plan, new Offline(), Log.NONE);
      JsonNode event = Json.MAPPER.readTree(SYNTHETIC_EVENT);
      try {
        Json.MAPPER.writeValue(new ByteArrayOutputStream(), offline.respond(event, "priming"));
      } catch (SignInDenied expected) {
        // a mapping with required claims denies the synthetic user: the code ran all the same
      }
      List<ItemSource.Started<?>> asked = new ArrayList<>();
      List<ItemRequest> firstRound = // one item: GetItem; several: BatchGetItem, as a sign-in
          plan.sources().stream()
              .filter(s -> s.query().isEmpty() && s.dependsOn().isEmpty())
              .map(
                  s -> new ItemRequest(s.name(), s.table(), syntheticKey(s), false, s.attributes()))
              .toList();
      if (!firstRound.isEmpty()) {
        asked.add(start(() -> store.startFindAll(firstRound, null)));
      }
      plan.sources().stream()
          .filter(s -> s.query().filter(QueryPlan::isQuery).isPresent())
          .findFirst()
          .ifPresent(
              query -> asked.add(start(() -> store.startQuery(syntheticQuery(query), null))));
      for (ItemSource.Started<?> answer : asked) {
        try {
          answer.get();
        } catch (RuntimeException ignored) {
          // unreachable table, a numeric key, anything the store threw: the client still built,
          // signed and sent a request, which is all priming is for
        }
      }
      primed++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ItemSource.Started<?> start(Supplier<ItemSource.Started<?>> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      return ItemSource.Started.now(() -> null); // not sent: nothing to wait for
    }
  }

  private static Map<String, JsonNode> syntheticKey(SourcePlan source) {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    source.key().keySet().forEach(name -> key.put(name, TextNode.valueOf("snapstart-priming")));
    return key;
  }

  /** The query of {@code source} for the synthetic user: its partition, no sort-key condition. */
  private static QueryRequest syntheticQuery(SourcePlan source) {
    QueryPlan plan = source.query().orElseThrow();
    return new QueryRequest(
        source.name(),
        source.table(),
        plan.index(),
        source.key().keySet().iterator().next(),
        TextNode.valueOf("snapstart-priming"),
        Optional.empty(),
        plan.limit(),
        plan.scanIndexForward(),
        false,
        source.attributes());
  }

  /** What the offline run reads: an empty item for every key, one empty item for every query. */
  private static final class Offline implements ItemSource {
    @Override
    public Optional<ObjectNode> find(ItemRequest request) {
      return Optional.of(Json.MAPPER.createObjectNode());
    }

    @Override
    public QueryResult query(QueryRequest request, Duration timeLeft) {
      return new QueryResult(List.of(Json.MAPPER.createObjectNode()), false, 1);
    }
  }

  int timesPrimed() {
    return primed;
  }
}
