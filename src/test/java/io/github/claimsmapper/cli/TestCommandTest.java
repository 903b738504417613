package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.cli.CommandLineTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test}: the users' own mapping tests, run like a test runner. */
class TestCommandTest {
  static final String SAMPLE = "src/test/resources/cli/mapping-tests";
  static final String FAILING = "src/test/resources/cli/mapping-tests-failing";
  static final String RBAC = "config/tenant-rbac.yaml";

  @Test
  void theSampleTestsPass() {
    Run run = run("test", SAMPLE, "--config", RBAC);
    assertEquals(0, run.exit(), run.out() + run.err());
    assertEquals(
        """
        PASS rbac-no-profile-denied
        PASS rbac-v1-strings
        PASS rbac-v2-gold
        PASS seed-console-test-event
        PASS seed-v2-jane
        5 passed, 0 failed
        """,
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void failuresSayWhatDiffers() {
    Run run = run("test", FAILING, "--config", RBAC);
    assertEquals(1, run.exit(), run.err());
    String dir = FAILING + "/";
    assertEquals(
        "FAIL absent-and-expected\n"
            + "  "
            + dir
            + "absent-and-expected/expect.yaml:4:18: $.accessToken.scopesAbsent[0]:"
            + " 'orders-api/read' is expected both absent and among scopesToAdd\n"
            + "  "
            + dir
            + "absent-and-expected/expect.yaml:4:35: $.accessToken.scopesAbsent[1]: expected a"
            + " string, found number\n"
            + "  "
            + dir
            + "absent-and-expected/expect.yaml:6:16: $.groupsAbsent[0]: 'editors' is expected both"
            + " absent and among groups\n"
            + "  "
            + dir
            + "absent-and-expected/expect.yaml:7:14: $.rolesAbsent: expected a list of strings,"
            + " found string\n"
            + "FAIL bad-expectation\n"
            + "  "
            + dir
            + "bad-expectation/expect.yaml:1:9: $.denied: expected true or false, found string\n"
            + "  "
            + dir
            + "bad-expectation/expect.yaml:2:1: $.idTokens: unknown key 'idTokens'"
            + " (expected one of: description, mapping, denied, idToken, accessToken, groups,"
            + " groupsAbsent, rolesAbsent)\n"
            + "  "
            + dir
            + "bad-expectation/expect.yaml:5:21: $.accessToken.claims.active: null is not a claim"
            + " value: list a claim that must not be added under $.accessToken.absent\n"
            + "  "
            + dir
            + "bad-expectation/expect.yaml:6:3: $.accessToken.scopes: unknown key 'scopes'"
            + " (expected one of: claims, absent, suppress, scopesToAdd, scopesToSuppress,"
            + " scopesAbsent)\n"
            + "FAIL expected-denial-allowed\n"
            + "  denied: expected the sign-in to be denied, it was allowed\n"
            + "FAIL invalid-mapping\n"
            + "  "
            + dir
            + "invalid-mapping/mapping.yaml: the mapping is invalid\n"
            + "    "
            + dir
            + "invalid-mapping/mapping.yaml:1:10: $.version: unsupported version 2 (the only"
            + " version is 1)\n"
            + "FAIL missing-event\n"
            + "  "
            + dir
            + "missing-event/event.json: no such event file\n"
            + "FAIL unexpectedly-denied\n"
            + "  denied: expected the sign-in to be allowed, it was denied: sign-in denied at"
            + " $.source.onMissing: $.source: no item for the key\n"
            + "FAIL v1-has-no-access-token\n"
            + "  accessToken: expected, but this event's response has none (version 1 events have"
            + " no access token)\n"
            + "FAIL wrong-values\n"
            + "  idToken.claims.given_name: expected \"John\", got \"Jane\"\n"
            + "  idToken.claims.nickname: expected \"JD\", got nothing (the claim is not added)\n"
            + "  idToken.claims[\"https://example.com/roles\"]: expected [\"editor\"], got"
            + " [\"editor\",\"viewer\"]\n"
            + "  idToken.claims.plan: expected absent, got \"gold\"\n"
            + "  idToken.suppress: expected email among claimsToSuppress, got"
            + " [\"phone_number\",\"phone_number_verified\"]\n"
            + "  accessToken.scopesToAdd: expected orders-api/admin among scopesToAdd, got"
            + " [\"orders-api/read\",\"orders-api/write\"]\n"
            + "  groups: expected [\"editors\"], got [\"editors\",\"tenant-t-1\"]\n"
            + "  accessToken.scopesAbsent: expected orders-api/write absent, but the access token"
            + " carries it in scope\n"
            + "  groupsAbsent: expected tenant-t-1 absent, but the ID token carries it in"
            + " cognito:groups\n"
            + "  groupsAbsent: expected tenant-t-1 absent, but the access token carries it in"
            + " cognito:groups\n"
            + "0 passed, 8 failed\n",
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void namedSourcesAndJsonExpectations() {
    Run run = run("test", "src/test/resources/cli/named-sources");
    assertEquals(0, run.exit(), run.out());
    assertEquals("PASS with-tenant\nPASS without-tenant\n2 passed, 0 failed\n", run.out());
  }

  @Test
  void aCaseFolderIsATestFolderOfOne() {
    Run run = run("test", SAMPLE + "/seed-v2-jane");
    assertEquals(0, run.exit(), run.out());
    assertEquals("PASS seed-v2-jane\n1 passed, 0 failed\n", run.out());
  }

  /**
   * Absence is checked against the tokens as issued: a requested scope is carried unless
   * suppressed, the event's groups and roles unless overridden, and a token that suppresses
   * cognito:groups carries none.
   */
  @Test
  void absentScopesGroupsAndRolesOnBothTokens(@TempDir Path dir) throws Exception {
    Path one = Files.createDirectories(dir.resolve("absent"));
    Files.copy(Path.of("events/v2-authentication.json"), one.resolve("event.json"));
    Path mapping = dir.resolve("mapping.yaml");
    Files.writeString(
        mapping,
        """
        version: 1
        accessToken:
          scopes: { suppress: [profile] }
          suppress: ["cognito:groups"]
        """);
    Files.writeString(
        one.resolve("expect.yaml"),
        """
        accessToken:
          scopesAbsent: [openid, profile, orders-api/admin]
        groupsAbsent: [admins, readers]
        rolesAbsent: ["arn:aws:iam::123456789012:role/readers-role", "arn:aws:iam::1:role/x"]
        """);
    Path event = one.resolve("event.json");
    String text = Files.readString(event);
    Files.writeString(
        event,
        text.replaceFirst(
                "\"groupsToOverride\": *\\[[^\\]]*\\]", "\"groupsToOverride\": [\"readers\"]")
            .replaceFirst(
                "\"iamRolesToOverride\": *\\[[^\\]]*\\]",
                "\"iamRolesToOverride\": [\"arn:aws:iam::123456789012:role/readers-role\"]"));
    Run run = run("test", dir.toString(), "--config", mapping.toString());
    assertEquals(1, run.exit(), run.out() + run.err());
    assertEquals(
        "FAIL absent\n"
            + "  accessToken.scopesAbsent: expected openid absent, but the access token carries it"
            + " in scope\n"
            + "  groupsAbsent: expected readers absent, but the ID token carries it in"
            + " cognito:groups\n"
            + "  rolesAbsent: expected arn:aws:iam::123456789012:role/readers-role absent, but the"
            + " ID token carries it in cognito:roles\n"
            + "0 passed, 1 failed\n",
        run.out());
  }

  @Test
  void groupsNullAndGroupFields(@TempDir Path dir) throws Exception {
    Path one = Files.createDirectories(dir.resolve("groups"));
    Files.copy(Path.of("events/v2-authentication.json"), one.resolve("event.json"));
    Files.copy(Path.of("events/items/user.json"), one.resolve("item.json"));
    Files.writeString(one.resolve("expect.yaml"), "groups: null\n");
    Run run = run("test", dir.toString(), "--config", RBAC);
    assertEquals(1, run.exit());
    assertEquals(
        "FAIL groups\n"
            + "  groups: expected no groupOverrideDetails, got"
            + " {\"groupsToOverride\":[\"editors\",\"tenant-t-1\"],\"iamRolesToOverride\":[]}\n"
            + "0 passed, 1 failed\n",
        run.out());

    Files.writeString(one.resolve("expect.yaml"), "groups: { iamRoles: [x], preferredRole: y }\n");
    assertEquals(
        "FAIL groups\n"
            + "  groups.iamRoles: expected [\"x\"], got []\n"
            + "  groups.preferredRole: expected \"y\", got null\n"
            + "0 passed, 1 failed\n",
        run("test", dir.toString(), "--config", RBAC).out());

    Files.writeString(one.resolve("expect.yaml"), "groups: [editors]\n");
    assertEquals(
        "FAIL groups\n"
            + "  groups: expected [\"editors\"], got no groupOverrideDetails (groups stay as"
            + " Cognito has them)\n"
            + "0 passed, 1 failed\n",
        run("test", dir.toString(), "--config", "config/claims.yaml").out());
  }

  @Test
  void aCaseNeedsAnExpectationAndOneMapping(@TempDir Path dir) throws Exception {
    Path noExpect = Files.createDirectories(dir.resolve("a-no-expect"));
    Files.copy(Path.of("events/v2-authentication.json"), noExpect.resolve("event.json"));
    Path twoMappings = Files.createDirectories(dir.resolve("b-two-mappings"));
    Files.copy(Path.of("events/v2-authentication.json"), twoMappings.resolve("event.json"));
    Files.copy(Path.of("config/claims.yaml"), twoMappings.resolve("mapping.yaml"));
    Files.writeString(twoMappings.resolve("expect.yaml"), "mapping: ../../x.yaml\n");
    Path noMapping = Files.createDirectories(dir.resolve("c-no-mapping"));
    Files.copy(Path.of("events/v2-authentication.json"), noMapping.resolve("event.json"));
    Files.writeString(noMapping.resolve("expect.json"), "{\"denied\": true}");
    Path deniedWithTokens = Files.createDirectories(dir.resolve("c2-denied-with-tokens"));
    Files.copy(Path.of("events/v2-authentication.json"), deniedWithTokens.resolve("event.json"));
    Files.writeString(deniedWithTokens.resolve("expect.yaml"), "denied: true\ngroups: null\n");
    Path badYaml = Files.createDirectories(dir.resolve("d-bad-yaml"));
    Files.writeString(badYaml.resolve("expect.yaml"), "idToken: [\n");

    Run run = run("test", dir.toString());
    assertEquals(1, run.exit());
    assertEquals(
        "FAIL a-no-expect\n"
            + "  "
            + noExpect.resolve("expect.yaml")
            + ": missing: the case needs an expect.yaml (or expect.json)\n"
            + "FAIL b-two-mappings\n"
            + "  "
            + twoMappings.resolve("mapping.yaml")
            + ": the case has its own mapping, and expect.yaml names "
            + dir.resolve("../x.yaml").normalize()
            + " too\n"
            + "FAIL c-no-mapping\n"
            + "  no mapping: give --config FILE, name it in expect.yaml (mapping: PATH), or put a"
            + " mapping.yaml in the case folder\n"
            + "FAIL c2-denied-with-tokens\n"
            + "  "
            + deniedWithTokens.resolve("expect.yaml")
            + ":1:9: $.denied: a denied sign-in has no tokens:"
            + " with denied: true, leave out idToken, accessToken, groups, groupsAbsent and"
            + " rolesAbsent\n"
            + "FAIL d-bad-yaml\n"
            + "  "
            + badYaml.resolve("expect.yaml")
            + ":2:1: $: invalid YAML: while parsing a flow node:"
            + " expected the node content, but found '<stream end>'\n"
            + "0 passed, 5 failed\n",
        run.out());
  }

  @Test
  void usageErrors(@TempDir Path dir) {
    Run noFolder = run("test", dir.resolve("nope").toString());
    assertEquals(2, noFolder.exit());
    assertEquals(dir.resolve("nope") + ": no such folder\n", noFolder.err());
    assertEquals("", noFolder.out());

    Run empty = run("test", dir.toString());
    assertEquals(2, empty.exit());
    assertEquals(dir + ": no cases (a case is a folder with event.json)\n", empty.err());

    Run noConfig = run("test", SAMPLE, "--config", dir.resolve("nope.yaml").toString());
    assertEquals(2, noConfig.exit());
    assertEquals(dir.resolve("nope.yaml") + ": no such mapping file\n", noConfig.err());

    Run noDir = run("test");
    assertEquals(2, noDir.exit());
    assertTrue(noDir.err().startsWith("Missing required parameter: 'DIR'"), noDir.err());
  }
}
