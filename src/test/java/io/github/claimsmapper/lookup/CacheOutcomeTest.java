package io.github.claimsmapper.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The summary line's {@code cache} word over several sources: {@code hit} only when no cached
 * source had to be read, whatever the order in which the sources were served.
 */
class CacheOutcomeTest {
  /** Two rounds: the user's item (keyed by the event), then its tenant (keyed by the item). */
  static final String MAPPING =
      """
      version: 1
      source:
        table: users
        key: { id: "${event.userName}" }
        cache: { fresh: 1h }
      sources:
        tenant:
          table: tenants
          key: { id: "${item.tenant}" }
          cache: { fresh: 1h, maxEntries: 1 }
      idToken:
        claims:
          tenant_name: tenant.name
      """;

  final List<Invocation> summaries = new ArrayList<>();
  final List<String> reads = new ArrayList<>();

  ClaimsMapper mapper() throws Exception {
    MappingPlan plan = new MappingLoader(Map.of()).load("m.yaml", MAPPING).plan();
    return new ClaimsMapper(plan, this::find, Log.NONE, summaries::add);
  }

  /** jane belongs to t1, john to t2; every tenant is named after its id. */
  Optional<ObjectNode> find(ItemRequest request) {
    String id = request.key().get("id").textValue();
    reads.add(request.table() + "/" + id);
    ObjectNode item = Json.MAPPER.createObjectNode();
    if (request.table().equals("users")) {
      item.put("tenant", id.equals("jane") ? "t1" : "t2");
    } else {
      item.put("name", "tenant " + id);
    }
    return Optional.of(item);
  }

  static ObjectNode event(String user) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event
        .put("version", "2")
        .put("triggerSource", "TokenGeneration_Authentication")
        .put("userName", user);
    event.putObject("request");
    event.putObject("response");
    return event;
  }

  Invocation signIn(ClaimsMapper mapper, String user, String reference) {
    mapper.respond(event(user), reference);
    return summaries.get(summaries.size() - 1);
  }

  @Test
  void aFreshItemFollowedByARead() throws Exception {
    ClaimsMapper mapper = mapper();
    assertEquals(CacheOutcome.MISS, signIn(mapper, "jane", "r1").cache());
    assertEquals(CacheOutcome.MISS, signIn(mapper, "john", "r2").cache());
    // jane's item is fresh in the cache; her tenant t1 was pushed out by t2 (maxEntries: 1)
    Invocation hitThenMiss = signIn(mapper, "jane", "r3");
    assertEquals(
        List.of("users/jane", "tenants/t1", "users/john", "tenants/t2", "tenants/t1"), reads);
    assertEquals(1, hitThenMiss.lookups());
    assertEquals(
        CacheOutcome.MISS,
        hitThenMiss.cache(),
        "a read was needed, so the cache did not spare this sign-in");
    // now both are cached: no read at all
    Invocation hit = signIn(mapper, "jane", "r4");
    assertEquals(0, hit.lookups());
    assertEquals(CacheOutcome.HIT, hit.cache());
  }

  @Test
  void theMostTellingOutcomeWinsWhateverTheOrder() {
    for (CacheOutcome a : CacheOutcome.values()) {
      for (CacheOutcome b : CacheOutcome.values()) {
        assertEquals(a.and(b), b.and(a), a + " and " + b);
      }
    }
    assertEquals(CacheOutcome.MISS, CacheOutcome.HIT.and(CacheOutcome.MISS));
    assertEquals(CacheOutcome.STALE, CacheOutcome.STALE.and(CacheOutcome.MISS));
    assertEquals(CacheOutcome.HIT, CacheOutcome.NONE.and(CacheOutcome.HIT));
    assertEquals(
        List.of("none", "hit", "miss", "stale"),
        java.util.Arrays.stream(CacheOutcome.values()).map(CacheOutcome::word).toList());
  }
}
