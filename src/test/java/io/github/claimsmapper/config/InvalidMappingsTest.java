package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code src/test/resources/invalid/NAME.yaml} is rejected with exactly the diagnostics in
 * {@code NAME.expected}, one per line, verbatim: error messages are user interface.
 */
class InvalidMappingsTest {
  static final Path ROOT = Path.of("src/test/resources/invalid");

  /**
   * The environment of every file. The credential is set so its refusal shows it is refused by
   * name, not for being unset; the secret holds a quote and a template so that echoing or
   * evaluating it would show in the diagnostics.
   */
  static final Map<String, String> ENV =
      Map.of(
          "TABLE_NAME", "users",
          "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "CLAIMS_MAPPER_TEST_SECRET", "hunter2' || item.password || '${item.password}",
          "CLAIMS_MAPPER_TEST_PATTERN", "orders-api/*");

  @TestFactory
  Stream<DynamicTest> invalidFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(ROOT)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 20, "the invalid corpus is missing");
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      String name = file.getFileName().toString();
                      String expected =
                          Files.readString(ROOT.resolve(name.replace(".yaml", ".expected")))
                              .strip();
                      ConfigException e =
                          assertThrows(
                              ConfigException.class,
                              () -> new MappingLoader(ENV).load(name, Files.readString(file)));
                      assertEquals(
                          expected,
                          e.diagnostics().stream()
                              .map(Diagnostic::format)
                              .collect(Collectors.joining("\n")));
                    }));
  }
}
