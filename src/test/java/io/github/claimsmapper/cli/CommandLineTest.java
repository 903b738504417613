package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.Dynalite;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: exact output and exit codes. */
class CommandLineTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void renderPrintsWhatTheFunctionReturns() throws Exception {
    Run run =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            "events/v2-authentication.json",
            "--item",
            "events/items/user.json");
    assertEquals(0, run.exit(), run.err());
    assertEquals("size: idToken claims 39 bytes, accessToken claims 28 bytes\n", run.err());
    JsonNode result = Json.MAPPER.readTree(run.out());
    JsonNode expected =
        Json.MAPPER.readTree(
            Files.readString(Path.of("src/test/resources/golden/seed-v2/expected.json")));
    assertEquals(expected, result.get("response"));
  }

  @Test
  void renderTakesDynamoDbJsonAsTheAwsCliPrintsIt() throws Exception {
    Run plain =
        run(
            "render",
            "--config",
            "config/tenant-rbac.yaml",
            "--event",
            "events/v2-authentication.json",
            "--item",
            "events/items/user.json",
            "--compact");
    Run dynamo =
        run(
            "render",
            "--config",
            "config/tenant-rbac.yaml",
            "--event",
            "events/v2-authentication.json",
            "--item",
            "events/items/user.dynamodb.json",
            "--compact");
    assertEquals(0, plain.exit(), plain.err());
    assertEquals(Json.MAPPER.readTree(plain.out()), Json.MAPPER.readTree(dynamo.out()));
    assertEquals(1, plain.out().strip().lines().count(), "compact output is one line");
  }

  /**
   * The sample is in put-item's form; what get-item prints ({"Item": ...}) is still read the same.
   */
  @Test
  void renderTakesPutItemAndGetItemFormsAlike(@TempDir Path dir) throws Exception {
    Path getItem = dir.resolve("user.get-item.json");
    Files.writeString(
        getItem,
        "{\"Item\": " + Files.readString(Path.of("events/items/user.dynamodb.json")) + "}");
    Run putForm =
        run(
            "render",
            "--config",
            "config/tenant-rbac.yaml",
            "--event",
            "events/v2-authentication.json",
            "--item",
            "events/items/user.dynamodb.json",
            "--compact");
    Run getForm =
        run(
            "render",
            "--config",
            "config/tenant-rbac.yaml",
            "--event",
            "events/v2-authentication.json",
            "--item",
            getItem.toString(),
            "--compact");
    assertEquals(0, putForm.exit(), putForm.err());
    assertEquals(0, getForm.exit(), getForm.err());
    assertEquals(Json.MAPPER.readTree(putForm.out()), Json.MAPPER.readTree(getForm.out()));
  }

  @Test
  void versionIsTheProjectVersionFromThePom() throws Exception {
    java.util.regex.Matcher version =
        java.util.regex.Pattern.compile(
                "<artifactId>cognito-claims-mapper</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(version.find(), "the pom names the project version");
    Run run = run("--version");
    assertEquals(0, run.exit(), run.err());
    assertEquals("cognito-claims-mapper " + version.group(1) + "\n", run.out());
  }

  @Test
  void renderReadsTheItemFromAnEndpoint() throws Exception {
    Dynalite db = Dynalite.shared();
    String table = db.sampleUserTable("cli");
    Run run =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            "events/v2-authentication.json",
            "--endpoint",
            db.endpoint().toString(),
            "--region",
            "us-east-1",
            "--env",
            "TABLE_NAME=" + table);
    assertEquals(0, run.exit(), run.err());
    JsonNode expected =
        Json.MAPPER.readTree(
            Files.readString(Path.of("src/test/resources/golden/seed-v2/expected.json")));
    assertEquals(expected, Json.MAPPER.readTree(run.out()).get("response"));
  }

  @Test
  void renderShowsADenialAndExitsOne() {
    Run run =
        run(
            "render",
            "--config",
            "config/tenant-rbac.yaml",
            "--event",
            "events/v2-authentication.json",
            "--no-item");
    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertEquals(
        "ERROR ref render: sign-in denied at $.source.onMissing: $.source: no item for the key\n"
            + "denied: the function would fail this sign-in; the user would see: "
            + "PreTokenGeneration failed with error Sign-in could not be completed (ref render)\n",
        run.err());
  }

  @Test
  void renderReportsBadInputWithoutAStackTrace(@TempDir Path dir) throws Exception {
    Path event = dir.resolve("event.json");
    Files.writeString(event, "{\"version\": \"2\",\n  \"request\": }");
    Run badEvent =
        run("render", "--config", "config/claims.yaml", "--event", event.toString(), "--no-item");
    assertEquals(1, badEvent.exit());
    assertTrue(
        badEvent.err().startsWith(event + ":2:14: not valid JSON: Unexpected character ('}'"),
        badEvent.err());

    Run missing =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            dir.resolve("nope.json").toString(),
            "--no-item");
    assertEquals(1, missing.exit());
    assertEquals(dir.resolve("nope.json") + ": no such event file\n", missing.err());

    Run noItem =
        run("render", "--config", "config/claims.yaml", "--event", "events/v2-authentication.json");
    assertEquals(2, noItem.exit());
    assertEquals(
        "the mapping reads an item: give --item FILE, --no-item, or --endpoint URL to read it from"
            + " DynamoDB\n",
        noItem.err());

    Run usage = run("render", "--event", "events/v2-authentication.json");
    assertEquals(2, usage.exit());
    assertTrue(usage.err().startsWith("Missing required option: '--config=FILE'"), usage.err());
  }

  @Test
  void renderRefusesAnInvalidMapping() {
    Run run =
        run(
            "render",
            "--config",
            "src/test/resources/invalid/wrong-version.yaml",
            "--event",
            "events/v2-authentication.json");
    assertEquals(1, run.exit());
    assertEquals(
        "src/test/resources/invalid/wrong-version.yaml:1:10: $.version: unsupported version 2 (the"
            + " only version is 1)\n"
            + "src/test/resources/invalid/wrong-version.yaml: 1 error(s): the function would not"
            + " start\n",
        run.err());
  }

  @Test
  void validateAcceptsEveryBundledMapping() throws Exception {
    try (var files = Files.list(Path.of("config"))) {
      String[] args =
          java.util.stream.Stream.concat(
                  java.util.stream.Stream.of("validate"),
                  files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(Path::toString))
              .toArray(String[]::new);
      Run run = run(args);
      assertEquals(0, run.exit(), run.out());
      assertEquals((args.length - 1) + " files checked: 0 errors, 0 warnings\n", run.out());
    }
  }

  @Test
  void validateListsEveryProblemAndExitsOne() throws Exception {
    Run run =
        run(
            "validate-config",
            "src/test/resources/invalid/unknown-keys.yaml",
            "config/claims.yaml");
    assertEquals(1, run.exit());
    // the diagnostics verbatim, as the invalid corpus has them, named as given on the command line
    String expected =
        Files.readString(Path.of("src/test/resources/invalid/unknown-keys.expected"))
            .strip()
            .lines()
            .map(line -> "src/test/resources/invalid/" + line + "\n")
            .collect(java.util.stream.Collectors.joining());
    assertEquals(3, expected.lines().count());
    assertEquals(expected + "2 files checked: 3 errors, 0 warnings\n", run.out());
  }

  @Test
  void everyCommandDocumentsItsExitCodes() {
    for (String command : List.of("validate", "render", "diff", "test")) {
      Run help = run(command, "--help");
      assertEquals(0, help.exit(), command);
      assertTrue(help.out().contains("\nExit codes:\n  0   "), command + ":\n" + help.out());
      for (String code : List.of("  0   ", "  1   ", "  2   ", "  3   ")) {
        assertTrue(help.out().contains(code), command + " --help lacks exit code" + code);
      }
    }
    Run main = run("--help");
    assertTrue(main.out().contains("Exit codes:"), main.out());
    for (String command : List.of("validate", "render", "diff", "test")) {
      assertTrue(
          main.out().contains("\n  " + command), "--help lists " + command + ":\n" + main.out());
    }
  }

  @Test
  void theCommandsAreListedByTheirNamesAndAliases() {
    java.util.Map<String, Class<?>> named = new java.util.LinkedHashMap<>();
    for (Class<?> command : new java.util.LinkedHashSet<>(Main.COMMANDS.values())) {
      picocli.CommandLine.Command annotation =
          command.getAnnotation(picocli.CommandLine.Command.class);
      named.put(annotation.name(), command);
      for (String alias : annotation.aliases()) {
        named.put(alias, command);
      }
    }
    assertEquals(named, Main.COMMANDS);
  }

  @Test
  void aCommandBuiltAloneAnswersAsAmongAll() {
    Run full = run("--help");
    for (String command :
        List.of("validate", "render", "diff", "test", "serve", "iam-policy", "help")) {
      assertTrue(full.out().contains("\n  " + command), "--help lists " + command);
    }
    Run alone = run("render", "--help");
    Run viaHelp = run("help", "render");
    assertEquals(0, viaHelp.exit(), viaHelp.err());
    assertEquals(alone.out(), viaHelp.out());
    assertTrue(alone.out().contains("Usage: cognito-claims-mapper render "), alone.out());

    Run alias = run("validate-config", "config/claims.yaml");
    assertEquals(0, alias.exit(), alias.err());
    assertEquals(run("validate", "config/claims.yaml").out(), alias.out());

    Run misspelt = run("rendr");
    assertEquals(2, misspelt.exit());
    assertTrue(misspelt.err().contains("render"), misspelt.err());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run("validate").exit());
    assertEquals(2, run("frobnicate").exit());
    assertEquals(0, run("--help").exit());
    assertEquals(0, run("render", "--help").exit());
  }
}
