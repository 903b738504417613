package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.cli.CommandLineTest.Run;
import io.github.claimsmapper.cognito.ResponseView;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.Responses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code render}: items by source name, notes, the size of each token's claims. */
class RenderCommandTest {
  static final String SOURCES = "src/test/resources/cli/sources.yaml";
  static final String TENANT = "src/test/resources/cli/items/tenant.json";
  static final String USER = "events/items/user.json";
  static final String V2 = "events/v2-authentication.json";

  static JsonNode idClaims(Run run) throws Exception {
    return Responses.idClaims(Json.MAPPER.readTree(run.out()));
  }

  @Test
  void namedItemsAnswerTheirSources() throws Exception {
    Run run =
        run(
            "render",
            "--config",
            SOURCES,
            "--event",
            V2,
            "--item",
            USER,
            "--item",
            "tenant=" + TENANT);
    assertEquals(0, run.exit(), run.err());
    assertEquals(
        Json.MAPPER.readTree("{\"given_name\": \"Jane\", \"tenant_name\": \"Example Corp\"}"),
        idClaims(run));
    assertEquals("size: idToken claims 50 bytes, accessToken claims 2 bytes\n", run.err());
  }

  @Test
  void itemEqualsFileIsThePrimaryItem() throws Exception {
    Run run =
        run(
            "render",
            "--config",
            SOURCES,
            "--event",
            V2,
            "--item",
            "item=" + USER,
            "--item",
            "tenant=" + TENANT);
    assertEquals(0, run.exit(), run.err());
    assertEquals("Jane", idClaims(run).path("given_name").textValue());
  }

  @Test
  void aSourceWithoutAFileFindsNoItem() throws Exception {
    Run run = run("render", "--config", SOURCES, "--event", V2, "--item", USER);
    assertEquals(0, run.exit(), run.err());
    assertEquals(Json.MAPPER.readTree("{\"given_name\": \"Jane\"}"), idClaims(run));
    assertTrue(
        run.err()
            .endsWith(
                "note: no file for source 'tenant' (--item tenant=FILE): rendered as finding no"
                    + " item\n"
                    + "size: idToken claims 21 bytes, accessToken claims 2 bytes\n"),
        run.err());
  }

  @Test
  void nameEqualsNothingDeclaresNoItem() throws Exception {
    Run run =
        run("render", "--config", SOURCES, "--event", V2, "--item", USER, "--item", "tenant=");
    assertEquals(0, run.exit(), run.err());
    assertEquals(Json.MAPPER.readTree("{\"given_name\": \"Jane\"}"), idClaims(run));
    assertTrue(!run.err().contains("note:"), run.err());
  }

  @Test
  void notesAFileTheMappingDidNotRead() {
    Run run =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            V2,
            "--item",
            USER,
            "--item",
            "other=" + USER);
    assertEquals(0, run.exit(), run.err());
    assertEquals(
        "events/items/user.json: note: not used: the mapping did not read source 'other' for this"
            + " event\n"
            + "size: idToken claims 39 bytes, accessToken claims 28 bytes\n",
        run.err());

