package io.github.claimsmapper.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.QueryRequest;
import io.github.claimsmapper.source.QueryResult;
import io.github.claimsmapper.source.SourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the lookups count for the summary line, and what the caches hand out. */
class LookupsTest {
  static final String MAPPING =
      """
      version: 1
      source:
        table: users
        key: { id: "${event.userName}" }
        onError: continue
      idToken:
        claims:
          plan: item.plan
      """;

  final List<Invocation> summaries = new ArrayList<>();

  Invocation signIn(ItemSourceThatThrows store) throws Exception {
    MappingPlan plan = new MappingLoader(Map.of()).load("m.yaml", MAPPING).plan();
    new ClaimsMapper(plan, store::find, Log.NONE, summaries::add)
        .respond(CacheOutcomeTest.event("jane"), "r1");
    return summaries.get(summaries.size() - 1);
  }

  interface ItemSourceThatThrows {
    Optional<ObjectNode> find(ItemRequest request);
  }

  /** The summary's lookupErrors (the LookupErrors metric) counts every failed read. */
  @Test
  void aRuntimeExceptionFromTheStoreIsALookupError() throws Exception {
    Invocation summary =
        signIn(
            request -> {
              throw new IllegalArgumentException("an attribute type the SDK does not know");
            });
    assertEquals("allowed", summary.outcome().word());
    assertEquals(1, summary.lookupErrors());
  }

  @Test
  void aSourceExceptionIsALookupError() throws Exception {
    Invocation summary =
        signIn(
            request -> {
              throw new SourceException("DynamoDB GetItem timed out", null);
            });
    assertEquals(1, summary.lookupErrors());
  }

  static final String ITEM_AND_QUERY =
      """
      version: 1
      source:
        table: users
        key: { id: "${event.userName}" }
        onMissing: deny
      sources:
        memberships:
          table: memberships
          query:
            pk: "USER#${event.userName}"
          limit: 5
      idToken:
        claims:
          plan: item.plan
          tenants: { value: "memberships[].tenant_id", type: array }
      """;

  /**
   * A store that logs when each read is started, waited for and given up, and answers the item with
   * {@code item} and the query with one membership.
   */
  record LoggingStore(List<String> log, Optional<ObjectNode> item) implements ItemSource {
    @Override
    public Optional<ObjectNode> find(ItemRequest request) {
      throw new AssertionError("read through startFindAll only");
    }

    @Override
    public Started<List<Optional<ObjectNode>>> startFindAll(
        List<ItemRequest> requests, Duration timeLeft) {
      return started("item", List.of(item));
    }

    @Override
    public Started<QueryResult> startQuery(QueryRequest request, Duration timeLeft) {
      ObjectNode membership = Json.MAPPER.createObjectNode().put("tenant_id", "t1");
      return started("query", new QueryResult(List.of(membership), false, 1));
    }

    private <T> Started<T> started(String what, T answer) {
      log.add("start " + what);
      return new Started<>() {
        @Override
        public T get() {
          log.add("wait " + what);
          return answer;
        }

        @Override
        public void abandon() {
          log.add("abandon " + what);
        }
      };
    }
  }

  Invocation signIn(String mapping, ItemSource store) throws Exception {
    MappingPlan plan = new MappingLoader(Map.of()).load("m.yaml", mapping).plan();
    new ClaimsMapper(plan, store, Log.NONE, summaries::add)
        .respond(CacheOutcomeTest.event("jane"), "r1");
    return summaries.get(summaries.size() - 1);
  }

  /**
   * The GetItem and the Query of one round are in flight together: both start before either is
   * waited for.
   */
  @Test
  void theReadsOfOneRoundStartBeforeAnyIsWaitedFor() throws Exception {
    List<String> log = new ArrayList<>();
    ObjectNode item = Json.MAPPER.createObjectNode().put("plan", "gold");
    Invocation summary = signIn(ITEM_AND_QUERY, new LoggingStore(log, Optional.of(item)));
    assertEquals("allowed", summary.outcome().word());
    assertEquals(2, summary.lookups());
    assertEquals(List.of("start item", "start query", "wait item", "wait query"), log);
  }

  /** A denial by the first read's policy gives up the reads still in flight, and stands. */
  @Test
  void aDenialGivesUpTheRestOfTheRound() throws Exception {
    List<String> log = new ArrayList<>();
    assertThrows(
        SignInDenied.class, () -> signIn(ITEM_AND_QUERY, new LoggingStore(log, Optional.empty())));
    assertEquals("denied", summaries.get(0).outcome().word());
    assertEquals(List.of("start item", "start query", "wait item", "abandon query"), log);
  }

  /** The cache's own node never leaves it: a caller that changes what it got changes nothing. */
  @Test
  void theCacheHandsOutCopies() {
    ItemCache cache = new ItemCache(4);
    ItemCache.Key key =
        ItemCache.Key.of(
            new ItemRequest(
                "item", "users", Map.of("id", TextNode.valueOf("jane")), false, Optional.empty()));
    ObjectNode item = Json.MAPPER.createObjectNode().put("plan", "gold");
    cache.put(key, item, 0);
    item.put("plan", "changed after put");
    ObjectNode first = (ObjectNode) cache.get(key, Duration.ofHours(1), 1).orElseThrow().item();
    first.put("plan", "changed by a sign-in");
    ObjectNode second = (ObjectNode) cache.get(key, Duration.ofHours(1), 2).orElseThrow().item();
    assertEquals("gold", second.path("plan").asText());
    assertNotSame(first, second);
  }
}
