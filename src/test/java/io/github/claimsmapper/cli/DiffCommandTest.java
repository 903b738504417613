package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.cli.CommandLineTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff}: what a change of mapping does to the tokens, exact output and exit codes. */
class DiffCommandTest {
  static final String OLD = "src/test/resources/cli/diff/old.yaml";
  static final String NEW = "src/test/resources/cli/diff/new.yaml";
  static final String CASES = "src/test/resources/cli/diff/cases";
  static final String V2 = "events/v2-authentication.json";
  static final String USER = "events/items/user.json";

  @Test
  void oneEvent() {
    Run run = run("diff", OLD, NEW, "--event", V2, "--item", USER);
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        """
        source item: onMissing: deny -> continue
        source item: attributes read: ["first_name","seats","tenant"] \
        -> ["first_name","preferred_role","tenant"]
        idToken claim changed: seats: 25 -> 30
        idToken claim added: plan = "gold"
        idToken claim removed: legacy_tier
        idToken suppress added: phone_number_verified
        accessToken scopesToAdd added: orders-api/write
        accessToken scopesToSuppress removed: aws.cognito.signin.user.admin
        groupOverrideDetails added: {"groupsToOverride":["readers","editors"],\
        "iamRolesToOverride":[]}
        9 changes
        """,
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void aFolderOfCases() {
    Run run = run("diff", OLD, NEW, "--cases", CASES);
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        """
        lookups: 2 changes
          source item: onMissing: deny -> continue
          source item: attributes read: ["first_name","seats","tenant"] \
        -> ["first_name","preferred_role","tenant"]
        jane-v1: 5 changes
          idToken claim changed: seats: "25" -> "30"
          idToken claim added: plan = "gold"
          idToken claim removed: legacy_tier
          idToken suppress added: phone_number_verified
          groupOverrideDetails added: {"groupsToOverride":["editors","readers"],\
        "iamRolesToOverride":["arn:aws:iam::123456789012:role/example-editors-role"]}
        jane-v2: 7 changes
          idToken claim changed: seats: 25 -> 30
          idToken claim added: plan = "gold"
          idToken claim removed: legacy_tier
          idToken suppress added: phone_number_verified
          accessToken scopesToAdd added: orders-api/write
          accessToken scopesToSuppress removed: aws.cognito.signin.user.admin
          groupOverrideDetails added: {"groupsToOverride":["readers","editors"],\
        "iamRolesToOverride":[]}
        no-profile: 1 change
          outcome changed: denied -> allowed (was: sign-in denied at $.source.onMissing: $.source: no item for the key)
        3 cases: 3 changed, 0 unchanged
        """,
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void noChangeExitsZero() {
    Run one = run("diff", OLD, OLD, "--event", V2, "--item", USER);
    assertEquals(0, one.exit(), one.err());
    assertEquals("no changes\n", one.out());

    Run cases = run("diff", NEW, NEW, "--cases", CASES);
    assertEquals(0, cases.exit(), cases.err());
    assertEquals(
        """
        jane-v1: no changes
        jane-v2: no changes
        no-profile: no changes
        3 cases: 0 changed, 3 unchanged
        """,
        cases.out());
  }

  @Test
  void allowedToDenied() {
    Run run = run("diff", NEW, OLD, "--event", V2, "--no-item");
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        "source item: onMissing: continue -> deny\n"
            + "source item: attributes read: [\"first_name\",\"preferred_role\",\"tenant\"] ->"
            + " [\"first_name\",\"seats\",\"tenant\"]\n"
            + "outcome changed: allowed -> denied (sign-in denied at $.source.onMissing: $.source:"
            + " no item for the key)\n"
            + "3 changes\n",
        run.out());
  }

  /**
   * Moving from table users/key id to profiles/key pk reads another item and needs another IAM
   * policy: a change though a case renders the same (here no item either way).
   */
  @Test
  void lookupChangesAreChangesOfTheirOwn(@TempDir Path dir) throws Exception {
    Path before = dir.resolve("before.yaml");
    Path after = dir.resolve("after.yaml");
    Files.writeString(
        before,
        """
        version: 1
        source:
          table: users
          key: { id: "USER#${event.userName}" }
          onMissing: continue
        idToken:
          claims:
            first_name: item.first_name
            last_name: item.last_name
        rules:
          - when: "event.triggerSource == 'TokenGeneration_RefreshTokens'"
            source: { consistentRead: true }
        """);
    Files.writeString(
        after,
        """
        version: 1
        source:
          table: profiles
          key: { pk: "USER#${event.userName}" }
          onMissing: continue
          onError: stale
          timeout: 800ms
        idToken:
          claims:
            first_name: item.first_name
            last_name: item.first_name
        rules:
          - when: "event.triggerSource == 'TokenGeneration_RefreshTokens'"
            source: { consistentRead: false }
        """);
    Run run = run("diff", before.toString(), after.toString(), "--event", V2, "--no-item");
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        """
        lookup timeout: 1s -> 800ms
        source item: table: "users" -> "profiles"
        source item: key: {"id":"USER#${event.userName}"} -> {"pk":"USER#${event.userName}"}
        source item: onError: deny -> stale
        source item: attributes read: ["first_name","last_name"] -> ["first_name"]
        source item: cache: none -> {fresh: 0ms, stale: 1h, maxEntries: 10000}
        rules[0] source item: table: "users" -> "profiles"
        rules[0] source item: key: {"id":"USER#${event.userName}"} -> {"pk":"USER#${event.userName}"}
        rules[0] source item: consistentRead: true -> false
        rules[0] source item: onError: deny -> stale
        rules[0] source item: attributes read: ["first_name","last_name"] -> ["first_name"]
        rules[0] source item: cache: none -> {fresh: 0ms, stale: 1h, maxEntries: 10000}
        12 changes
        """,
        run.out());

    Path cases = Files.createDirectories(dir.resolve("cases/one"));
    Files.copy(Path.of(V2), cases.resolve("event.json"));
    Run folder =
        run(
            "diff",
            before.toString(),
            after.toString(),
            "--cases",
            dir.resolve("cases").toString());
    assertEquals(1, folder.exit(), folder.err());
    assertTrue(
        folder.out().startsWith("lookups: 12 changes\n  lookup timeout: 1s -> 800ms\n"),
        folder.out());
    assertTrue(
        folder.out().endsWith("one: no changes\n1 case: 0 changed, 1 unchanged\n"), folder.out());

    Run same = run("diff", after.toString(), after.toString(), "--event", V2, "--no-item");
    assertEquals(0, same.exit());
    assertEquals("no changes\n", same.out());
  }

