package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache's training run: the function built as Lambda builds it answers the sample events,
 * its lookups served by the loopback stand-in table, so the recorded JVM has run the real path.
 */
class AotTrainingTest {
  record Run(int exit, String out, String err) {}

  static Run train(Map<String, String> env, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AotTraining.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("CLAIMS_CONFIG");
    env.remove("DYNAMODB_ENDPOINT");
    env.put("AWS_ACCESS_KEY_ID", "training");
    env.put("AWS_SECRET_ACCESS_KEY", "training");
    return env;
  }

  /**
   * The mapping with the largest lookup budget, so that a first, slow lookup on a loaded machine is
   * still answered (the counts below would otherwise depend on the load).
   */
  static Map<String, String> withMapping(Path dir, String mapping) throws Exception {
    String text = Files.readString(Path.of(mapping));
    String patient =
        text.replaceFirst("\n  onError: deny\n", "\n  onError: deny\n  timeout: 4500ms\n");
    assertTrue(!patient.equals(text), "the budget is set");
    Path file = dir.resolve("mapping.yaml");
    Files.writeString(file, patient);
    Map<String, String> env = env();
    env.put("CLAIMS_CONFIG", file.toString());
    return env;
  }

  @Test
  void theSeedMappingIsTrainedThroughTheSdkClientAgainstTheLoopbackTable(@TempDir Path dir)
      throws Exception {
    Run run =
        train(
            withMapping(dir, "config/claims.yaml"),
            "--item",
            "events/items/user.dynamodb.json",
            "events/v2-authentication.json",
            "events/v1-hosted-auth.json");
    assertEquals(0, run.exit(), run.err());
    assertTrue(
        run.out()
            .endsWith(
                "AOT training: 6 answers to 2 event(s) x 3 round(s); the loopback table answered 6"
                    + " lookup(s)\n"),
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void aMappingWithTwoSourcesTrainsBothLookups(@TempDir Path dir) throws Exception {
    Run run =
        train(
            withMapping(dir, "config/multi-tenant.yaml"),
            "--rounds",
            "1",
            "--item",
            "events/items/user.dynamodb.json",
            "events/v2-authentication.json");
    assertEquals(0, run.exit(), run.err());
    assertTrue(
        run.out()
            .endsWith(
                "AOT training: 1 answers to 1 event(s) x 1 round(s); the loopback table answered 2"
                    + " lookup(s)\n"),
        run.out());
  }

  @Test
  void withoutCredentialsTheTrainingRefusesToRunRatherThanTrainAnUnsignedPath() throws Exception {
    Map<String, String> env = env();
    env.remove("AWS_SECRET_ACCESS_KEY");
    Run run = train(env, "events/v2-authentication.json");
    assertEquals(2, run.exit());
    assertEquals(
        "AotTraining: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values) for the training"
            + " run, so the client signs its requests as it does in Lambda; only the loopback table"
            + " sees them\n",
        run.err());
  }

  @Test
  void noEventIsAUsageError() throws Exception {
    Run run = train(env());
    assertEquals(2, run.exit());
    assertEquals("usage: AotTraining [--item ITEM.json] [--rounds N] EVENT.json...\n", run.err());
  }
}
