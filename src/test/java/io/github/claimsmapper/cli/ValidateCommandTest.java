package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.cli.CommandLineTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} in its three formats: exact output and exit codes. */
class ValidateCommandTest {
  static final String ADDED_AND_SUPPRESSED = "src/test/resources/invalid/added-and-suppressed.yaml";
  static final String WRONG_VERSION = "src/test/resources/invalid/wrong-version.yaml";

  @Test
  void textIsTheDefault() {
    Run run = run("validate", WRONG_VERSION, "config/claims.yaml");
    assertEquals(1, run.exit());
    assertEquals(
        """
        src/test/resources/invalid/wrong-version.yaml:1:10: $.version: unsupported version 2 (the only version is 1)
        2 files checked: 1 error, 0 warnings
        """,
        run.out());
    assertEquals("", run.err());
    assertEquals(
        run.out(), run("validate", "--format", "text", WRONG_VERSION, "config/claims.yaml").out());
  }

  /** Roles grant authority like groups: taken from data without keepRoles, validate says so. */
  @Test
  void rolesFromDataWithoutKeepRolesAreAWarningAndAnyFilterIsChecked(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("roles.yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "groups:\n"
            + "  keep: { prefix: t- }\n"
            + "  iamRoles: event.request.userAttributes.roles\n");
    Run run = run("validate", file.toString());
    assertEquals(0, run.exit(), run.out());
    assertEquals(
        file
            + ":4:3: $.groups.iamRoles: warning: IAM roles come from data without 'keepRoles':"
            + " every role ARN the data holds reaches the tokens\n"
            + "1 file checked: 0 errors, 1 warning\n",
        run.out());

    Files.writeString(
        file,
        "version: 1\ngroups:\n  iamRoles: event.roles\n  keepRoles: { regex: \"(a\", glob: x }\n");
    Run bad = run("validate", file.toString());
    assertEquals(1, bad.exit(), bad.out());
    assertEquals(
        file
            + ":4:24: $.groups.keepRoles.regex: invalid regular expression: missing closing ) (RE2"
            + " syntax: no backreferences or lookaround)\n"
            + file
            + ":4:29: $.groups.keepRoles.glob: unknown key 'glob' (expected one of: prefix, exact,"
            + " regex)\n"
            + "1 file checked: 2 errors, 0 warnings\n",
        bad.out());

    Files.writeString(
        file,
        "version: 1\n"
            + "groups:\n"
            + "  iamRoles: event.roles\n"
            + "  keepRoles: { prefix: \"arn:aws:iam::1:role/\" }\n");
    assertEquals("1 file checked: 0 errors, 0 warnings\n", run("validate", file.toString()).out());
  }

