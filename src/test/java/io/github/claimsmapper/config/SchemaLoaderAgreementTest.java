package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON Schema (what editors check as the user types) and the loader (what the function checks
 * at start-up) agree on every mapping file the project has: the schema corpus, the invalid corpus
 * and {@code config/}. Both accept a file, or both reject it; and nothing the loader accepts is
 * rejected by the schema (an editor must never flag a file the function runs).
 *
 * <p>The loader checks more than a schema can express. Those files are listed in {@link
 * #LOADER_ONLY} with the reason; an entry that no longer holds fails the test, so the list stays
 * true.
 */
class SchemaLoaderAgreementTest {
  private static final Path BASEDIR =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  private static final Path SCHEMA_FILE = BASEDIR.resolve("schemas/claims-mapping.schema.json");
  private static final Map<String, Path> FOLDERS =
      Map.of(
          "schema-corpus/valid", BASEDIR.resolve("src/test/resources/schema-corpus/valid"),
          "schema-corpus/invalid", BASEDIR.resolve("src/test/resources/schema-corpus/invalid"),
          "invalid", BASEDIR.resolve("src/test/resources/invalid"),
          "config", BASEDIR.resolve("config"));
  private static final Map<String, String> ENV = Map.of("TABLE_NAME", "users");

  /**
   * Files the loader rejects and the schema accepts, because the reason is beyond a schema: by
   * file, the reason.
   */
  static final Map<String, String> LOADER_ONLY =
      Map.ofEntries(
          // a name both in claims and in suppress: a schema cannot compare an array's items with a
          // sibling's keys
          Map.entry(
              "invalid/added-and-suppressed.yaml", "claim or scope both added and suppressed"),
          // the same, where a scope from data may match a suppressed one: the items of one array
          // against another's patterns
          Map.entry(
              "invalid/scopes-wildcard-and-suppressed.yaml",
              "scope suppressed and allowed from data"),
          // YAML parsers keep the last of two equal keys: the parsed document the schema sees has
          // no duplicate
          Map.entry("invalid/duplicate-keys.yaml", "duplicate keys"),
          // placeholders are resolved from the environment when the file is loaded
          Map.entry(
              "invalid/env-placeholders.yaml",
              "unset ${env:...} placeholder, invalid variable name"),
          // JMESPath is a language: its syntax and function names are checked by compiling the
          // expressions
          Map.entry("invalid/jmespath-syntax.yaml", "JMESPath syntax"),
          Map.entry("invalid/key-template-syntax.yaml", "JMESPath syntax inside a key template"),
          Map.entry("invalid/unknown-function.yaml", "unknown JMESPath function"),
          Map.entry("invalid/expression-nesting.yaml", "expressions nested too deeply"),
          // where a placeholder stands inside an expression is found by reading the expression
          Map.entry("invalid/quoted-names.yaml", "a placeholder inside a quoted name"),
          // which source reads which is found by reading the expressions of the key templates
          Map.entry(
              "invalid/lang-source-cycle.yaml", "sources whose keys read each other in a cycle"),
          // the schema validates one parsed document; the loader refuses a second one
          Map.entry("invalid/multi-document.yaml", "more than one YAML document"),
          // an alias reaches a schema as the text of its name (jackson) or expanded (editors):
          // never as an alias
          Map.entry("invalid/yaml-anchors-aliases.yaml", "YAML aliases"),
          // a tag reaches a schema as the value the parser made of it, the tag dropped
          Map.entry("invalid/yaml-tags.yaml", "YAML tags"));

  /**
   * Duplicate keys: the schema sees the parsed document (the last value wins), as editors' schema
   * checks do.
   */
  private static final ObjectMapper YAML = new YAMLMapper();

  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SCHEMA_FILE.toUri().toString()), config);
    schema.initializeValidators();
  }

  /** One file's verdicts. */
  record Verdicts(String schema, String loader) {
    boolean schemaAccepts() {
      return schema.isEmpty();
    }

    boolean loaderAccepts() {
      return loader.isEmpty();
    }
  }

  @TestFactory
  Stream<DynamicTest> schemaAndLoaderAgree() throws IOException {
    Map<String, Path> files = files();
    assertTrue(files.size() > 60, "the corpora are missing: " + files.keySet());
    return files.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey(),
                    entry.getValue().toUri(),
                    () -> {
                      String name = entry.getKey();
                      Verdicts verdicts = verdicts(entry.getValue());
                      if (verdicts.loaderAccepts() && !verdicts.schemaAccepts()) {
                        fail(
                            name
                                + ": the function loads it but the schema rejects it (editors would"
                                + " flag a working file):\n"
                                + verdicts.schema());
                      }
                      if (LOADER_ONLY.containsKey(name)) {
                        assertTrue(
                            verdicts.schemaAccepts() && !verdicts.loaderAccepts(),
                            name
                                + " is listed as rejected by the loader only, which no longer"
                                + " holds: remove it from LOADER_ONLY\n"
                                + "  schema: "
                                + (verdicts.schemaAccepts() ? "accepts" : verdicts.schema())
                                + "\n  loader: "
                                + (verdicts.loaderAccepts() ? "accepts" : verdicts.loader()));
                      } else if (verdicts.schemaAccepts() && !verdicts.loaderAccepts()) {
                        fail(
                            name
                                + ": the schema accepts it but the loader rejects it; make the"
                                + " schema reject it too, or list it in LOADER_ONLY with the reason"
                                + " a schema cannot express:\n"
                                + verdicts.loader());
                      }
                    }));
  }

  @Test
  void everyAllowListedFileExists() throws IOException {
    Set<String> names = files().keySet();
    List<String> missing =
        LOADER_ONLY.keySet().stream().filter(n -> !names.contains(n)).sorted().toList();
    assertTrue(missing.isEmpty(), "LOADER_ONLY names files that do not exist: " + missing);
  }

  @Test
  void theCorporaHoldBothVerdicts() throws IOException {
    List<String> accepted = new ArrayList<>();
    for (Map.Entry<String, Path> file : files().entrySet()) {
      if (verdicts(file.getValue()).loaderAccepts()) {
        accepted.add(file.getKey());
      }
    }
    assertFalse(accepted.isEmpty(), "no file is valid");
    assertFalse(accepted.size() == files().size(), "no file is invalid");
  }

  static Verdicts verdicts(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String schemaVerdict;
    try {
      JsonNode document = YAML.readTree(text);
      if (document == null || document.isMissingNode()) {
        document = JsonNodeFactory.instance.nullNode();
      }
      Set<ValidationMessage> errors = schema.validate(document);
      schemaVerdict =
          errors.stream()
              .map(
                  e ->
                      "  ["
                          + e.getType()
                          + " at '"
                          + e.getInstanceLocation()
                          + "'] "
                          + e.getMessage())
              .sorted()
              .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      schemaVerdict = "  not YAML: " + e.getMessage().lines().findFirst().orElse("");
    }
    String loaderVerdict;
    try {
      new MappingLoader(ENV).load(file.getFileName().toString(), text);
      loaderVerdict = "";
    } catch (ConfigException e) {
      loaderVerdict =
          e.diagnostics().stream().map(d -> "  " + d.format()).collect(Collectors.joining("\n"));
    }
    return new Verdicts(schemaVerdict, loaderVerdict);
  }

  /** Every mapping file, by its name under its folder ({@code invalid/scopes.yaml}). */
  static Map<String, Path> files() throws IOException {
    Map<String, Path> files = new TreeMap<>();
    for (Map.Entry<String, Path> folder : FOLDERS.entrySet()) {
      try (Stream<Path> list = Files.list(folder.getValue())) {
        list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .forEach(p -> files.put(folder.getKey() + "/" + p.getFileName(), p));
      }
    }
    return files;
  }
}
