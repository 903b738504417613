package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.claimsmapper.testing.InvalidCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code src/test/resources/invalid/NAME.yaml} is rejected with exactly the diagnostics in
 * {@code NAME.expected}, one per line, verbatim: error messages are user interface.
 */
class InvalidMappingsTest {

  @TestFactory
  Stream<DynamicTest> invalidFiles() throws IOException {
    return InvalidCorpus.each(
        (file, name, expected) -> {
          ConfigException e =
              assertThrows(
                  ConfigException.class,
                  () -> new MappingLoader(InvalidCorpus.ENV).load(name, Files.readString(file)));
          assertEquals(
              expected,
              e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        });
  }
}