  @Test
  void textCountsWarningsAndExitsZeroOnWarningsAlone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("twice.yaml");
    Files.writeString(file, "version: 1\nidToken:\n  suppress: [phone_number, phone_number]\n");
    Run run = run("validate", file.toString());
    assertEquals(0, run.exit(), run.out());
    assertEquals(
        file
            + ":3:28: $.idToken.suppress[1]: warning: 'phone_number' is listed twice\n"
            + "1 file checked: 0 errors, 1 warning\n",
        run.out());
  }

  @Test
  void jsonIsOneDocument() {
    Run run = run("validate", "--format", "json", ADDED_AND_SUPPRESSED, "config/claims.yaml");
    assertEquals(1, run.exit());
    assertEquals(
        "{\"files\":2,\"errors\":2,\"warnings\":1,\"diagnostics\":["
            + "{\"file\":\"src/test/resources/invalid/added-and-suppressed.yaml\","
            + "\"line\":5,\"column\":14,"
            + "\"path\":\"$.idToken.suppress[0]\",\"severity\":\"error\","
            + "\"message\":\"'email' is both added and suppressed in this token"
            + " (Cognito would suppress it)\"},"
            + "{\"file\":\"src/test/resources/invalid/added-and-suppressed.yaml\","
            + "\"line\":5,\"column\":35,"
            + "\"path\":\"$.idToken.suppress[2]\",\"severity\":\"warning\","
            + "\"message\":\"'phone_number' is listed twice\"},"
            + "{\"file\":\"src/test/resources/invalid/added-and-suppressed.yaml\","
            + "\"line\":9,\"column\":16,"
            + "\"path\":\"$.accessToken.scopes.suppress[0]\",\"severity\":\"error\","
            + "\"message\":\"'orders-api/read' is both added and suppressed\"}]}\n",
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void jsonOfValidFiles() {
    Run run = run("validate", "--format=JSON", "config/claims.yaml");
    assertEquals(0, run.exit());
    assertEquals("{\"files\":1,\"errors\":0,\"warnings\":0,\"diagnostics\":[]}\n", run.out());
  }

  @Test
  void githubAnnotationsThenTheSummary() {
    Run run =
        run(
            "validate",
            "--format",
            "github",
            ADDED_AND_SUPPRESSED,
            "src/test/resources/invalid/reserved-claims.yaml");
    assertEquals(1, run.exit());
    String file = "file=src/test/resources/invalid/";
    assertTrue(
        run.out()
            .startsWith(
                ""
                    + "::error "
                    + file
                    + "added-and-suppressed.yaml,line=5,col=14,title=$.idToken.suppress[0]::'email'"
                    + " is both added and suppressed in this token (Cognito would suppress it)\n"
                    + "::warning "
                    + file
                    + "added-and-suppressed.yaml,line=5,col=35,title=$.idToken.suppress[2]::"
                    + "'phone_number' is listed twice\n"
                    + "::error "
                    + file
                    + "added-and-suppressed.yaml,line=9,col=16,"
                    + "title=$.accessToken.scopes.suppress[0]::"
                    + "'orders-api/read' is both added and suppressed\n"
                    + "::error "
                    + file
                    + "reserved-claims.yaml,line=4,col=5,title=$.idToken.claims.sub::"
                    + "'sub' is set by Cognito and cannot be added or overridden\n"
                    + "::error "
                    + file
                    + "reserved-claims.yaml,line=5,col=5,title=$.idToken.claims['cognito%3Agroups']::'cognito:groups'"
                    + " changes only through the groups section\n"),
        run.out());
    assertTrue(run.out().endsWith("\n2 files checked: 12 errors, 1 warning\n"), run.out());
  }

  @Test
  void githubEscapesPropertiesAndMessages(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a,b:c%.yaml");
    Files.writeString(file, "version: 2\n");
    Run run = run("validate", "--format", "github", file.toString());
    assertEquals(1, run.exit());
    String escaped = file.toString().replace("%", "%25").replace(":", "%3A").replace(",", "%2C");
    assertEquals(
        "::error file="
            + escaped
            + ",line=1,col=10,title=$.version::unsupported version 2 (the only version is 1)\n"
            + "1 file checked: 1 error, 0 warnings\n",
        run.out());

    assertEquals("50%25 done%0D%0Anext: a, b", DiagnosticFormat.data("50% done\r\nnext: a, b"));
    assertEquals("$.claims['a%3Ab%2Cc']%25%0A", DiagnosticFormat.property("$.claims['a:b,c']%\n"));
  }

  @Test
  void anUnreadableFileIsAProblemNotACrash(@TempDir Path dir) {
    Run run = run("validate", "--format", "json", dir.resolve("nope.yaml").toString());
    assertEquals(1, run.exit());
    assertEquals(
        "{\"files\":1,\"errors\":1,\"warnings\":0,\"diagnostics\":[{\"file\":\""
            + dir.resolve("nope.yaml")
            + "\",\"line\":1,\"column\":1,\"path\":\"$\",\"severity\":\"error\","
            + "\"message\":\"cannot read the mapping file (NoSuchFileException)\"}]}\n",
        run.out());
  }

  /** A folder stands for the mapping files directly in it; it was "cannot read (IOException)". */
  @Test
  void aFolderIsTheMappingFilesInIt(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("config/claims.yaml"), dir.resolve("a.yaml"));
    Files.copy(Path.of(WRONG_VERSION), dir.resolve("b.yml"));
    Files.writeString(dir.resolve("notes.txt"), "not a mapping");
    Files.createDirectories(dir.resolve("nested"));
    Files.copy(Path.of(WRONG_VERSION), dir.resolve("nested/c.yaml"));
    Run run = run("validate", dir.toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        dir.resolve("b.yml")
            + ":1:10: $.version: unsupported version 2 (the only version is 1)\n"
            + "2 files checked: 1 error, 0 warnings\n",
        run.out());
    assertEquals(0, run("validate", "config").exit());

    Run empty = run("validate", dir.resolve("nested").resolve("..").resolve("nested").toString());
    assertEquals(1, empty.exit(), "a folder with one invalid mapping");
    Files.delete(dir.resolve("nested/c.yaml"));
    Run none = run("validate", dir.resolve("nested").toString());
    assertEquals(2, none.exit());
    assertEquals(
        dir.resolve("nested")
            + ": a folder without mapping files (*.yaml, *.yml, *.json directly in it)\n",
        none.err());
  }

  @Test
  void aFolderGivenAsTheMappingOfACommandIsNamedAsOne() {
    Run run =
        run(
            "render",
            "--config",
            "config",
            "--event",
            "events/v2-authentication.json",
            "--no-item");
    assertEquals(1, run.exit());
    assertEquals(
        "config:1:1: $: the mapping file is a directory: name a file\n"
            + "config: 1 error(s): the function would not start\n",
        run.err());
  }

  @Test
  void envSuppliesPlaceholders(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("env.yaml");
    Files.writeString(
        file,
        "version: 1\nsource:\n  table: ${env:CLAIMS_MAPPER_CLI_TEST_TABLE}\n"
            + "  key: { id: \"USER#${event.userName}\" }\n");
    assertEquals(1, run("validate", file.toString()).exit());
    Run run = run("validate", "--env", "CLAIMS_MAPPER_CLI_TEST_TABLE=users", file.toString());
    assertEquals(0, run.exit(), run.out());
  }

  @Test
  void usageErrors() {
    Run badFormat = run("validate", "--format", "xml", "config/claims.yaml");
    assertEquals(2, badFormat.exit());
    assertTrue(
        badFormat
            .err()
            .startsWith(
                "Invalid value for option '--format': expected text, json or github, found"
                    + " 'xml'\n"),
        badFormat.err());
    assertEquals("", badFormat.out());
    Run noFile = run("validate", "--format", "json");
    assertEquals(2, noFile.exit());
    assertTrue(noFile.err().startsWith("Missing required parameter: 'FILE'"), noFile.err());
  }

  @Test
  void emitJsonWritesTheCheckedFormOfAValidFileOnly(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("claims.json");
    Run valid = run("validate", "--emit-json", out.toString(), "config/claims.yaml");
    assertEquals(0, valid.exit(), valid.err());
    assertEquals("1 file checked: 0 errors, 0 warnings\n", valid.out());
    assertEquals(
        new io.github.claimsmapper.config.MappingLoader(java.util.Map.of())
            .load(Path.of("config/claims.yaml"))
            .checkedJson(),
        Files.readString(out));

    Path nothing = dir.resolve("broken.json");
    Run invalid = run("validate", "--emit-json", nothing.toString(), WRONG_VERSION);
    assertEquals(1, invalid.exit());
    assertTrue(!Files.exists(nothing), "nothing is written for an invalid file");
  }

  @Test
  void emitJsonTakesExactlyOneFile(@TempDir Path dir) {
    Run run =
        run(
            "validate",
            "--emit-json",
            dir.resolve("x.json").toString(),
            "config/claims.yaml",
            "config/tenant-rbac.yaml");
    assertEquals(2, run.exit());
    assertEquals("--emit-json takes exactly one FILE, got 2\n", run.err());
  }

  @Test
  void emitJsonThatCannotBeWrittenSaysWhereAndWhy(@TempDir Path dir) {
    Run run = run("validate", "--emit-json", dir.toString(), "config/claims.yaml");
    assertEquals(3, run.exit());
    assertEquals("1 file checked: 0 errors, 0 warnings\n", run.out());
    assertEquals(dir + ": cannot write the checked JSON form (FileSystemException)\n", run.err());
  }
}
