package io.github.claimsmapper.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The corpus of invalid mapping files: each {@code NAME.yaml} in {@link #ROOT} with the exact
 * diagnostics it must get in {@code NAME.expected}, one per line. Every way of loading a mapping
 * (the loader, the AppConfig validator) is held to the same corpus.
 */
public final class InvalidCorpus {
  public static final Path ROOT = Path.of("src/test/resources/invalid");

  /**
   * The environment of every file. The credential is set so its refusal shows it is refused by
   * name, not for being unset; the secret holds a quote and a template so that echoing or
   * evaluating it would show in the diagnostics.
   */
  public static final Map<String, String> ENV =
      Map.of(
          "TABLE_NAME", "users",
          "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "CLAIMS_MAPPER_TEST_SECRET", "hunter2' || item.password || '${item.password}",
          "CLAIMS_MAPPER_TEST_PATTERN", "orders-api/*");

  private InvalidCorpus() {}

  /** What one file of the corpus must do. */
  public interface Check {
    void run(Path file, String name, String expected) throws Throwable;
  }

  /** One dynamic test per file, named after it. */
  public static Stream<DynamicTest> each(Check check) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(ROOT)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 20, "the invalid corpus is missing");
    return files.stream()
        .map(
            file -> {
              String name = file.getFileName().toString();
              return DynamicTest.dynamicTest(
                  name,
                  () ->
                      check.run(
                          file,
                          name,
                          Files.readString(ROOT.resolve(name.replace(".yaml", ".expected")))
                              .strip()));
            });
  }
}
