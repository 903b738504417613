package io.github.claimsmapper.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Security invariants over generated mappings (a small grammar of the mapping language, loaded with
 * {@link MappingLoader}; those the loader refuses are skipped), events (versions 0-4 and odd ones,
 * trigger sources, user attributes, groups, scopes, odd client ids) and items (random JSON trees;
 * or no item; or a failing store), run through {@link ClaimsMapper} with a fixed in-memory {@link
 * ItemSource}.
 */
class SafetyPropertiesTest {
  static final int TRIES = 200;
  static final String REF = "ref-1";

  static final Set<String> RESERVED = Set.copyOf(Generators.RESERVED);
  static final Set<String> GROUP_CLAIMS = Set.copyOf(Generators.GROUP_CLAIMS);

  static final MappingLoader LOADER = new MappingLoader(Map.of());
  static final YAMLMapper YAML = new YAMLMapper();

  // ---- generated input

  /** What the store holds for the key: an item, nothing, or it fails. */
  record Stored(ObjectNode item, boolean fails) {
    @Override
    public String toString() {
      return fails ? "the store fails" : item == null ? "no item" : Json.compact(item);
    }
  }

  /** A generated mapping, as a tree and as the YAML the loader reads. */
  record Mapping(ObjectNode tree, String yaml) {
    @Override
    public String toString() {
      return "\n" + yaml;
    }
  }

