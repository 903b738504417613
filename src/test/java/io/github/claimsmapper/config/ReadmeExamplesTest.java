package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every YAML example in the README and in {@code docs/} loads without errors. A fragment without
 * {@code version} is completed with {@code version: 1} and, when it reads {@code item} but declares
 * no source, with a source, so each example is checked exactly as written.
 */
class ReadmeExamplesTest {
  static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  @TestFactory
  Stream<DynamicTest> readmeYamlExamplesLoad() throws Exception {
    List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    List<String> blocks = new ArrayList<>();
    for (Path document : documents) {
      Matcher m = YAML_BLOCK.matcher(Files.readString(document));
      while (m.find()) {
        blocks.add(m.group(1));
      }
    }
    assertTrue(blocks.size() >= 6, "the YAML examples of the README and docs/ are missing");
    return blocks.stream()
        .map(
            block ->
                DynamicTest.dynamicTest(
                    block.lines().filter(l -> !l.isBlank()).findFirst().orElse("(empty)"),
                    () -> {
                      String text = block;
                      if (!text.contains("version:")) {
                        boolean declaresSource =
                            text.startsWith("source:") || text.contains("\nsource:");
                        text =
                            "version: 1\n"
                                + (declaresSource || !text.contains("item")
                                    ? ""
                                    : "source:\n"
                                        + "  table: users\n"
                                        + "  key: { id: \"USER#${event.userName}\" }\n")
                                + text;
                      }
                      new MappingLoader(Map.of("TABLE_NAME", "users")).load("README.md", text);
                    }));
  }
}
