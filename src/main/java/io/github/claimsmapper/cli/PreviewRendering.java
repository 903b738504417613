package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ResponseView;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.RulePlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemSource;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One sign-in rendered for the preview page, with the code of {@code render --explain} and {@code
 * diff}: {@link Outcome#render} (the façade), {@link Explanation}, {@link TokenPreview}, {@link
 * RenderCommand#sizes} and {@link DiffCommand#changes}. Only the notes about items are the page's
 * own, since the page has editors where the command has files.
 */
final class PreviewRendering {
  /** Tags the log lines and the denial's reference, as {@code render} does with its name. */
  static final String REFERENCE = "preview";

  private PreviewRendering() {}

  /** The names of the sources a plan can read, the primary first: one item editor each. */
  static Set<String> sources(MappingPlan plan) {
    Set<String> names = new LinkedHashSet<>();
    plan.sources().forEach(s -> names.add(s.name()));
    for (RulePlan rule : plan.rules()) {
      rule.sources().values().stream().map(SourcePlan::name).forEach(names::add);
    }
    return names;
  }

  /**
   * The items the page sent: by source name, a text (plain or DynamoDB JSON; a JSON array of items
   * for a query or {@code forEach} source) or JSON null (no item); a source left out is read from
   * {@code table} or, without one, finds no item.
   */
  static ItemFiles items(JsonNode request, ItemSource table) throws CommandFailure {
    Map<String, JsonNode> items = new LinkedHashMap<>();
    Set<String> absent = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : request.properties()) {
      String name = entry.getKey();
      if (entry.getValue().isNull()) {
        absent.add(name);
      } else {
        String label = "items." + name;
        items.put(
            name,
            JsonInput.itemOrItems(
                JsonInput.parse(entry.getValue().asText(), label, "item"), label));
      }
    }
    return new ItemFiles(items, absent, table);
  }

  /**
   * Renders the event through the edited mapping, as {@code render --explain} does.
   *
   * @param given the names of the sources the page sent an item or "no item" for
   */
  static ObjectNode render(
      MappingLoader.Result loaded, JsonNode event, ItemFiles items, Set<String> given) {
    Outcome outcome = Outcome.render(loaded.plan(), items, event, REFERENCE);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("denied", outcome.denied());
    strings(out.putArray("log"), outcome.log());
    ArrayNode notes = out.putArray("notes");
    for (String name : items.unanswered()) {
      notes.add("no item for source '" + name + "': rendered as finding no item");
    }
    for (String name : given) {
      if (!items.asked().contains(name)) {
        notes.add("the item of '" + name + "' is not used: the mapping did not read it");
      }
    }
    strings(out.putArray("explain"), Explanation.lines(outcome, loaded::locate));
    if (outcome.denied()) {
      out.put("userMessage", "PreTokenGeneration failed with error " + outcome.userMessage());
      out.put("reason", outcome.explanation());
      return out;
    }
    out.set("response", outcome.response().path("response"));
    ArrayNode tokens = out.putArray("tokens");
    for (TokenPreview.Token token : TokenPreview.of(outcome.response())) {
      tokens
          .addObject()
          .put("name", token.name())
          .put("bytes", token.bytes())
          .set("claims", token.claims());
    }
    out.put("tokenNote", TokenPreview.NOTE);
    ResponseView view = ResponseView.of(outcome.response());
    out.put("sizeLine", RenderCommand.sizes(view));
    ArrayNode sizes = out.putArray("sizes");
    size(sizes, "idToken", view.idToken(), loaded.plan().limits().idTokenClaimBytes());
    size(sizes, "accessToken", view.accessToken(), loaded.plan().limits().accessTokenClaimBytes());
    return out;
  }

  /** {@code diff}'s changes from the baseline's outcome to the edited one's, for one event. */
  static List<String> changes(
      MappingPlan baseline,
      MappingPlan edited,
      JsonNode event,
      ItemFiles baselineItems,
      ItemFiles items) {
    return DiffCommand.changes(
        Outcome.render(baseline, baselineItems, event, REFERENCE),
        Outcome.render(edited, items, event, REFERENCE));
  }

  private static void size(
      ArrayNode sizes, String token, ResponseView.Token view, OptionalInt limit) {
    if (view == null) {
      return;
    }
    ObjectNode size =
        sizes
            .addObject()
            .put("token", token)
            .put("bytes", Json.compact(view.claims()).getBytes(StandardCharsets.UTF_8).length);
    if (limit.isPresent()) {
      size.put("limit", limit.getAsInt());
    } else {
      size.putNull("limit");
    }
  }

  static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