  @Provide
  Arbitrary<Mapping> mappings() {
    return Arbitraries.randomValue(Generators::mapping)
        .map(
            tree -> {
              try {
                return new Mapping(tree, YAML.writeValueAsString(tree));
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @Provide
  Arbitrary<ObjectNode> events() {
    return Arbitraries.randomValue(r -> Generators.event(r, Generators.ClientId.ANY));
  }

  @Provide
  Arbitrary<ObjectNode> eventsWithClientId() {
    return Arbitraries.randomValue(r -> Generators.event(r, Generators.ClientId.TEXTUAL));
  }

  @Provide
  Arbitrary<ObjectNode> eventsWithoutClientId() {
    return Arbitraries.randomValue(r -> Generators.event(r, Generators.ClientId.ODD));
  }

  @Provide
  Arbitrary<Stored> items() {
    return Arbitraries.randomValue(
        r -> {
          double which = r.nextDouble();
          if (which < 0.12) {
            return new Stored(null, true);
          }
          if (which < 0.24) {
            return new Stored(null, false);
          }
          return new Stored(Generators.item(r), false);
        });
  }

  // ---- running one case

  /** What one call did: the response or the denial, and every log line. */
  record Outcome(ObjectNode response, SignInDenied denied, List<String> log) {}

  static MappingPlan load(Mapping mapping) {
    try {
      return LOADER.load("generated.yaml", mapping.yaml()).plan();
    } catch (ConfigException e) {
      Assume.that(false); // the loader refuses it: not a mapping this property is about
      throw new IllegalStateException("unreachable");
    }
  }

  static ItemSource source(Stored stored) {
    return new ItemSource() {
      @Override
      public Optional<ObjectNode> find(ItemRequest request) {
        if (stored.fails()) {
          throw new SourceException("DynamoDB GetItem timed out", null);
        }
        return Optional.ofNullable(stored.item()).map(ObjectNode::deepCopy);
      }
    };
  }

  /**
   * Runs the mapper; anything thrown but {@link SignInDenied} propagates and fails the property.
   */
  static Outcome run(Mapping mapping, ObjectNode event, Stored stored) {
    MappingPlan plan = load(mapping);
    List<String> log = new ArrayList<>();
    ClaimsMapper mapper =
        new ClaimsMapper(plan, source(stored), (level, message) -> log.add(message));
    try {
      return new Outcome(mapper.respond(event.deepCopy(), REF), null, log);
    } catch (SignInDenied denied) {
      return new Outcome(null, denied, log);
    }
  }

  /** The response's tokens: name -> {claimsToAddOrOverride, claimsToSuppress, ...}. */
  static Map<String, JsonNode> tokens(ObjectNode response) {
    Map<String, JsonNode> tokens = new LinkedHashMap<>();
    JsonNode container = response.path("response");
    if (container.has("claimsOverrideDetails")) {
      tokens.put("idToken", container.get("claimsOverrideDetails"));
    } else {
      JsonNode details = container.path("claimsAndScopeOverrideDetails");
      if (details.has("idTokenGeneration")) {
        tokens.put("idToken", details.get("idTokenGeneration"));
      }
      if (details.has("accessTokenGeneration")) {
        tokens.put("accessToken", details.get("accessTokenGeneration"));
      }
    }
    return tokens;
  }

  static JsonNode details(ObjectNode response) {
    JsonNode container = response.path("response");
    return container.has("claimsOverrideDetails")
        ? container.get("claimsOverrideDetails")
        : container.path("claimsAndScopeOverrideDetails");
  }

  static String describe(Mapping mapping, ObjectNode event, Stored stored, Outcome outcome) {
    return "\nmapping:"
        + mapping
        + "event: "
        + Json.compact(event)
        + "\nitem: "
        + stored
        + "\nresponse: "
        + (outcome.response() == null
            ? "denied"
            : Json.compact(outcome.response().path("response")));
  }

  // ---- (a) reserved claims

  static boolean cannotBeAdded(String name) {
    return RESERVED.contains(name)
        || name.equals("scope")
        || name.startsWith("cognito:")
        || name.startsWith("dev:");
  }

  static boolean cannotBeSuppressed(String name) {
    return RESERVED.contains(name)
        || name.equals("scope")
        || (name.startsWith("cognito:") && !GROUP_CLAIMS.contains(name));
  }

  static void assertNoReservedClaim(
      Mapping mapping, ObjectNode event, Stored stored, Outcome outcome) {
    if (outcome.response() != null) {
      assertNoReservedClaim(outcome.response(), event, describe(mapping, event, stored, outcome));
    }
  }

  /**
   * No token of {@code response} adds or suppresses a claim Cognito reserves; an access-token
   * {@code aud} only as the event's app client id. {@code where} ends every message.
   */
  static void assertNoReservedClaim(ObjectNode response, ObjectNode event, String where) {
    JsonNode clientId = event.path("callerContext").path("clientId");
    tokens(response)
        .forEach(
            (token, details) -> {
              details
                  .path("claimsToAddOrOverride")
                  .properties()
                  .forEach(
                      claim -> {
                        String name = claim.getKey();
                        if (token.equals("accessToken") && name.equals("aud")) {
                          assertTrue(
                              clientId.isTextual()
                                  && claim.getValue().isTextual()
                                  && clientId.textValue().equals(claim.getValue().textValue()),
                              "an access-token aud that is not the app client id" + where);
                        } else {
                          assertFalse(cannotBeAdded(name), token + " adds '" + name + "'" + where);
                        }
                      });
              details
                  .path("claimsToSuppress")
                  .forEach(
                      name ->
                          assertFalse(
                              cannotBeSuppressed(name.asText()),
                              token + " suppresses '" + name.asText() + "'" + where));
            });
  }

  /**
   * (a) No response adds, overrides or suppresses a reserved claim, for events that carry their app
   * client id.
   */
  @Property(tries = TRIES)
  void noResponseSetsOrSuppressesAReservedClaim(
      @ForAll("mappings") Mapping mapping,
      @ForAll("eventsWithClientId") ObjectNode event,
      @ForAll("items") Stored stored) {
    assertNoReservedClaim(mapping, event, stored, run(mapping, event, stored));
  }

  /**
   * (a) The same for events whose {@code callerContext.clientId} is missing, null, empty or not a
   * string: an access-token {@code aud} must still equal the app client id, so none can be added.
   *
   * <p>Guards a fixed bug: without a textual client id the per-request check of {@code aud} was
   * skipped and any value was sent (see {@link #audIsNotAddedWhenTheEventHasNoClientId}).
   */
  @Property(tries = TRIES)
  void noResponseSetsOrSuppressesAReservedClaimWhenTheClientIdIsOdd(
      @ForAll("mappings") Mapping mapping,
      @ForAll("eventsWithoutClientId") ObjectNode event,
      @ForAll("items") Stored stored) {
    assertNoReservedClaim(mapping, event, stored, run(mapping, event, stored));
  }

  // ---- (b) scopes

  static boolean matchesGlob(String pattern, String scope) {
    // '*' is any run of characters, everything else literal
    String[] parts = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(scope).matches();
  }

  /** The mapping's literal scopes and allow patterns, base and rules together. */
  static void scopeParts(ObjectNode mapping, Set<String> literal, Set<String> allow) {
    List<JsonNode> tokens = new ArrayList<>();
    tokens.add(mapping.path("accessToken"));
    mapping.path("rules").forEach(rule -> tokens.add(rule.path("accessToken")));
    for (JsonNode token : tokens) {
      JsonNode scopes = token.path("scopes");
      if (scopes.path("add").isArray()) {
        scopes.path("add").forEach(s -> literal.add(s.asText()));
      }
      scopes.path("allow").forEach(p -> allow.add(p.asText()));
    }
  }

  /** (b) Every scope added from data matches an allow pattern. */
  @Property(tries = TRIES)
  void everyScopeFromDataMatchesAnAllowPattern(
      @ForAll("mappings") Mapping mapping,
      @ForAll("events") ObjectNode event,
      @ForAll("items") Stored stored) {
    Outcome outcome = run(mapping, event, stored);
    if (outcome.response() == null) {
      return;
    }
    Set<String> literal = new LinkedHashSet<>();
    Set<String> allow = new LinkedHashSet<>();
    scopeParts(mapping.tree(), literal, allow);
    details(outcome.response())
        .path("accessTokenGeneration")
        .path("scopesToAdd")
        .forEach(
            scope -> {
              assertTrue(scope.isTextual());
              String s = scope.textValue();
              assertFalse(
                  s.isEmpty(), "an empty scope" + describe(mapping, event, stored, outcome));
              assertTrue(
                  literal.contains(s) || allow.stream().anyMatch(p -> matchesGlob(p, s)),
                  "scope '"
                      + s
                      + "' matches no allow pattern "
                      + allow
                      + describe(mapping, event, stored, outcome));
              assertTrue(
                  s.chars().noneMatch(Character::isWhitespace),
                  "scope '" + s + "' holds whitespace" + describe(mapping, event, stored, outcome));
            });
  }

  // ---- the two defects above, pinned by examples

  /**
   * An access-token {@code aud} is allowed only when it equals the app client id; an event without
   * one (here: no callerContext) gets no {@code aud}.
   */
  @Example
  void audIsNotAddedWhenTheEventHasNoClientId() {
    Mapping mapping =
        new Mapping(
            null,
            """
            version: 1
            accessToken:
              claims:
                aud: event.request.userAttributes."custom:audience"
            """);
    for (String caller :
        List.of(
            "",
            "\"callerContext\": {}, ",
            "\"callerContext\": {\"clientId\": null}, ",
            "\"callerContext\": {\"clientId\": {}}, ")) {
      ObjectNode event =
          Generators.object(
              "{\"version\": \"2\", "
                  + caller
                  + "\"request\": {\"userAttributes\": {\"custom:audience\":"
                  + " \"https://evil.example\"}}}");
      Outcome outcome = run(mapping, event, new Stored(null, false));
      if (outcome.response() == null) {
        continue; // denied (onError: deny without a source): no token at all, which is safe
      }
      JsonNode access =
          details(outcome.response()).path("accessTokenGeneration").path("claimsToAddOrOverride");
      assertFalse(access.has("aud"), caller + ": aud = " + access.path("aud"));
    }
  }

  /**
   * Scopes from data must hold no whitespace; U+00A0 (no-break space) is whitespace to Unicode but
   * not to {@link Character#isWhitespace}.
   */
  @Example
  void aScopeFromDataWithANoBreakSpaceIsLeftOut() {
    Mapping mapping =
        new Mapping(
            null,
            """
            version: 1
            source:
              table: users
              key: { id: "USER#${event.userName}" }
            accessToken:
              scopes:
                add: item.scopes
                allow: ["orders-api/*"]
            """);
    ObjectNode event =
        Generators.object(
            "{\"version\": \"2\", \"userName\": \"u\", \"callerContext\": {\"clientId\": \"c\"}}");
    ObjectNode item =
        Generators.object(
            "{\"scopes\": [\"orders-api/read\", \"orders-api/read\u00a0orders-api/admin\","
                + " \"orders-api/a\u2007b\", \"orders-api/a\u202fb\"]}");
    Outcome outcome = run(mapping, event, new Stored(item, false));
    assertEquals(
        "[\"orders-api/read\"]",
        Json.compact(
            details(outcome.response()).path("accessTokenGeneration").path("scopesToAdd")));
  }

  // ---- (c) groups

  /**
   * (c) groupOverrideDetails, when present, has exactly its three keys (two arrays of strings, a
   * nullable string), so it is never the empty object that would wipe every group; it is absent
   * when the mapping has no groups section, and for client-credentials grants.
   */
  @Property(tries = TRIES)
  void groupOverridesAreCompleteAndOnlyWhenAsked(
      @ForAll("mappings") Mapping mapping,
      @ForAll("events") ObjectNode event,
      @ForAll("items") Stored stored) {
    Outcome outcome = run(mapping, event, stored);
    if (outcome.response() == null) {
      return;
    }
    boolean groupsSection = mapping.tree().has("groups");
    for (JsonNode rule : mapping.tree().path("rules")) {
      groupsSection |= rule.has("groups");
    }
    boolean machine =
        "TokenGeneration_ClientCredentials".equals(event.path("triggerSource").asText(null));
    JsonNode details = details(outcome.response());
    if (!details.has("groupOverrideDetails")) {
      return;
    }
    String where = describe(mapping, event, stored, outcome);
    assertTrue(groupsSection, "groups overridden without a groups section" + where);
    assertFalse(machine, "groups overridden for a client-credentials grant" + where);
    JsonNode groups = details.get("groupOverrideDetails");
    // both lists always; the preferred role only when there is one, never as a null
    assertEquals(
        groups.has("preferredRole")
            ? Set.of("groupsToOverride", "iamRolesToOverride", "preferredRole")
            : Set.of("groupsToOverride", "iamRolesToOverride"),
        fieldNames(groups),
        where);
    for (String list : List.of("groupsToOverride", "iamRolesToOverride")) {
      assertTrue(groups.get(list).isArray(), list + where);
      groups.get(list).forEach(g -> assertTrue(g.isTextual(), list + where));
    }
    assertTrue(
        groups.path("preferredRole").isMissingNode() || groups.get("preferredRole").isTextual(),
        where);
  }

  static Set<String> fieldNames(JsonNode object) {
    Set<String> names = new LinkedHashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- (d) limits

  /**
   * (d) The added claims of each token never exceed limits.maxClaimBytes (compact JSON; strings for
   * version 1).
   */
  @Property(tries = TRIES)
  void addedClaimsStayWithinTheLimits(
      @ForAll("mappings") Mapping mapping,
      @ForAll("events") ObjectNode event,
      @ForAll("items") Stored stored) {
    JsonNode max = mapping.tree().path("limits").path("maxClaimBytes");
    Assume.that(!max.isMissingNode());
    Outcome outcome = run(mapping, event, stored);
    if (outcome.response() == null) {
      return;
    }
    tokens(outcome.response())
        .forEach(
            (token, details) -> {
              JsonNode limit = max.isInt() ? max : max.path(token);
              // no added claims is always within a limit, even one below the 2 bytes of an empty
              // object
              if (limit.isInt() && !details.path("claimsToAddOrOverride").isEmpty()) {
                int bytes =
                    Json.compact(details.path("claimsToAddOrOverride"))
                        .getBytes(StandardCharsets.UTF_8)
                        .length;
                assertTrue(
                    bytes <= limit.intValue(),
                    token
                        + " claims take "
                        + bytes
                        + " bytes, limit "
                        + limit
                        + describe(mapping, event, stored, outcome));
              }
            });
  }

  // ---- (e) only our documented error; (f) version 1 strings; logs

  /**
   * (e) respond never throws anything but SignInDenied, whose message is the neutral text; the rest
   * of the event comes back as it was; (f) version 1 responses carry string claim values only.
   */
  @Property(tries = TRIES)
  void onlyTheNeutralDenialIsEverThrownAndVersion1TakesStrings(
      @ForAll("mappings") Mapping mapping,
      @ForAll("events") ObjectNode event,
      @ForAll("items") Stored stored) {
    Outcome outcome = run(mapping, event, stored); // anything else thrown fails here
    if (outcome.denied() != null) {
      assertEquals(
          "Sign-in could not be completed (ref " + REF + ")", outcome.denied().getMessage());
      assertEquals(0, outcome.denied().getStackTrace().length);
      return;
    }
    ObjectNode rest = outcome.response().deepCopy();
    rest.remove("response");
    ObjectNode eventRest = event.deepCopy();
    eventRest.remove("response");
    assertEquals(eventRest, rest, "the event comes back as it was");
    String version = event.path("version").isValueNode() ? event.path("version").asText() : null;
    boolean v1 = !"2".equals(version) && !"3".equals(version);
    JsonNode container = outcome.response().path("response");
    assertEquals(1, container.size());
    assertEquals(
        v1, container.has("claimsOverrideDetails"), describe(mapping, event, stored, outcome));
    if (v1) {
      container
          .path("claimsOverrideDetails")
          .path("claimsToAddOrOverride")
          .properties()
          .forEach(
              claim ->
                  assertTrue(
                      claim.getValue().isTextual(),
                      "version 1 claim '"
                          + claim.getKey()
                          + "' is not a string"
                          + describe(mapping, event, stored, outcome)));
    }
  }

  /**
   * No log line holds a value from the event or the item (every generated value that could is
   * marked).
   */
  @Property(tries = TRIES)
  void logsNeverHoldValues(
      @ForAll("mappings") Mapping mapping,
      @ForAll("events") ObjectNode event,
      @ForAll("items") Stored stored) {
    Outcome outcome = run(mapping, event, stored);
    for (String line : outcome.log()) {
      assertFalse(
          line.contains(Generators.MARK),
          "a value reached the log: " + line + describe(mapping, event, stored, outcome));
    }
  }
}
