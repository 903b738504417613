package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Offline items answer each lookup by the source's name. */
class ItemFilesTest {
  static ItemRequest request(String source) {
    return new ItemRequest(
        source, "t", Map.of("pk", TextNode.valueOf("x")), false, Optional.empty());
  }

  @Test
  void answersByName() {
    ObjectNode user = Json.MAPPER.createObjectNode().put("name", "Jane");
    ObjectNode tenant = Json.MAPPER.createObjectNode().put("name", "Example Corp");
    ObjectNode fromTable = Json.MAPPER.createObjectNode().put("name", "from the table");
    ItemFiles items =
        new ItemFiles(
            Map.of("item", user, "tenant", tenant),
            Set.of("prefs"),
            request ->
                request.source().equals("audit") ? Optional.of(fromTable) : Optional.empty());

    assertEquals(Optional.of(user), items.find(request("item")));
    assertEquals(
        List.of(Optional.of(tenant), Optional.empty(), Optional.of(fromTable)),
        items.findAll(List.of(request("tenant"), request("prefs"), request("audit"))));
    assertEquals(Set.of("item", "tenant", "prefs", "audit"), items.asked());
    assertEquals(Set.of(), items.unanswered());
  }

  @Test
  void sendsWhatTheFilesDoNotAnswerToTheFallbackInOneBatch() {
    ObjectNode user = Json.MAPPER.createObjectNode().put("name", "Jane");
    List<List<String>> batches = new java.util.ArrayList<>();
    ItemSource table =
        new ItemSource() {
          @Override
          public Optional<ObjectNode> find(ItemRequest request) {
            throw new AssertionError("one batch expected");
          }

          @Override
          public List<Optional<ObjectNode>> findAll(
              List<ItemRequest> requests, java.time.Duration timeLeft) {
            batches.add(requests.stream().map(ItemRequest::source).toList());
            return requests.stream()
                .map(r -> Optional.of(Json.MAPPER.createObjectNode().put("from", r.source())))
                .toList();
          }
        };
    ItemFiles items = new ItemFiles(Map.of("item", user), Set.of("prefs"), table);
    List<Optional<ObjectNode>> found =
        items.findAll(
            List.of(request("tenant"), request("item"), request("prefs"), request("audit")));
    assertEquals(List.of(List.of("tenant", "audit")), batches);
    assertEquals("tenant", found.get(0).orElseThrow().path("from").textValue());
    assertEquals(Optional.of(user), found.get(1));
    assertEquals(Optional.empty(), found.get(2));
    assertEquals("audit", found.get(3).orElseThrow().path("from").textValue());
  }

  @Test
  void withoutAFallbackOtherNamesFindNothingAndAreRemembered() {
    ItemFiles items = new ItemFiles(Map.of(), Set.of(), null);
    assertEquals(Optional.empty(), items.find(request("item")));
    assertEquals(Optional.empty(), items.find(request("tenant")));
    assertEquals(Set.of("item", "tenant"), items.unanswered());
  }

  @Test
  void everyLookupGetsItsOwnCopy() {
    ObjectNode user = Json.MAPPER.createObjectNode().put("name", "Jane");
    ItemFiles items = new ItemFiles(Map.of("item", user), Set.of(), null);
    items.find(request("item")).orElseThrow().put("name", "changed");
    assertEquals("Jane", items.find(request("item")).orElseThrow().path("name").textValue());
  }
}
