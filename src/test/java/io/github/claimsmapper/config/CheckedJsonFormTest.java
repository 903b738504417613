package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The checked JSON form of a mapping ({@code validate --emit-json}, bundled by the build as {@code
 * config/claims.json}): the function loads it without the YAML parser, and it must compile to
 * exactly the plan the YAML compiles to, in the function's own environment, while a changed copy
 * gets every check the YAML gets.
 */
class CheckedJsonFormTest {
  /** Where the form was written (CI) and where it is loaded (the function): placeholders differ. */
  static final Map<String, String> CI =
      Map.of("TABLE_NAME", "users-ci", "TENANTS_TABLE", "tenants-ci");

  static final Map<String, String> FUNCTION =
      Map.of("TABLE_NAME", "users-prod", "TENANTS_TABLE", "tenants-prod");

  static List<Path> mappings() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> config = Files.list(Path.of("config"));
        Stream<Path> golden = Files.walk(Path.of("src/test/resources/golden"))) {
      config.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      golden
          .filter(p -> p.getFileName().toString().equals("mapping.yaml"))
          .sorted()
          .forEach(files::add);
    }
    return files;
  }

  @TestFactory
  Stream<DynamicTest> everyConfigAndGoldenMappingCompilesToTheSamePlanFromItsCheckedForm()
      throws IOException {
    List<Path> files = mappings();
    assertTrue(files.size() >= 30, "mappings are missing: " + files.size());
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.toString(),
                    () -> {
                      String json = new MappingLoader(CI).load(file).checkedJson();
                      MappingLoader.Result fromJson =
                          new MappingLoader(FUNCTION).load("claims.json", json);
                      MappingLoader.Result fromYaml = new MappingLoader(FUNCTION).load(file);
                      String plan = fromYaml.plan().toString();
                      assertFalse(
                          plan.matches("(?s).*@[0-9a-f]{6,}.*"),
                          "the plan's text shows identities, not values: " + plan);
                      assertEquals(plan, fromJson.plan().toString());
                      assertEquals(
                          fromYaml.warnings().stream()
                              .map(d -> d.path() + ": " + d.message())
                              .toList(),
                          fromJson.warnings().stream()
                              .map(d -> d.path() + ": " + d.message())
                              .toList());
                    }));
  }

  @Test
  void placeholdersStayPlaceholdersInTheCheckedForm() throws Exception {
    String json = new MappingLoader(CI).load(Path.of("config/claims.yaml")).checkedJson();
    assertTrue(json.contains("\"table\" : \"${env:TABLE_NAME:-users}\""), json);
    assertFalse(json.contains("users-ci"), json);
  }

  /**
   * A changed checked form (by hand, or by anyone who can write the artifact) meets every check the
   * YAML meets: each invalid example, turned into JSON, is refused with the same problems.
   */
  @TestFactory
  Stream<DynamicTest> everyInvalidMappingIsRefusedInJsonFormWithTheSameProblems()
      throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Path> files;
    try (Stream<Path> invalid = Files.list(Path.of("src/test/resources/invalid"))) {
      files = invalid.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files) {
      List<Diagnostic> fromYaml =
          assertThrows(ConfigException.class, () -> new MappingLoader(CI).load(file)).diagnostics();
      // problems of the YAML text itself (syntax, aliases, duplicate keys, several documents) have
      // no JSON form
      if (fromYaml.stream()
          .anyMatch(
              d ->
                  d.message().contains("YAML")
                      || d.message().startsWith("duplicate key")
                      || d.message().contains("empty"))) {
        continue;
      }
      tests.add(
          DynamicTest.dynamicTest(
              file.getFileName().toString(),
              () -> {
                JsonNode tree = yaml.readTree(file.toFile());
                String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
                List<Diagnostic> fromJson =
                    assertThrows(
                            ConfigException.class,
                            () -> new MappingLoader(CI).load("tampered.json", json))
                        .diagnostics();
                assertEquals(
                    fromYaml.stream()
                        .map(d -> d.severity() + " " + d.path() + ": " + d.message())
                        .sorted()
                        .toList(),
                    fromJson.stream()
                        .map(d -> d.severity() + " " + d.path() + ": " + d.message())
                        .sorted()
                        .toList());
              }));
    }
    assertTrue(tests.size() >= 30, "invalid examples are missing: " + tests.size());
    return tests.stream();
  }

  @Test
  void aReservedClaimAddedToTheCheckedFormIsRefusedWithItsPlace() throws Exception {
    ObjectNode form =
        (ObjectNode)
            Json.MAPPER.readTree(
                new MappingLoader(CI).load(Path.of("config/claims.yaml")).checkedJson());
    ((ObjectNode) form.path("idToken").path("claims")).put("sub", "item.first_name");
    ((ObjectNode) form.path("idToken").path("claims")).put("cognito:groups", "item.groups");
    String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(form);
    ConfigException refused =
        assertThrows(
            ConfigException.class,
            () -> new MappingLoader(FUNCTION).load("config/claims.json", json));
    assertEquals(
        """
        config/claims.json:15:7: $.idToken.claims.sub: 'sub' is set by Cognito and cannot be added or overridden
        config/claims.json:16:7: $.idToken.claims['cognito:groups']: \
        'cognito:groups' changes only through the groups section\
        """,
        refused.diagnostics().stream()
            .map(Diagnostic::format)
            .reduce((a, b) -> a + "\n" + b)
            .orElse(""));
  }

  @Test
  void aBrokenCheckedFormIsReportedAsInvalidJsonWithItsPlace() {
    ConfigException refused =
        assertThrows(
            ConfigException.class,
            () ->
                new MappingLoader(FUNCTION)
                    .load(
                        "config/claims.json",
                        "{\n  \"version\" : 1,\n  \"idToken\" : { \"claims\" : }\n}\n"));
    assertEquals(1, refused.diagnostics().size());
    assertEquals(
        "config/claims.json:3:28: $: invalid JSON: Unexpected character ('}' (code 125)): expected"
            + " a value",
        refused.diagnostics().get(0).format());
  }

  @Test
  void onlyFilesNamedJsonAreReadAsJson() {
    assertTrue(YamlDocument.isJson("config/claims.json"));
    assertTrue(YamlDocument.isJson("CLAIMS.JSON"));
    assertFalse(YamlDocument.isJson("config/claims.yaml"));
    assertFalse(YamlDocument.isJson("json"));
    // YAML that is not JSON, in a file named .json, is a JSON syntax error, not silently YAML
    assertThrows(
        ConfigException.class,
        () -> new MappingLoader(FUNCTION).load("claims.json", "version: 1\n"));
  }
}
