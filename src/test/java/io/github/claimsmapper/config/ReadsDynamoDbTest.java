package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The loader's early answer to "does this mapping read DynamoDB" (the function builds its client
 * while the mapping loads when it does): taken from the parser's top-level keys, not a scan of the
 * text, so it agrees with the compiled plan whatever the file's layout.
 */
class ReadsDynamoDbTest {
  static final MappingLoader LOADER = new MappingLoader(CheckedJsonFormTest.CI);

  @TestFactory
  Stream<DynamicTest> theAnswerAgreesWithThePlanForEveryMappingAndItsCheckedForm()
      throws Exception {
    List<Path> files = CheckedJsonFormTest.mappings();
    assertTrue(files.size() > 40, "the examples and the golden cases: " + files.size());
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.toString(),
                    () -> {
                      String yaml = Files.readString(file);
                      MappingLoader.Result loaded = LOADER.load(file.toString(), yaml);
                      boolean hasSources = !loaded.plan().sources().isEmpty();
                      assertEquals(
                          hasSources, MappingLoader.readsDynamoDb(file.toString(), yaml), "YAML");
                      assertEquals(
                          hasSources,
                          MappingLoader.readsDynamoDb("claims.json", loaded.checkedJson()),
                          "checked JSON form");
                    }));
  }

  @Test
  void aFlowStyleSourceIsSeen() throws Exception {
    // no line starts with "source:", which a scan of the text for that key would have missed
    String mapping =
        "{version: 1, source: {table: users, key: {id: \"${event.userName}\"}}, idToken: {claims:"
            + " {a: item.a}}}\n";
    assertTrue(MappingLoader.readsDynamoDb("m.yaml", mapping));
    assertFalse(LOADER.load("m.yaml", mapping).plan().sources().isEmpty());
  }

  @Test
  void textThatOnlyMentionsSourceIsNotALookup() throws Exception {
    String mapping =
        """
        version: 1
        idToken:
          claims:
            note:
              value: |-
                'source: none'
        """;
    assertFalse(MappingLoader.readsDynamoDb("m.yaml", mapping));
    assertTrue(LOADER.load("m.yaml", mapping).plan().sources().isEmpty());
  }

  @Test
  void aFileTheParserCannotReadReadsNothing() {
    assertFalse(MappingLoader.readsDynamoDb("m.json", "{\"version\": [1, \"source\": {}}"));
    assertFalse(MappingLoader.readsDynamoDb("m.json", "[{\"source\": {}}]"));
    assertFalse(MappingLoader.readsDynamoDb("m.yaml", "- source\n"));
  }

  @Test
  void anEmptySourcesMapReadsNothing() throws Exception {
    String mapping = "version: 1\nsources: {}\nidToken: {claims: {a: event.userName}}\n";
    assertFalse(MappingLoader.readsDynamoDb("m.yaml", mapping));
    assertTrue(LOADER.load("m.yaml", mapping).plan().sources().isEmpty());
  }
}