  @Test
  void groupsAndNamedSources(@TempDir Path dir) throws Exception {
    Path before = dir.resolve("before.yaml");
    Path after = dir.resolve("after.yaml");
    Files.writeString(
        before,
        "version: 1\ngroups:\n  preferredRole: \"'arn:aws:iam::123456789012:role/a'\"\n"
            + "  iamRoles: \"['arn:aws:iam::123456789012:role/a']\"\n"
            + "idToken:\n  claims:\n    \"https://example.com/tenant\": { const: { id: t-1 } }\n");
    Files.writeString(
        after,
        "version: 1\ngroups:\n  preferredRole: \"'arn:aws:iam::123456789012:role/b'\"\n"
            + "  iamRoles: \"['arn:aws:iam::123456789012:role/b']\"\n"
            + "idToken:\n  claims:\n    \"https://example.com/tenant\": { const: { id: t-2 } }\n");
    Run run = run("diff", before.toString(), after.toString(), "--event", V2);
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        """
        idToken claim changed: https://example.com/tenant: {"id":"t-1"} -> {"id":"t-2"}
        groupOverrideDetails changed: iamRolesToOverride: ["arn:aws:iam::123456789012:role/a"] \
        -> ["arn:aws:iam::123456789012:role/b"]
        groupOverrideDetails changed: preferredRole: "arn:aws:iam::123456789012:role/a" \
        -> "arn:aws:iam::123456789012:role/b"
        3 changes
        """,
        run.out());

