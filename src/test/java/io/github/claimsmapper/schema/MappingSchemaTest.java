package io.github.claimsmapper.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks {@code schemas/claims-mapping.schema.json} (the JSON Schema editors use to complete and
 * explain mapping files) and the sample data the project ships:
 *
 * <ul>
 *   <li>the schema itself: valid draft 2020-12, only known keywords, every property described,
 *       every {@code examples}/{@code default} value valid against its own subschema;
 *   <li>every {@code config/*.yaml} mapping file validates;
 *   <li>every golden case's mapping validates: {@code
 *       src/test/resources/golden/<case>/mapping.yaml}, or the {@code config/} file its {@code
 *       mapping.ref} names;
 *   <li>the corpus {@code src/test/resources/schema-corpus/valid/*.yaml} validates and every {@code
 *       invalid/*.yaml} fails, for the reason its {@code # expect: <keyword> at <pointer>} comment
 *       names;
 *   <li>every {@code events/*.json} is a JSON object with {@code request} and {@code response}
 *       objects, every {@code events/items/*.json} parses, and each {@code X.dynamodb.json} item is
 *       the same item as its plain {@code X.json} sibling.
 * </ul>
 *
 * <p>All of it is data-driven: the folders are listed, no file name is written here.
 */
class MappingSchemaTest {

  private static final Path BASEDIR =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  private static final Path SCHEMA_FILE = BASEDIR.resolve("schemas/claims-mapping.schema.json");
  private static final Path CONFIG_DIR = BASEDIR.resolve("config");
  private static final Path CORPUS_DIR = BASEDIR.resolve("src/test/resources/schema-corpus");
  private static final Path GOLDEN_DIR = BASEDIR.resolve("src/test/resources/golden");
  private static final Path EVENTS_DIR = BASEDIR.resolve("events");
  private static final Path ITEMS_DIR = EVENTS_DIR.resolve("items");

  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  /** {@code # expect: <keyword> at <JSON pointer or (root)>} in an invalid corpus file. */
  private static final Pattern EXPECT =
      Pattern.compile("^#\\s*expect:\\s*(\\S+)\\s+at\\s+(\\S+)\\s*$", Pattern.MULTILINE);

  /** A pointer inside an {@code if} or {@code not} subschema. */
  private static final Pattern CONDITION = Pattern.compile("/(if|not)(/|$)");

  /**
   * Every keyword of the draft 2020-12 vocabularies (core, applicator, unevaluated, validation,
   * meta-data, format, content).
   */
  private static final Set<String> KNOWN_KEYWORDS =
      Set.of(
          "$schema",
          "$id",
          "$ref",
          "$defs",
          "$anchor",
          "$dynamicRef",
          "$dynamicAnchor",
          "$vocabulary",
          "$comment",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "dependentSchemas",
          "prefixItems",
          "items",
          "contains",
          "properties",
          "patternProperties",
          "additionalProperties",
          "propertyNames",
          "unevaluatedItems",
          "unevaluatedProperties",
          "type",
          "const",
          "enum",
          "multipleOf",
          "maximum",
          "exclusiveMaximum",
          "minimum",
          "exclusiveMinimum",
          "maxLength",
          "minLength",
          "pattern",
          "maxItems",
          "minItems",
          "uniqueItems",
          "maxContains",
          "minContains",
          "maxProperties",
          "minProperties",
          "required",
          "dependentRequired",
          "title",
          "description",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly",
          "examples",
          "format",
          "contentEncoding",
          "contentMediaType",
          "contentSchema");

  private static final Set<String> SCHEMA_MAP_KEYWORDS =
      Set.of("properties", "patternProperties", "$defs", "dependentSchemas");
  private static final Set<String> SCHEMA_KEYWORDS =
      Set.of(
          "additionalProperties",
          "items",
          "contains",
          "not",
          "if",
          "then",
          "else",
          "propertyNames",
          "unevaluatedItems",
          "unevaluatedProperties",
          "contentSchema");
  private static final Set<String> SCHEMA_ARRAY_KEYWORDS =
      Set.of("allOf", "anyOf", "oneOf", "prefixItems");

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();

  private static JsonSchemaFactory factory;
  private static JsonNode schemaNode;
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    assertTrue(Files.isRegularFile(SCHEMA_FILE), "missing " + SCHEMA_FILE);
    schemaNode = JSON.readTree(SCHEMA_FILE.toFile());
    factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    schema = factory.getSchema(SchemaLocation.of(schemaUri()), CONFIG);
    schema.initializeValidators(); // resolves every $ref now: a dangling one fails here
  }

  // ---------------------------------------------------------------- the schema itself

  @Test
  void schemaIsValidDraft202012() {
    assertEquals(
        META_SCHEMA, schemaNode.path("$schema").asText(), "the schema must declare draft 2020-12");
    JsonSchema meta = factory.getSchema(SchemaLocation.of(META_SCHEMA), CONFIG);
    assertNoErrors("schemas/claims-mapping.schema.json", meta.validate(schemaNode));
  }

  @Test
  void schemaUsesOnlyKnownKeywords() {
    List<String> unknown = new ArrayList<>();
    walkSchemas(
        schemaNode,
        "",
        (pointer, node) ->
            node.fieldNames()
                .forEachRemaining(
                    key -> {
                      if (!KNOWN_KEYWORDS.contains(key)) {
                        unknown.add(pointer + "/" + key);
                      }
                    }));
    assertTrue(unknown.isEmpty(), "unknown keywords (typos?): " + unknown);
  }

  @Test
  void everyPropertyAndDefinitionIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    walkSchemas(
        schemaNode,
        "",
        (pointer, node) -> {
          if (CONDITION.matcher(pointer).find()) {
            return; // the properties of an if/not are conditions, not documentation
          }
          for (String keyword : List.of("properties", "$defs")) {
            node.path(keyword)
                .properties()
                .forEach(
                    entry -> {
                      if (entry.getValue().path("description").asText("").isBlank()) {
                        undescribed.add(pointer + "/" + keyword + "/" + escape(entry.getKey()));
                      }
                    });
          }
        });
    assertTrue(schemaNode.path("title").isTextual(), "the root needs a title");
    assertTrue(schemaNode.path("description").isTextual(), "the root needs a description");
    assertTrue(undescribed.isEmpty(), "no description: " + undescribed);
  }

  /** Every {@code examples} entry and {@code default} must be valid where it is shown. */
  @TestFactory
  Stream<DynamicTest> schemaExamplesAndDefaultsAreValid() {
    List<DynamicTest> tests = new ArrayList<>();
    walkSchemas(
        schemaNode,
        "",
        (pointer, node) -> {
          List<JsonNode> values = new ArrayList<>();
          node.path("examples").forEach(values::add);
          if (node.has("default")) {
            values.add(node.get("default"));
          }
          if (values.isEmpty()) {
            return;
          }
          String where = pointer.isEmpty() ? "(root)" : pointer;
          tests.add(
              dynamicTest(
                  where + " examples/default",
                  () -> {
                    JsonSchema sub =
                        factory.getSchema(SchemaLocation.of(schemaUri() + "#" + pointer), CONFIG);
                    for (JsonNode value : values) {
                      assertNoErrors(where + " example " + value, sub.validate(value));
                    }
                  }));
        });
    assertFalse(tests.isEmpty(), "the schema should carry examples");
    return tests.stream();
  }

  // ---------------------------------------------------------------- mapping files

  @TestFactory
  Stream<DynamicTest> configFilesAreValid() throws IOException {
    List<Path> files = list(CONFIG_DIR, ".yaml", ".yml");
    if (files.isEmpty()) {
      return Stream.of(
          dynamicTest(
              "config/*.yaml present",
              () ->
                  fail(
                      "no mapping file in "
                          + CONFIG_DIR
                          + ": config/claims.yaml (the seed mapping packaged into the jar) and"
                          + " the other example mappings are expected there; each one is"
                          + " validated against schemas/claims-mapping.schema.json")));
    }
    return files.stream()
        .map(
            file ->
                dynamicTest(
                    "config/" + file.getFileName(),
                    file.toUri(),
                    () -> assertNoErrors(file.toString(), validateYaml(file))));
  }

  /** Every golden case runs a mapping the loader accepts: the schema must accept it too. */
  @TestFactory
  Stream<DynamicTest> goldenMappingsAreValid() throws IOException {
    List<Path> cases;
    try (Stream<Path> entries = Files.list(GOLDEN_DIR)) {
      cases = entries.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
    assertFalse(cases.isEmpty(), "no golden case in " + GOLDEN_DIR);
    return cases.stream()
        .map(
            dir -> {
              Path yaml = dir.resolve("mapping.yaml");
              Path ref = dir.resolve("mapping.ref");
              return dynamicTest(
                  "golden/" + dir.getFileName(),
                  dir.toUri(),
                  () -> {
                    Path mapping;
                    if (Files.isRegularFile(yaml)) {
                      mapping = yaml;
                    } else {
                      assertTrue(
                          Files.isRegularFile(ref),
                          dir + ": a golden case needs mapping.yaml or mapping.ref");
                      mapping =
                          BASEDIR.resolve(Files.readString(ref, StandardCharsets.UTF_8).strip());
                      assertTrue(
                          Files.isRegularFile(mapping), ref + " names a missing file: " + mapping);
                    }
                    assertNoErrors(mapping.toString(), validateYaml(mapping));
                  });
            });
  }

  @TestFactory
  Stream<DynamicTest> validCorpus() throws IOException {
    List<Path> files = list(CORPUS_DIR.resolve("valid"), ".yaml", ".yml");
    assertFalse(files.isEmpty(), "empty corpus folder " + CORPUS_DIR.resolve("valid"));
    return files.stream()
        .map(
            file ->
                dynamicTest(
                    "valid/" + file.getFileName(),
                    file.toUri(),
                    () -> assertNoErrors(file.toString(), validateYaml(file))));
  }

  @TestFactory
  Stream<DynamicTest> invalidCorpus() throws IOException {
    List<Path> files = list(CORPUS_DIR.resolve("invalid"), ".yaml", ".yml");
    assertFalse(files.isEmpty(), "empty corpus folder " + CORPUS_DIR.resolve("invalid"));
    return files.stream()
        .map(
            file ->
                dynamicTest(
                    "invalid/" + file.getFileName(),
                    file.toUri(),
                    () -> {
                      String text = Files.readString(file, StandardCharsets.UTF_8);
                      Matcher expect = EXPECT.matcher(text);
                      assertTrue(
                          expect.find(),
                          file
                              + ": an invalid corpus file needs a '# expect: <keyword> at"
                              + " <JSON pointer or (root)>' comment");
                      String keyword = expect.group(1);
                      String at = expect.group(2).equals("(root)") ? "" : expect.group(2);

                      Set<ValidationMessage> errors = validateYaml(file);
                      assertFalse(errors.isEmpty(), file + " is valid but should not be");
                      boolean matched =
                          errors.stream()
                              .anyMatch(
                                  e ->
                                      keyword.equals(e.getType())
                                          && at.equals(e.getInstanceLocation().toString()));
                      assertTrue(
                          matched,
                          file
                              + ": expected a '"
                              + keyword
                              + "' error at '"
                              + at
                              + "', got:\n"
                              + describe(errors));
                    }));
  }

  // ---------------------------------------------------------------- sample events and items

  @TestFactory
  Stream<DynamicTest> eventsAreJsonObjects() throws IOException {
    List<Path> files = list(EVENTS_DIR, ".json");
    assertFalse(files.isEmpty(), "no sample event in " + EVENTS_DIR);
    return files.stream()
        .map(
            file ->
                dynamicTest(
                    "events/" + file.getFileName(),
                    file.toUri(),
                    () -> {
                      JsonNode event = JSON.readTree(file.toFile());
                      assertTrue(event != null && event.isObject(), file + " is not a JSON object");
                      assertTrue(event.path("request").isObject(), file + ": no request object");
                      assertTrue(event.path("response").isObject(), file + ": no response object");
                    }));
  }

  @TestFactory
  Stream<DynamicTest> itemsParse() throws IOException {
    List<Path> files = list(ITEMS_DIR, ".json");
    assertFalse(files.isEmpty(), "no sample item in " + ITEMS_DIR);
    return files.stream()
        .map(
            file ->
                dynamicTest(
                    "events/items/" + file.getFileName(),
                    file.toUri(),
                    () -> {
                      JsonNode item = JSON.readTree(file.toFile());
                      if (item != null && item.isArray()) { // the items of a query or forEach
                        assertFalse(item.isEmpty(), file + " is an empty list");
                        item.forEach(
                            element ->
                                assertTrue(element.isObject(), file + ": an element is no object"));
                        return;
                      }
                      assertTrue(item != null && item.isObject(), file + " is not a JSON object");
                      String name = file.getFileName().toString();
                      if (!name.endsWith(".dynamodb.json")) {
                        return;
                      }
                      // what `aws dynamodb put-item --item file://...` accepts: the bare
                      // attribute map, each value one typed AttributeValue (no {"Item": ...})
                      assertFalse(
                          item.has("Item"),
                          file
                              + ": put-item --item takes the attribute map itself, not get-item's"
                              + " {\"Item\": {...}}");
                      item.properties()
                          .forEach(
                              attribute ->
                                  assertAttributeValue(
                                      file + ": " + attribute.getKey(), attribute.getValue()));
                      JsonNode plain = fromDynamoDb(item);
                      Path sibling =
                          file.resolveSibling(
                              name.substring(0, name.length() - ".dynamodb.json".length())
                                  + ".json");
                      if (Files.isRegularFile(sibling)) {
                        JsonNode expected = JSON.readTree(sibling.toFile());
                        assertTrue(
                            expected.equals(NUMERIC_EQUALITY, plain),
                            file
                                + " is not the same item as "
                                + sibling.getFileName()
                                + "\n  expected: "
                                + expected
                                + "\n  converted: "
                                + plain);
                      }
                    }));
  }

  // ---------------------------------------------------------------- helpers

  private static final Set<String> ATTRIBUTE_TYPES =
      Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL");

  /**
   * One DynamoDB AttributeValue as the AWS CLI takes it: exactly one type key, nested values alike.
   */
  private static void assertAttributeValue(String where, JsonNode value) {
    assertTrue(
        value.isObject()
            && value.size() == 1
            && ATTRIBUTE_TYPES.contains(value.fieldNames().next()),
        where
            + ": an AttributeValue has exactly one of "
            + new TreeSet<>(ATTRIBUTE_TYPES)
            + ": "
            + value);
    String type = value.fieldNames().next();
    JsonNode inner = value.get(type);
    switch (type) {
      case "S", "N", "B" -> assertTrue(inner.isTextual(), where + ": " + type + " holds a string");
      case "BOOL", "NULL" ->
          assertTrue(inner.isBoolean(), where + ": " + type + " holds true or false");
      case "SS", "NS", "BS" -> {
        assertTrue(inner.isArray() && inner.size() > 0, where + ": a set is a non-empty array");
        inner.forEach(e -> assertTrue(e.isTextual(), where + ": set members are strings"));
      }
      case "L" -> {
        assertTrue(inner.isArray(), where + ": L holds an array");
        inner.forEach(e -> assertAttributeValue(where + "[]", e));
      }
      default -> {
        assertTrue(inner.isObject(), where + ": M holds an object");
        inner
            .properties()
            .forEach(f -> assertAttributeValue(where + "." + f.getKey(), f.getValue()));
      }
    }
  }

  private static String schemaUri() {
    return SCHEMA_FILE.toUri().toString();
  }

  private static Set<ValidationMessage> validateYaml(Path file) throws IOException {
    JsonNode document = YAML.readTree(file.toFile());
    if (document == null || document.isMissingNode()) {
      document = JsonNodeFactory.instance.nullNode(); // an empty file: the schema rejects it
    }
    return schema.validate(document);
  }

  private static void assertNoErrors(String what, Set<ValidationMessage> errors) {
    assertTrue(errors.isEmpty(), what + " is invalid:\n" + describe(errors));
  }

  private static String describe(Set<ValidationMessage> errors) {
    return errors.stream()
        .map(e -> "  [" + e.getType() + " at '" + e.getInstanceLocation() + "'] " + e.getMessage())
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  private static List<Path> list(Path dir, String... suffixes) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Calls {@code visitor} with every (sub)schema object of the schema and its JSON pointer. */
  private static void walkSchemas(
      JsonNode node, String pointer, BiConsumer<String, JsonNode> visitor) {
    if (!node.isObject()) {
      return; // boolean schemas
    }
    visitor.accept(pointer, node);
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String keyword = entry.getKey();
      JsonNode value = entry.getValue();
      String here = pointer + "/" + escape(keyword);
      if (SCHEMA_MAP_KEYWORDS.contains(keyword)) {
        value
            .properties()
            .forEach(e -> walkSchemas(e.getValue(), here + "/" + escape(e.getKey()), visitor));
      } else if (SCHEMA_KEYWORDS.contains(keyword)) {
        walkSchemas(value, here, visitor);
      } else if (SCHEMA_ARRAY_KEYWORDS.contains(keyword)) {
        for (int i = 0; i < value.size(); i++) {
          walkSchemas(value.get(i), here + "/" + i, visitor);
        }
      }
    }
  }

  /** JSON pointer token escaping (RFC 6901). */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** Numbers compare by value (25 == 25.0 == DynamoDB's "25"); everything else by equality. */
  private static final Comparator<JsonNode> NUMERIC_EQUALITY =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  /** DynamoDB JSON (an attribute map) to plain JSON; sets become sorted arrays. */
  private static JsonNode fromDynamoDb(JsonNode attributeMap) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    attributeMap
        .properties()
        .forEach(e -> out.set(e.getKey(), fromAttributeValue(e.getKey(), e.getValue())));
    return out;
  }

  private static JsonNode fromAttributeValue(String name, JsonNode av) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    assertTrue(
        av.isObject() && av.size() == 1,
        "attribute '" + name + "' is not a single-type DynamoDB value: " + av);
    Map.Entry<String, JsonNode> typed = av.properties().iterator().next();
    JsonNode v = typed.getValue();
    switch (typed.getKey()) {
      case "S":
      case "B":
        return f.textNode(v.asText());
      case "N":
        return f.numberNode(new BigDecimal(v.asText()));
      case "BOOL":
        return f.booleanNode(v.asBoolean());
      case "NULL":
        return f.nullNode();
      case "M":
        return fromDynamoDb(v);
      case "L":
        {
          ArrayNode list = f.arrayNode();
          v.forEach(element -> list.add(fromAttributeValue(name, element)));
          return list;
        }
      case "SS":
      case "BS":
        {
          ArrayNode set = f.arrayNode();
          streamOf(v).map(JsonNode::asText).sorted().forEach(set::add);
          return set;
        }
      case "NS":
        {
          ArrayNode set = f.arrayNode();
          streamOf(v).map(n -> new BigDecimal(n.asText())).sorted().forEach(set::add);
          return set;
        }
      default:
        return fail("attribute '" + name + "' has unknown DynamoDB type " + typed.getKey());
    }
  }

  private static Stream<JsonNode> streamOf(JsonNode array) {
    List<JsonNode> elements = new ArrayList<>();
    array.forEach(elements::add);
    return elements.stream();
  }
}
