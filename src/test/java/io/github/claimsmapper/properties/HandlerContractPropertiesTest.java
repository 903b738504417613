package io.github.claimsmapper.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.re2j.Pattern;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Settings;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.SourceException;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The invocation contract, through the real {@link Handler} ({@code handleRequest} with its stream
 * input, its JSON log lines and its summary line), with generated hostile mappings (the grammar of
 * {@link Generators} plus catastrophic regular expressions, expressions that multiply data, numbers
 * a user types, claims of the whole event), hostile events (with attributes such as {@code
 * "1e9999999"}) and items from the item-source seam (random trees, numbers beyond any bound, a
 * failing store, a store that throws what it should not). On every run:
 *
 * <ul>
 *   <li>nothing but the neutral {@link SignInDenied} leaves {@code handleRequest};
 *   <li>exactly one summary line is logged for the invocation;
 *   <li>the answer comes within the Lambda's deadline (the context's 5 s);
 *   <li>no reserved claim, no scope from data outside {@code allow}, no group outside {@code keep}
 *       or inside {@code remove}, no role that is not an IAM role ARN or outside {@code keepRoles},
 *       no preferred role outside the roles reaches the response;
 *   <li>the environment's credentials and secrets (recognizable fakes) appear in no output:
 *       response, denial or log.
 * </ul>
 */
// jqwik's own tag: jqwik runs properties and ignores JUnit Jupiter's @Tag, so the fast loop ran
// these
@net.jqwik.api.Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
// (docs/development.md)
class HandlerContractPropertiesTest {
  static final int TRIES = SafetyPropertiesTest.TRIES;
  static final String REF = "req-1";
  static final Duration DEADLINE = Duration.ofSeconds(5);

  /** Fake secrets in the function's environment: none may ever appear in an output. */
  static final Map<String, String> SECRETS =
      Map.of(
          "AWS_SECRET_ACCESS_KEY", "FAKEsecretKEYq7w9zR2",
          "AWS_SESSION_TOKEN", "FAKEsessionTOKENx4k8pL",
          "AWS_ACCESS_KEY_ID", "AKIAFAKEID77Q3",
          "DB_PASSWORD", "FAKEpasswordM5n1");

