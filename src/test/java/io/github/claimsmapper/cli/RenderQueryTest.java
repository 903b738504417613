package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.cli.CommandLineTest.Run;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.Responses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render}, {@code diff} and {@code test} with query and forEach sources: a JSON array of
 * items per source (plain, DynamoDB JSON, or {@code aws dynamodb query} output), {@code --explain}
 * showing each query, its conditions and the count matched.
 */
class RenderQueryTest {
  static final String MAPPING = "config/memberships.yaml";
  static final String V2 = "events/v2-authentication.json";

  static String[] render(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "render",
                "--config",
                MAPPING,
                "--event",
                V2,
                "--item",
                "events/items/account.json",
                "--item",
                "tenants=events/items/tenants.json"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  static JsonNode claims(Run run, String token) throws Exception {
    return Responses.claims(Json.MAPPER.readTree(run.out()), token);
  }

  @Test
  void theThreeShapesRenderFromItemFilesAndExplainTheirQueries() throws Exception {
    Run run =
        run(
            render(
                "--item",
                "memberships=events/items/memberships.json",
                "--item",
                "profile=events/items/profile.json",
                "--explain"));
    assertEquals(0, run.exit(), run.err());
    assertEquals(
        "{\"display_name\":\"Jane Doe\",\"tenants\":[\"acme\",\"globex\"],"
            + "\"tenant_names\":[\"Acme Corp\",\"Globex\"]}",
        Json.compact(claims(run, "idTokenGeneration")));
    assertEquals(
        "{\"admin_of\":[\"acme\"],\"plans\":[\"gold\",\"silver\"]}",
        Json.compact(claims(run, "accessTokenGeneration")));
    assertTrue(
        run.err()
            .contains(
                "config/memberships.yaml:22:3: $.sources.memberships: applied: query app: pk ="
                    + " \"USER#${event.request.userAttributes.sub}\" and sk begins with"
                    + " \"TENANT#\": 2 matched\n"),
        run.err());
    assertTrue(
        run.err()
            .contains(
                "config/memberships.yaml:29:3: $.sources.profile: applied: query users (index"
                    + " byEmail): email = \"${lower(event.request.userAttributes.email)}\": 1"
                    + " matched\n"),
        run.err());
    assertTrue(
        run.err()
            .contains(
                "config/memberships.yaml:37:3: $.sources.tenants: applied: forEach: 2 keys in"
                    + " tenants: 2 found\n"),
        run.err());
  }

  @Test
  void dynamoDbJsonAndQueryOutputAreReadAsThePlainList(@TempDir Path dir) throws Exception {
    Path typed = dir.resolve("typed.json");
    Files.writeString(
        typed,
        """
        [{"tenant_id": {"S": "acme"}, "role": {"S": "admin"}},
         {"tenant_id": {"S": "globex"}, "role": {"S": "viewer"}}]
        """);
    Path output = dir.resolve("query-output.json");
    Files.writeString(
        output,
        """
        {"Items": [{"tenant_id": {"S": "acme"}, "role": {"S": "admin"}},
                   {"tenant_id": {"S": "globex"}, "role": {"S": "viewer"}}],
         "Count": 2, "ScannedCount": 2}
        """);
    Run plain =
        run(
            render(
                "--item",
                "memberships=events/items/memberships.json",
                "--item",
                "profile=events/items/profile.json"));
    for (Path file : List.of(typed, output)) {
      Run run =
          run(
              render(
                  "--item", "memberships=" + file, "--item", "profile=events/items/profile.json"));
      assertEquals(0, run.exit(), run.err());
      assertEquals(plain.out(), run.out(), file.toString());
    }
  }

  @Test
  void moreItemsThanTheLimitAreTruncationAndNoItemsAreMissing(@TempDir Path dir) throws Exception {
    Path two = dir.resolve("two.json");
    Files.writeString(two, "[{\"email\": \"a@example.com\"}, {\"email\": \"b@example.com\"}]");
    Run truncated = run(render("--item", "memberships=", "--item", "profile=" + two, "--explain"));
    assertEquals(0, truncated.exit(), truncated.err());
    assertTrue(
        truncated
            .err()
            .contains(
                "$.sources.profile: failed: query users (index byEmail): email ="
                    + " \"${lower(event.request.userAttributes.email)}\": more than 1 items match"
                    + " (onTruncated: continue): the first 1\n"),
        truncated.err());
    assertTrue(
        truncated.err().contains("$.sources.memberships: missing: query app: pk = \"USER#"),
        truncated.err());
    assertEquals(
        "{\"tenants\":[],\"tenant_names\":[\"Acme Corp\",\"Globex\"]}",
        Json.compact(claims(truncated, "idTokenGeneration")),
        "no memberships: the list is [] (onMissing: continue); a profile without display_name");
  }
}