    Run removed = run("diff", before.toString(), "config/claims.yaml", "--event", V2, "--no-item");
    assertTrue(
        removed.out().contains("groupOverrideDetails removed (groups stay as Cognito has them)\n"),
        removed.out());

    Run sources =
        run(
            "diff",
            "config/claims.yaml",
            "src/test/resources/cli/sources.yaml",
            "--cases",
            "src/test/resources/cli/named-sources");
    assertEquals(1, sources.exit(), sources.err());
    assertEquals(
        """
        lookups: 3 changes
          source item: onMissing: continue -> deny
          source item: attributes read: ["first_name","interesting_value","last_name"] \
        -> ["first_name","tenant"]
          source tenant added: table "tenants"
        with-tenant: 5 changes
          idToken claim added: given_name = "Jane"
          idToken claim added: tenant_name = "Example Corp"
          idToken claim removed: first_name
          idToken claim removed: last_name
          accessToken claim removed: interesting_value
        without-tenant: 4 changes
          idToken claim added: given_name = "Jane"
          idToken claim removed: first_name
          idToken claim removed: last_name
          accessToken claim removed: interesting_value
        2 cases: 2 changed, 0 unchanged
        """,
        sources.out());
  }

  @Test
  void anInvalidMappingCannotBeCompared() {
    Run run =
        run(
            "diff",
            OLD,
            "src/test/resources/invalid/wrong-version.yaml",
            "--event",
            V2,
            "--item",
            USER);
    assertEquals(2, run.exit());
    assertEquals("", run.out());
    assertEquals(
        "src/test/resources/invalid/wrong-version.yaml:1:10: $.version: unsupported version 2 (the"
            + " only version is 1)\n"
            + "src/test/resources/invalid/wrong-version.yaml: 1 error(s): cannot compare\n",
        run.err());
  }

  @Test
  void anUnreadableCaseIsNotCompared(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("a-broken"));
    Path good = Files.createDirectories(dir.resolve("b-good"));
    Files.copy(Path.of(V2), good.resolve("event.json"));
    Run run = run("diff", OLD, OLD, "--cases", dir.toString());
    assertEquals(2, run.exit());
    assertEquals(
        "a-broken: not compared: "
            + dir.resolve("a-broken/event.json")
            + ": no such event file\n"
            + "b-good: no changes\n"
            + "2 cases: 0 changed, 1 unchanged, 1 not compared\n",
        run.out());
  }

  @Test
  void usageErrors(@TempDir Path dir) {
    Run neither = run("diff", OLD, NEW);
    assertEquals(2, neither.exit());
    assertEquals(
        "give either --event FILE (with --item, --no-item or --endpoint) or --cases DIR\n",
        neither.err());

    Run both = run("diff", OLD, NEW, "--event", V2, "--cases", CASES);
    assertEquals(2, both.exit());
    assertEquals(neither.err(), both.err());

    Run itemsWithCases = run("diff", OLD, NEW, "--cases", CASES, "--item", USER);
    assertEquals(2, itemsWithCases.exit());
    assertEquals(
        "--cases DIR takes its items from the case folders: --item, --no-item and --endpoint go"
            + " with --event\n",
        itemsWithCases.err());

    Run noItem = run("diff", OLD, NEW, "--event", V2);
    assertEquals(2, noItem.exit());
    assertEquals(
        "a mapping reads an item: give --item FILE, --no-item, or --endpoint URL to read it from"
            + " DynamoDB\n",
        noItem.err());
    assertEquals("", noItem.out());

    Run noFolder = run("diff", OLD, NEW, "--cases", dir.resolve("nope").toString());
    assertEquals(2, noFolder.exit());
    assertEquals(dir.resolve("nope") + ": no such folder\n", noFolder.err());

    Run emptyFolder = run("diff", OLD, NEW, "--cases", dir.toString());
    assertEquals(2, emptyFolder.exit());
    assertEquals(dir + ": no cases (a case is a folder with event.json)\n", emptyFolder.err());

    Run oneMapping = run("diff", OLD, "--event", V2);
    assertEquals(2, oneMapping.exit());
    assertTrue(oneMapping.err().startsWith("Missing required parameter: 'NEW'"), oneMapping.err());
  }
}
