package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.claimsmapper.testing.InvalidCorpus;
import java.io.IOException;
import java.nio.file.Files;
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
    return InvalidCorpus.each(
        (file, name, expected) -> {
          ConfigException e =
              assertThrows(
                  ConfigException.class,
                  () -> new MappingLoader(ENV).load(name, Files.readString(file)));
          assertEquals(
              expected,
              e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        });
  }
}
