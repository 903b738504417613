package io.github.claimsmapper.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
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