    Run eventOnly =
        run(
            "render",
            "--config",
            "src/test/resources/golden/event-only/mapping.yaml",
            "--event",
            V2,
            "--item",
            USER);
    assertEquals(0, eventOnly.exit(), eventOnly.err());
    assertTrue(
        eventOnly
            .err()
            .startsWith(
                "events/items/user.json: note: not used: the mapping did not read an item for this"
                    + " event\n"),
        eventOnly.err());
  }

  @Test
  void anExistingFileWhoseNameHasAnEqualsSignIsAPath() throws Exception {
    Path file =
        Path.of("render_test=item.json"); // NAME=FILE in form, but a file in the working directory
    try {
      Files.copy(Path.of(USER), file);
      Run run =
          run("render", "--config", "config/claims.yaml", "--event", V2, "--item", file.toString());
      assertEquals(0, run.exit(), run.err());
      assertEquals("size: idToken claims 39 bytes, accessToken claims 28 bytes\n", run.err());
    } finally {
      Files.deleteIfExists(file);
    }
    Run named =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            V2,
            "--item",
            "render_test=item.json");
    assertEquals(1, named.exit(), "without the file, it is the item of a source named render_test");
    assertEquals("item.json: no such item file\n", named.err());
  }

  @Test
  void sizesFollowTheTokensTheEventHas() {
    Run v1 =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            "events/v1-hosted-auth.json",
            "--item",
            USER);
    assertEquals(0, v1.exit(), v1.err());
    assertEquals(
        "WARN version 1 events have no access token: accessToken claims and scopes are skipped for"
            + " them\n"
            + "size: idToken claims 39 bytes\n",
        v1.err());

    Run machine =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            "events/v3-client-credentials.json",
            "--no-item");
    assertEquals(0, machine.exit(), machine.err());
    assertTrue(machine.err().endsWith("\nsize: accessToken claims 2 bytes\n"), machine.err());

    assertEquals(
        "size: idToken claims 10 bytes, accessToken claims 2 bytes",
        RenderCommand.sizes(
            ResponseView.of(
                Json.MAPPER
                    .createObjectNode()
                    .set(
                        "response",
                        json(
                            "{\"claimsAndScopeOverrideDetails\": {\"idTokenGeneration\":"
                                + " {\"claimsToAddOrOverride\": {\"n\": \"é\"}},"
                                + " \"accessTokenGeneration\": {\"claimsToAddOrOverride\":"
                                + " {}}}}")))));
  }

  @Test
  void itemUsageErrors() {
    Run twoPrimaries =
        run(
            "render",
            "--config",
            "config/claims.yaml",
            "--event",
            V2,
            "--item",
            USER,
            "--item",
            USER);
    assertEquals(2, twoPrimaries.exit());
    assertEquals(
        "one primary item only: --item FILE, --item item=FILE and --no-item exclude each other"
            + " (give the items of named sources as --item NAME=FILE)\n",
        twoPrimaries.err());

    Run itemAndNoItem =
        run("render", "--config", "config/claims.yaml", "--event", V2, "--no-item", "--item", USER);
    assertEquals(2, itemAndNoItem.exit());
    assertEquals(twoPrimaries.err(), itemAndNoItem.err());

    Run twice =
        run(
            "render",
            "--config",
            SOURCES,
            "--event",
            V2,
            "--item",
            USER,
            "--item",
            "tenant=" + TENANT,
            "--item",
            "tenant=");
    assertEquals(2, twice.exit());
    assertEquals("--item tenant=... is given twice\n", twice.err());
    assertEquals("", twice.out());
  }

  @Test
  void badItemsAreProblems(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("list.json");
    Files.writeString(list, "[1, 2]");
    Run notAnObject =
        run(
            "render",
            "--config",
            SOURCES,
            "--event",
            V2,
            "--item",
            USER,
            "--item",
            "tenant=" + list);
    assertEquals(1, notAnObject.exit());
    assertEquals(list + "[0]: an item is a JSON object\n", notAnObject.err());

    Run missing =
        run(
            "render",
            "--config",
            SOURCES,
            "--event",
            V2,
            "--item",
            USER,
            "--item",
            "tenant=" + dir.resolve("no.json"));
    assertEquals(1, missing.exit());
    assertEquals(dir.resolve("no.json") + ": no such item file\n", missing.err());

    Path dynamo = dir.resolve("bad.dynamodb.json");
    Files.writeString(dynamo, "{\"Item\": {\"n\": {\"N\": \"not a number\"}}}");
    Run badDynamo =
        run("render", "--config", "config/claims.yaml", "--event", V2, "--item", dynamo.toString());
    assertEquals(1, badDynamo.exit());
    assertTrue(
        badDynamo.err().startsWith(dynamo + ": not a valid DynamoDB JSON item: "), badDynamo.err());
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
