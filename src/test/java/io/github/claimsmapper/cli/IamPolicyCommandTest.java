package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.cli.CommandLineTest.Run;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code iam-policy}: the pinned policy of every bundled mapping, and that it covers what the
 * function reads.
 */
class IamPolicyCommandTest {
  static final String[] PINNED_ENV = {
    "--env",
    "TABLE_NAME=users",
    "--env",
    "TENANTS_TABLE=tenants",
    "--region",
    "eu-west-1",
    "--account",
    "123456789012"
  };

  @ParameterizedTest
  @ValueSource(strings = {"claims", "multi-tenant", "tenant-rbac"})
  void theBundledMappingsPolicyIsPinned(String name) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("iam-policy", "--config", "config/" + name + ".yaml"));
    args.addAll(List.of(PINNED_ENV));
    Run run = run(args.toArray(String[]::new));
    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.err());
    assertEquals(
        Files.readString(Path.of("src/test/resources/iam-policy/" + name + ".json")), run.out());
  }

  /**
   * The SAM template's policy (deploy/template.yaml) is this file; the deploy tests compare them.
   */
  @Test
  void theCloudFormationFormOfTheBundledMappingIsPinnedForTheTemplate() throws Exception {
    Run run =
        run(
            "iam-policy",
            "--config",
            "config/claims.yaml",
            "--partition",
            "${AWS::Partition}",
            "--region",
            "${AWS::Region}",
            "--account",
            "${AWS::AccountId}",
            "--env",
            "TABLE_NAME=${TableName}");
    assertEquals(0, run.exit(), run.err());
    assertEquals(Files.readString(Path.of("deploy/policy/claims.json")), run.out());
  }

  @Test
  void independentSourcesShareARoundSoBatchGetItemIsAllowed(@TempDir Path dir) throws Exception {
    Path file =
        write(
            dir,
            """
            version: 1
            source:
              table: users
              key: {id: "USER#${event.userName}"}
            sources:
              org:
                table: orgs
                key: {pk: "ORG#${event.callerContext.clientId}", sk: profile}
            idToken:
              claims:
                a: item.a
                b: org.b
            """);
    JsonNode policy = policy(file);
    assertEquals(2, policy.get("Statement").size());
    for (JsonNode statement : policy.get("Statement")) {
      assertEquals(
          "[\"dynamodb:GetItem\",\"dynamodb:BatchGetItem\"]", statement.get("Action").toString());
    }
    assertEquals(
        "[\"b\",\"pk\",\"sk\"]",
        policy
            .at("/Statement/1/Condition/ForAllValues:StringEquals/dynamodb:Attributes")
            .toString());
    assertEquals("arn:aws:dynamodb:*:*:table/orgs", policy.at("/Statement/1/Resource").asText());
  }

  @Test
  void aSourceThatReadsTheWholeItemGetsNoAttributeCondition(@TempDir Path dir) throws Exception {
    Path file =
        write(
            dir,
            """
            version: 1
            source:
              table: users
              key: {id: "USER#${event.userName}"}
            idToken:
              claims:
                everything:
                  value: item
                  type: object
            """);
    JsonNode statement = policy(file).at("/Statement/0");
    assertEquals("[\"dynamodb:GetItem\"]", statement.get("Action").toString());
    assertFalse(statement.has("Condition"), statement.toString());
  }

  @Test
  void aRuleThatMakesTwoLookupsIndependentAllowsBatchGetItemAndNamesItsTable(@TempDir Path dir)
      throws Exception {
    Path file =
        write(
            dir,
            """
            version: 1
            source:
              table: users
              key: {id: "USER#${event.userName}"}
            sources:
              tenant:
                table: tenants
                key: {pk: "TENANT#${item.tenant}"}
            idToken:
              claims:
                plan: tenant.plan
            rules:
              - when: "event.triggerSource == 'TokenGeneration_ClientCredentials'"
                sources:
                  tenant:
                    table: clients
                    key: {pk: "CLIENT#${event.callerContext.clientId}"}
            """);
    JsonNode policy = policy(file);
    assertEquals(
        List.of(
            "arn:aws:dynamodb:*:*:table/users",
            "arn:aws:dynamodb:*:*:table/tenants",
            "arn:aws:dynamodb:*:*:table/clients"),
        policy.findValuesAsText("Resource"));
    assertTrue(
        policy.at("/Statement/0/Action").toString().contains("dynamodb:BatchGetItem"),
        policy.toString());
  }

  @Test
  void aQueryIsAllowedOnExactlyItsTableOrIndexWithTheSameAttributeConditions(@TempDir Path dir)
      throws Exception {
    Path file =
        write(
            dir,
            """
            version: 1
            sources:
              memberships:
                table: app
                query:
                  pk: "USER#${event.request.userAttributes.sub}"
                  sk: { beginsWith: "TENANT#" }
              profile:
                table: users
                index: byEmail
                query: { email: "${event.request.userAttributes.email}" }
                limit: 1
              everything:
                table: app
                index: byRole
                indexType: local
                query: { pk: "USER#${event.request.userAttributes.sub}", role: admin }
            idToken:
              claims:
                tenants: { value: "memberships[].tenant_id", type: array }
                display_name: "profile[0].display_name"
                first: { value: "everything[0]", type: object }
            """);
    JsonNode policy = policy(file);
    assertEquals(3, policy.get("Statement").size(), "no GetItem: nothing is read by key");
    assertEquals(
        """
        {"Sid":"QueryMappedItems1","Effect":"Allow","Action":["dynamodb:Query"],\
        "Resource":"arn:aws:dynamodb:*:*:table/app","Condition":{"ForAllValues:StringEquals":\
        {"dynamodb:Attributes":["pk","sk","tenant_id"]},\
        "StringEqualsIfExists":{"dynamodb:Select":"SPECIFIC_ATTRIBUTES"}}}\
        """,
        policy.at("/Statement/0").toString());
    assertEquals(
        "arn:aws:dynamodb:*:*:table/users/index/byEmail",
        policy.at("/Statement/1/Resource").asText());
    assertEquals(
        "[\"display_name\",\"email\"]",
        policy
            .at("/Statement/1/Condition/ForAllValues:StringEquals/dynamodb:Attributes")
            .toString());
    assertEquals(
        "arn:aws:dynamodb:*:*:table/app/index/byRole", policy.at("/Statement/2/Resource").asText());
    assertTrue(
        policy.at("/Statement/2/Condition").isMissingNode(),
        "whole items are read: no projection is sent, so no attribute condition");
  }

  @Test
  void aForEachSourceIsAllowedBatchGetItemOnItsTable(@TempDir Path dir) throws Exception {
    Path file =
        write(
            dir,
            """
            version: 1
            source:
              table: accounts
              key: { id: "USER#${event.userName}" }
            sources:
              tenants:
                table: tenants
                forEach: item.tenant_ids
                key: { pk: "TENANT#${each}" }
            idToken:
              claims:
                names: { value: "tenants[].name", type: array }
            """);
    JsonNode policy = policy(file);
    assertEquals(2, policy.get("Statement").size());
    assertEquals(
        "[\"dynamodb:GetItem\",\"dynamodb:BatchGetItem\"]",
        policy.at("/Statement/1/Action").toString());
    assertEquals("arn:aws:dynamodb:*:*:table/tenants", policy.at("/Statement/1/Resource").asText());
    assertEquals(
        "[\"name\",\"pk\"]",
        policy
            .at("/Statement/1/Condition/ForAllValues:StringEquals/dynamodb:Attributes")
            .toString());
  }

  @Test
  void aMappingWithoutSourcesNeedsNoPermission(@TempDir Path dir) throws Exception {
    Path file = write(dir, "version: 1\nidToken:\n  claims:\n    app:\n      const: orders\n");
    Run run = run("iam-policy", "--config", file.toString());
    assertEquals(0, run.exit());
    assertEquals("{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ ]\n}\n", run.out());
    assertEquals(
        file + ": the mapping reads no table: the function needs no DynamoDB permission\n",
        run.err());
  }

  /**
   * A table in another account is named by its ARN, directly or through a placeholder: the policy
   * names that ARN as it is, whatever --region and --account say about tables named by name.
   */
  @Test
  void aTableGivenAsAnArnKeepsItsAccountAndRegion(@TempDir Path dir) throws Exception {
    String arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/profiles";
    Path file =
        write(
            dir,
            """
            version: 1
            source:
              table: ${env:PROFILES_TABLE}
              key: {pk: "USER#${event.userName}"}
            sources:
              orgs:
                table: orgs
                key: {pk: "ORG#${event.callerContext.clientId}"}
            idToken:
              claims:
                a: item.a
                b: orgs.b
            """);
    Run run =
        run(
            "iam-policy",
            "--config",
            file.toString(),
            "--env",
            "PROFILES_TABLE=" + arn,
            "--region",
            "us-east-1",
            "--account",
            "444455556666");
    assertEquals(0, run.exit(), run.err());
    JsonNode policy = Json.MAPPER.readTree(run.out());
    assertEquals(arn, policy.at("/Statement/0/Resource").asText());
    assertEquals(
        "[\"a\",\"pk\"]",
        policy
            .at("/Statement/0/Condition/ForAllValues:StringEquals/dynamodb:Attributes")
            .toString());
    assertEquals(
        "arn:aws:dynamodb:us-east-1:444455556666:table/orgs",
        policy.at("/Statement/1/Resource").asText());
  }

  @Test
  void aMistypedTableArnIsAnErrorAtItsPlace(@TempDir Path dir) throws Exception {
    Path file =
        write(
            dir,
            """
            version: 1
            source:
              table: arn:aws:dynamodb:eu-west-1:1111:table/profiles
              key: {pk: "USER#${event.userName}"}
            idToken:
              claims:
                a: item.a
            """);
    Run run = run("iam-policy", "--config", file.toString());
    assertEquals(1, run.exit());
    assertTrue(
        run.err()
            .startsWith(
                file
                    + ":3:10: $.source.table: not a DynamoDB table ARN (expected"
                    + " arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME, ACCOUNT 12 digits)\n"),
        run.err());
  }

  @Test
  void anInvalidMappingIsReportedLikeEveryCommandDoes() {
    Run run = run("iam-policy", "--config", ValidateCommandTest.WRONG_VERSION);
    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertEquals(
        "src/test/resources/invalid/wrong-version.yaml:1:10: $.version: unsupported version 2 (the"
            + " only version is 1)\n"
            + "src/test/resources/invalid/wrong-version.yaml: 1 error(s): no policy derived\n",
        run.err());
  }

  @Test
  void aKeyAttributeNamedByAPlaceholderIsRefusedNotListedAsWritten(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("m.yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "source:\n"
            + "  table: users\n"
            + "  key:\n"
            + "    \"${env:PK_NAME:-id}\": \"${event.userName}\"\n");
    Run run = run("iam-policy", "--config", file.toString(), "--env", "PK_NAME=pk");
    assertEquals(1, run.exit(), run.out());
    assertEquals("", run.out());
    assertTrue(
        run.err()
            .startsWith(
                file
                    + ":5:5: $.source.key['${env:PK_NAME:-id}']: ${env:...} is not resolved in a"
                    + " key"),
        run.err());
  }

  @Test
  void theConfigOptionIsRequired() {
    Run run = run("iam-policy");
    assertEquals(2, run.exit());
    assertTrue(run.err().startsWith("Missing required option: '--config=FILE'"), run.err());
  }

  /**
   * The policy allows every request the function makes for the bundled mappings, over every sample
   * event: each table, key attribute and projected attribute, and a batch only where it allows one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"claims", "multi-tenant", "tenant-rbac"})
  void thePolicyCoversEveryReadTheFunctionMakes(String name) throws Exception {
    MappingPlan plan = new MappingLoader(Map.of()).load(Path.of("config/" + name + ".yaml")).plan();
    ReadPolicy policy = ReadPolicy.of(plan);
    ObjectNode item =
        (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("events/items/user.json")));
    List<List<ItemRequest>> calls = new ArrayList<>();
    ItemSource recording =
        new ItemSource() {
          @Override
          public Optional<ObjectNode> find(ItemRequest request) {
            return findAll(List.of(request), null).get(0);
          }

          @Override
          public List<Optional<ObjectNode>> findAll(List<ItemRequest> requests, Duration timeLeft) {
            calls.add(List.copyOf(requests));
            return requests.stream().map(r -> Optional.of(item.deepCopy())).toList();
          }
        };
    ClaimsMapper mapper = new ClaimsMapper(plan, recording, Log.NONE);
    List<Path> events;
    try (Stream<Path> files = Files.list(Path.of("events"))) {
      events = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path event : events) {
      try {
        mapper.respond(Json.MAPPER.readTree(Files.readString(event)), "policy-test");
      } catch (SignInDenied denied) {
        // a denial (a required claim the sample item lacks) still made its lookups
      }
    }
    assertFalse(calls.isEmpty(), "the sample events made no lookup");
    for (List<ItemRequest> call : calls) {
      assertTrue(
          call.size() == 1 || policy.batch(), "a BatchGetItem the policy does not allow: " + call);
      for (ItemRequest request : call) {
        ReadPolicy.TableRead table = policy.tables().get(request.table());
        assertTrue(table != null, "a table the policy does not name: " + request.table());
        SortedSet<String> allowed = table.names();
        assertTrue(allowed.containsAll(request.key().keySet()), request + " outside " + allowed);
        Set<String> projected = request.attributes().orElse(Set.of());
        if (projected.isEmpty()) {
          assertTrue(
              table.attributes().isEmpty(),
              "a whole-item read under an attribute condition: " + request);
        } else {
          assertTrue(allowed.containsAll(projected), request + " outside " + allowed);
        }
      }
    }
  }

  private static Path write(Path dir, String text) throws Exception {
    Path file = dir.resolve("mapping.yaml");
    Files.writeString(file, text);
    return file;
  }

  private static JsonNode policy(Path file) throws Exception {
    Run run = run("iam-policy", "--config", file.toString());
    assertEquals(0, run.exit(), run.err());
    return Json.MAPPER.readTree(run.out());
  }
}
