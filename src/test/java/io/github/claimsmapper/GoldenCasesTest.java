package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cli.DynamoDbJson;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Data-driven cases under {@code src/test/resources/golden/<case>/}: {@code mapping.yaml} (or
 * {@code mapping.ref}, naming a file in {@code config/}), {@code event.json}, optional {@code
 * item.json} (plain or DynamoDB JSON; absent = no item) and {@code items/NAME.json} for named
 * sources, and the expectations: {@code expected.json} (the response object) or {@code denied.txt}
 * (the log line that explains the denial); optional {@code request.json} (the one lookup that was
 * made), {@code lookups.json} (every round of lookups: an array of rounds, each an array of
 * requests fetched together) and {@code log.txt} (every log line, verbatim). Placeholders see
 * {@code TABLE_NAME=users}.
 */
class GoldenCasesTest {
  static final Path ROOT = Path.of("src/test/resources/golden");
  static final Map<String, String> ENV = Map.of("TABLE_NAME", "users");

  @TestFactory
  Stream<DynamicTest> goldenCases() throws IOException {
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(ROOT)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(cases.size() >= 10, "golden cases are missing");
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir, false)));
  }

  /**
   * Every case again with the plan loaded from the mapping's checked JSON form ({@code validate
   * --emit-json}), as the function loads its bundled mapping: the same answers, denials and logs.
   */
  @TestFactory
  Stream<DynamicTest> goldenCasesFromTheCheckedJsonForm() throws IOException {
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(ROOT)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir, true)));
  }

  private static void run(Path dir, boolean checkedJson) throws Exception {
    Path mapping =
        Files.exists(dir.resolve("mapping.yaml"))
            ? dir.resolve("mapping.yaml")
            : Path.of(Files.readString(dir.resolve("mapping.ref")).strip());
    MappingLoader.Result loaded = new MappingLoader(ENV).load(mapping);
    MappingPlan plan =
        checkedJson
            ? new MappingLoader(ENV).load("mapping.json", loaded.checkedJson()).plan()
            : loaded.plan();
    JsonNode event = read(dir.resolve("event.json"));
    JsonNode original = event.deepCopy();
    Map<String, ObjectNode> items = new java.util.HashMap<>();
    if (Files.exists(dir.resolve("item.json"))) {
      items.put("item", item(read(dir.resolve("item.json"))));
    }
    if (Files.isDirectory(dir.resolve("items"))) {
      try (Stream<Path> files = Files.list(dir.resolve("items"))) {
        for (Path file : files.toList()) {
          items.put(file.getFileName().toString().replace(".json", ""), item(read(file)));
        }
      }
    }
    List<ItemRequest> requests = new ArrayList<>();
    List<List<ItemRequest>> rounds = new ArrayList<>();
    List<String> log = new ArrayList<>();
    ClaimsMapper mapper =
        new ClaimsMapper(
            plan,
            new ItemSource() {
              @Override
              public Optional<ObjectNode> find(ItemRequest request) {
                requests.add(request);
                // as DynamoDB answers: only the attributes the plan asked for, so every case pins
                // the projection
                return Optional.ofNullable(items.get(request.source()))
                    .map(
                        item ->
                            request
                                .attributes()
                                .map(names -> item.deepCopy().retain(names))
                                .orElseGet(item::deepCopy));
              }

              @Override
              public List<Optional<ObjectNode>> findAll(
                  List<ItemRequest> batch, java.time.Duration timeLeft) {
                rounds.add(batch);
                return ItemSource.super.findAll(batch, timeLeft);
              }
            },
            (level, message) -> log.add(level + " " + message));

    if (Files.exists(dir.resolve("expected.json"))) {
      ObjectNode result = mapper.respond(event, "golden");
      JsonNode expected = read(dir.resolve("expected.json"));
      assertEquals(
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(expected),
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.get("response")),
          "response");
      ObjectNode rest = result.deepCopy();
      rest.remove("response");
      ObjectNode originalRest = ((ObjectNode) original).deepCopy();
      originalRest.remove("response");
      assertEquals(originalRest, rest, "the rest of the event is returned unchanged");
    } else {
      String why = Files.readString(dir.resolve("denied.txt")).strip();
      SignInDenied denied = assertThrows(SignInDenied.class, () -> mapper.respond(event, "golden"));
      assertEquals("Sign-in could not be completed (ref golden)", denied.getMessage());
      assertTrue(log.contains(why), () -> "log lines " + log + " lack: " + why);
    }
    if (Files.exists(dir.resolve("request.json"))) {
      assertEquals(1, requests.size(), "one lookup");
      assertEquals(
          Json.compact(read(dir.resolve("request.json"))),
          Json.compact(describe(requests.get(0))),
          "the lookup");
    }
    if (Files.exists(dir.resolve("lookups.json"))) {
      ArrayNode actual = Json.MAPPER.createArrayNode();
      rounds.forEach(
          round -> {
            ArrayNode described = actual.addArray();
            round.forEach(request -> described.add(describe(request)));
          });
      assertEquals(
          Json.compact(read(dir.resolve("lookups.json"))),
          Json.compact(actual),
          "the rounds of lookups");
    }
    if (Files.exists(dir.resolve("log.txt"))) {
      assertEquals(
          Files.readString(dir.resolve("log.txt")).strip(), String.join("\n", log), "log lines");
    }
  }

  static ObjectNode describe(ItemRequest request) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (!request.source().equals("item")) {
      out.put("source", request.source());
    }
    out.put("table", request.table());
    ObjectNode key = out.putObject("key");
    request.key().forEach(key::set);
    out.put("consistentRead", request.consistentRead());
    if (request.attributes().isPresent()) {
      ArrayNode names = out.putArray("attributes");
      request.attributes().get().stream().sorted().forEach(names::add);
    } else {
      out.putNull("attributes");
    }
    return out;
  }

  static ObjectNode item(JsonNode json) {
    return DynamoDbJson.matches(json) ? DynamoDbJson.toItem(json) : (ObjectNode) json;
  }

  static JsonNode read(Path file) throws IOException {
    return Json.MAPPER.readTree(Files.readString(file));
  }
}