  static final YAMLMapper YAML = new YAMLMapper();
  static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,576}");

  static final List<String> HOSTILE_EXPRESSIONS =
      List.of(
          "event",
          "@",
          "item.list" + " | [@, @][]".repeat(28),
          "join('', [item.a, item.a]" + " | [join('', @), join('', @)]".repeat(24) + ")",
          "to_number(event.request.userAttributes.\"custom:seats\")",
          "to_number(item.a)",
          "sum(item.list)",
          "avg(item.list)",
          "to_string(item)",
          "`1e999999`",
          "replace(item.a, 'a', join('', [item.a, item.a, item.a]))");

  static final List<String> HOSTILE_NUMBERS =
      List.of(
          "1e9999999",
          "1e2147483648",
          "1e999999999",
          "-1e-9999999",
          "12345678901234567890123",
          "9007199254740993",
          "1e20",
          "0x10",
          "NaN");

  static final List<String> HOSTILE_REGEXES =
      List.of("(.*a){25}b", "(a|aa)+$", "(x+x+)+y", "team-[a-z0-9-]+");

  // ---- generated input

  /**
   * A mapping tree and its YAML, with rules stripped of groups so the base filters are the oracle.
   */
  record Mapping(ObjectNode tree, String yaml) {
    @Override
    public String toString() {
      return "\n" + yaml;
    }
  }

  /** What the store does for a lookup. */
  record Store(ObjectNode item, String failure) {
    @Override
    public String toString() {
      return failure != null
          ? "the store " + failure
          : item == null
              ? "no item"
              : item.toString(); // exponent form: the item may hold 1E+100000
    }
  }

  @Provide
  Arbitrary<Mapping> mappings() {
    return Arbitraries.randomValue(HandlerContractPropertiesTest::mapping);
  }

  @Provide
  Arbitrary<ObjectNode> events() {
    return Arbitraries.randomValue(
        r -> {
          ObjectNode event = Generators.event(r, Generators.ClientId.ANY);
          JsonNode attributes = event.path("request").path("userAttributes");
          if (attributes.isObject() && Generators.chance(r, 0.6)) {
            ((ObjectNode) attributes).put("custom:seats", Generators.pick(r, HOSTILE_NUMBERS));
          }
          return event;
        });
  }

  @Provide
  Arbitrary<Store> stores() {
    return Arbitraries.randomValue(
        r -> {
          double which = r.nextDouble();
          if (which < 0.08) {
            return new Store(null, "times out");
          }
          if (which < 0.14) {
            return new Store(null, "throws IllegalArgumentException");
          }
          if (which < 0.22) {
            return new Store(null, null);
          }
          ObjectNode item = Generators.item(r);
          if (Generators.chance(r, 0.3)) {
            item.put("seats", new BigDecimal("1E+" + (100000 + r.nextInt(1000))));
          }
          if (Generators.chance(r, 0.3)) {
            item.put("a", "a".repeat(1 + r.nextInt(60)));
          }
          if (Generators.chance(r, 0.3)) {
            ArrayNode roles = item.putArray("roles");
            roles
                .add("arn:aws:iam::123456789012:role/team-a")
                .add("not an arn\n")
                .add(42)
                .add("arn:aws:iam::123456789012:role/team-a\nforged");
          }
          return new Store(item, null);
        });
  }

  static Mapping mapping(Random r) {
    ObjectNode tree = Generators.mapping(r);
    for (JsonNode rule : tree.path("rules")) {
      ((ObjectNode) rule).remove("groups"); // the base section alone decides the group filters
    }
    if (Generators.chance(r, 0.5)) {
      ObjectNode claims = tree.withObjectProperty("idToken").withObjectProperty("claims");
      String expression = Generators.pick(r, HOSTILE_EXPRESSIONS);
      if (Generators.chance(r, 0.5)) {
        claims
            .putObject("hostile")
            .put("value", expression)
            .put("type", Generators.pick(r, List.of("number", "string", "any")));
      } else {
        claims.put("hostile", expression);
      }
    }
    if (Generators.chance(r, 0.3)) {
      tree.withObjectProperty("idToken")
          .withObjectProperty("claims")
          .putObject("seats_typed")
          .put("value", "event.request.userAttributes.\"custom:seats\"")
          .put("type", "number");
    }
    if (Generators.chance(r, 0.15)) {
      ArrayNode rules = tree.withArrayProperty("rules");
      ObjectNode rule = rules.addObject();
      rule.put("when", "length(item.list" + " | [@, @][]".repeat(28) + ") > `0`");
      rule.putObject("idToken").putObject("claims").putObject("bomb_rule").put("const", "on");
    }
    ObjectNode groups = (ObjectNode) tree.get("groups");
    if (groups != null) {
      if (groups.has("keep") && Generators.chance(r, 0.5)) {
        ((ObjectNode) groups.get("keep")).put("regex", Generators.pick(r, HOSTILE_REGEXES));
      }
      if (groups.has("iamRoles") && Generators.chance(r, 0.6)) {
        groups.putObject("keepRoles").put("prefix", "arn:aws:iam::123456789012:role/team-");
      }
    }
    try {
      return new Mapping(tree, YAML.writeValueAsString(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- running the handler

  /** What one invocation did. */
  // Bytes on purpose: the response as the handler wrote it; the record is never compared.
  @SuppressWarnings("ArrayRecordComponent")
  record Outcome(byte[] response, SignInDenied denied, String log, Duration took) {
    ObjectNode json() {
      try {
        return (ObjectNode) Json.MAPPER.readTree(response);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static ItemSource store(Store store) {
    return new ItemSource() {
      @Override
      public Optional<ObjectNode> find(ItemRequest request) {
        if ("times out".equals(store.failure())) {
          throw new SourceException("DynamoDB GetItem timed out", null);
        }
        if (store.failure() != null) {
          throw new IllegalArgumentException(
              "Unknown attribute type in item " + SECRETS.get("DB_PASSWORD"));
        }
        return Optional.ofNullable(store.item()).map(ObjectNode::deepCopy);
      }
    };
  }

  static Outcome run(Mapping mapping, ObjectNode event, Store store) {
    try {
      new MappingLoader(Map.of()).load("generated.yaml", mapping.yaml());
    } catch (ConfigException e) {
      Assume.that(false); // the loader refuses it: not a mapping this property is about
    }
    Path file;
    try {
      file = Files.createTempFile("mapping", ".yaml");
      Files.writeString(file, mapping.yaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Map<String, String> env = new java.util.HashMap<>(SECRETS);
      env.put("AWS_REGION", "us-east-1");
      env.put(Settings.CONFIG, file.toString());
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      Handler handler =
          new Handler(
              Wiring.from(
                  Settings.from(env),
                  store(store),
                  new PrintStream(log, true, StandardCharsets.UTF_8)));
      log.reset(); // load-time warnings are not part of the invocation
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] input = Json.compact(event).getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      SignInDenied denied = null;
      try {
        handler.handleRequest(
            new ByteArrayInputStream(input), out, new TestContext(REF, (int) DEADLINE.toMillis()));
      } catch (SignInDenied d) {
        denied = d;
      } catch (Throwable other) {
        fail("handleRequest threw " + other + describe(mapping, event, store), other);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new Outcome(
          denied == null ? out.toByteArray() : null,
          denied,
          log.toString(StandardCharsets.UTF_8),
          took);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file
      }
    }
  }

  static String describe(Mapping mapping, ObjectNode event, Store store) {
    return "\nmapping:" + mapping + "event: " + Json.compact(event) + "\nitem: " + store;
  }

  // ---- the invariants

  @Property(tries = TRIES)
  void everyInvocationKeepsTheContract(
      @ForAll("mappings") Mapping mapping,
      @ForAll("events") ObjectNode event,
      @ForAll("stores") Store store) {
    Outcome outcome = run(mapping, event, store);
    String where = describe(mapping, event, store);

    if (outcome.denied() != null) {
      assertEquals(
          "Sign-in could not be completed (ref " + REF + ")", outcome.denied().getMessage(), where);
      assertEquals(0, outcome.denied().getStackTrace().length, where);
    }
    assertEquals(1, summaries(outcome.log()), "summary lines in:\n" + outcome.log() + where);
    assertTrue(
        outcome.took().compareTo(DEADLINE) < 0,
        "took " + outcome.took().toMillis() + " ms" + where);

    String everything =
        outcome.log()
            + (outcome.denied() == null
                ? new String(outcome.response(), StandardCharsets.UTF_8)
                : outcome.denied().getMessage());
    SECRETS.forEach(
        (name, secret) -> assertFalse(everything.contains(secret), name + " in an output" + where));

    if (outcome.response() != null) {
      ObjectNode response = outcome.json();
      SafetyPropertiesTest.assertNoReservedClaim(response, event, where);
      assertOnlyAllowedScopes(mapping, response, where);
      assertGroupsAndRolesFiltered(mapping, response, where);
    }
  }

  static int summaries(String log) {
    int count = 0;
    for (String line : log.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("a log line that is not JSON: " + line, e);
      }
      if (REF.equals(json.path("requestId").asText(null))
          && json.path("message").asText("").startsWith("invocation ")) {
        count++;
      }
    }
    return count;
  }

  static void assertOnlyAllowedScopes(Mapping mapping, ObjectNode response, String where) {
    Set<String> literal = new LinkedHashSet<>();
    Set<String> allow = new LinkedHashSet<>();
    SafetyPropertiesTest.scopeParts(mapping.tree(), literal, allow);
    SafetyPropertiesTest.details(response)
        .path("accessTokenGeneration")
        .path("scopesToAdd")
        .forEach(
            scope -> {
              String s = scope.asText();
              assertTrue(
                  literal.contains(s)
                      || allow.stream().anyMatch(p -> SafetyPropertiesTest.matchesGlob(p, s)),
                  "scope '" + s + "' matches no allow pattern" + where);
            });
  }

  /** The oracle for a group filter: prefix, exact name or whole-name RE2 match. */
  static boolean matches(JsonNode filter, String value) {
    List<String> prefixes = new ArrayList<>();
    List<String> exact = new ArrayList<>();
    for (String key : List.of("prefix", "exact")) {
      JsonNode node = filter.path(key);
      List<String> into = key.equals("prefix") ? prefixes : exact;
      if (node.isTextual()) {
        into.add(node.textValue());
      }
      node.forEach(v -> into.add(v.asText()));
    }
    return exact.contains(value)
        || prefixes.stream().anyMatch(value::startsWith)
        || (filter.path("regex").isTextual()
            && Pattern.compile(filter.path("regex").textValue()).matches(value));
  }

  static void assertGroupsAndRolesFiltered(Mapping mapping, ObjectNode response, String where) {
    JsonNode details = SafetyPropertiesTest.details(response).path("groupOverrideDetails");
    if (details.isMissingNode()) {
      return;
    }
    JsonNode section = mapping.tree().path("groups");
    for (JsonNode group : details.path("groupsToOverride")) {
      String g = group.asText();
      if (section.has("keep")) {
        assertTrue(
            matches(section.get("keep"), g), "group '" + g + "' is not kept by the filter" + where);
      }
      if (section.has("remove")) {
        assertFalse(
            matches(section.get("remove"), g),
            "group '" + g + "' is removed by the filter" + where);
      }
    }
    List<String> roles = new ArrayList<>();
    for (JsonNode role : details.path("iamRolesToOverride")) {
      String arn = role.asText();
      assertTrue(ROLE_ARN.matches(arn), "role '" + arn + "' is not an IAM role ARN" + where);
      if (section.has("keepRoles")) {
        assertTrue(
            matches(section.get("keepRoles"), arn),
            "role '" + arn + "' is not kept by keepRoles" + where);
      }
      roles.add(arn);
    }
    JsonNode preferred = details.path("preferredRole");
    assertTrue(
        preferred.isMissingNode() || roles.contains(preferred.asText()),
        "preferred role outside the roles" + where);
  }

  // ---- the defects this suite was written for, pinned

  /**
   * The issue's case: a failing `add` with onError: continue must not let the event's 'admins'
   * through.
   */
  @Example
  void aFailingAddDoesNotLetTheEventsGroupsThroughUnfiltered() throws Exception {
    Mapping mapping =
        new Mapping(
            (ObjectNode)
                YAML.readTree(
                    """
                    version: 1
                    source: { table: users, key: { id: "USER#${event.userName}" }, onError: continue }
                    groups: { add: item.extra, keep: { prefix: tenant- }, remove: { exact: [admins] } }
                    """),
            """
            version: 1
            source: { table: users, key: { id: "USER#${event.userName}" }, onError: continue }
            groups: { add: item.extra, keep: { prefix: tenant- }, remove: { exact: [admins] } }
            """);
    ObjectNode event =
        Generators.object(
            """
            {"version": "2", "userName": "u", "callerContext": {"clientId": "c"},
             "request": {"groupConfiguration": {"groupsToOverride": ["admins", "tenant-a"], "iamRolesToOverride": [],
                                                 "preferredRole": null}}}\
            """);
    Outcome outcome =
        run(mapping, event, new Store(Generators.object("{\"extra\": [\"tenant-b\", 1]}"), null));
    assertEquals(
        "[\"tenant-a\"]",
        Json.compact(
            SafetyPropertiesTest.details(outcome.json())
                .path("groupOverrideDetails")
                .path("groupsToOverride")));
  }
}
