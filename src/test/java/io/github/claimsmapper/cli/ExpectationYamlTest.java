package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.claimsmapper.cli.CommandLineTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An expectation file is read as a mapping file is: aliases and merge keys are refused with their
 * place.
 */
class ExpectationYamlTest {
  private static Path caseWith(Path dir, String expect) throws IOException {
    Path folder = dir.resolve("case");
    Files.createDirectories(folder);
    Files.copy(Path.of("events/v2-authentication.json"), folder.resolve("event.json"));
    Files.writeString(folder.resolve("expect.yaml"), expect);
    return folder;
  }

  @Test
  void anAliasIsRefused(@TempDir Path dir) throws IOException {
    Path folder =
        caseWith(
            dir,
            """
            idToken:
              claims: { tier: &t gold }
            accessToken:
              claims: { tier: *t }
            """);
    Run run =
        run(
            "test",
            dir.toString(),
            "--config",
            "src/test/resources/golden/event-only/mapping.yaml");
    assertEquals(1, run.exit(), run.out() + run.err());
    assertEquals(
        "FAIL case\n  "
            + folder.resolve("expect.yaml")
            + ":4:19: $.accessToken.claims.tier: YAML aliases (*t) are not supported:"
            + " write the value out here\n",
        run.out().substring(0, run.out().indexOf("\n", run.out().indexOf("\n") + 1) + 1));
  }

  @Test
  void aMergeKeyIsRefused(@TempDir Path dir) throws IOException {
    Path folder =
        caseWith(
            dir,
            """
            idToken:
              claims: &c { tier: gold }
            accessToken:
              claims:
                <<: *c
            """);
    Run run =
        run(
            "test",
            dir.toString(),
            "--config",
            "src/test/resources/golden/event-only/mapping.yaml");
    assertEquals(1, run.exit(), run.out() + run.err());
    assertEquals(
        "FAIL case\n  "
            + folder.resolve("expect.yaml")
            + ":5:5: $.accessToken.claims['<<']: YAML merge keys (<<) are not supported:"
            + " write the keys out here\n",
        run.out().substring(0, run.out().indexOf("\n", run.out().indexOf("\n") + 1) + 1));
  }
}
