package io.github.claimsmapper.properties;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Random mappings (over a small grammar of the mapping language), events and items, driven by a
 * {@link Random} that jqwik seeds. Values that must never reach a log carry the marker {@value
 * #MARK}; the mapping itself never does.
 */
final class Generators {
  static final String MARK = "zqv";
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Generators() {}

  // ---- pools

  static final List<String> ITEM_ATTRIBUTES =
      List.of(
          "a",
          "b",
          "name",
          "tenant",
          "roles",
          "scopes",
          "groups",
          "seats",
          "flag",
          "list",
          "nested",
          "custom:x",
          "a.b");

  static final List<String> USER_ATTRIBUTES =
      List.of(
          "email", "custom:tenant", "custom:roles", "custom:scopes", "identities", "name", "sub");

  static final List<String> CLAIM_NAMES =
      List.of(
          "tenant",
          "roles",
          "plan",
          "seats",
          "flag",
          "display",
          "https://example.com/roles",
          "a.b.c",
          "custom:tenant",
          "given_name",
          "phone_number",
          "email",
          "locale",
          "x");

  /**
   * Claims Cognito does not let a trigger add, change or suppress (docs: the reference contract),
   * written out here rather than read from the code under test.
   */
  static final List<String> RESERVED =
      List.of(
          "sub",
          "iss",
          "aud",
          "token_use",
          "exp",
          "iat",
          "nbf",
          "auth_time",
          "jti",
          "origin_jti",
          "nonce",
          "at_hash",
          "acr",
          "amr",
          "azp",
          "identities",
          "cognito:username",
          "username",
          "client_id",
          "event_id",
          "version",
          "device_key");

  /** The claims a trigger may set only through a group override. */
  static final List<String> GROUP_CLAIMS =
      List.of("cognito:groups", "cognito:roles", "cognito:preferred_role");

  /**
   * Cognito forbids these (the loader must refuse them, or in the access token check {@code aud}
   * per request).
   */
  static final List<String> RESERVED_NAMES =
      Stream.of(RESERVED, GROUP_CLAIMS, List.of("cognito:other", "dev:custom", "scope"))
          .flatMap(List::stream)
          .toList();

  /** A JSON object written out in a test. */
  static ObjectNode object(String json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static final List<String> SCALAR_ONLY =
      List.of("email_verified", "phone_number_verified", "updated_at", "address");

  static final List<String> SUPPRESSIBLE =
      List.of(
          "phone_number",
          "email",
          "given_name",
          "cognito:groups",
          "cognito:roles",
          "cognito:preferred_role",
          "dev:custom",
          "locale");

  static final List<String> EXPRESSIONS =
      List.of(
          "item.a",
          "item.b",
          "item.name",
          "item.tenant",
          "item.tenant.id",
          "item.roles",
          "item.roles[0]",
          "item.scopes",
          "item.groups",
          "item.seats",
          "item.flag",
          "item.list",
          "item.nested",
          "item.nested.inner",
          "item.\"custom:x\"",
          "item.\"a.b\"",
          "item",
          "keys(item)",
          "item.*",
          "event.userName",
          "event.callerContext.clientId",
          "event.request.userAttributes.email",
          "event.request.userAttributes.\"custom:tenant\"",
          "event.request.userAttributes.\"custom:roles\"",
          "event.request.groupConfiguration.groupsToOverride",
          "event.request.scopes",
          "event.version",
          "lower(item.a)",
          "upper(item.name)",
          "trim(item.b)",
          "join(',', item.roles)",
          "to_string(item.seats)",
          "to_number(item.a)",
          "split(item.a, ' ')",
          "split(event.request.userAttributes.\"custom:roles\", ',')",
          "from_json(item.a)",
          "unique(item.roles)",
          "concat('t:', item.tenant.id)",
          "to_boolean(item.flag)",
          "length(item.list)",
          "item.list[?@ != `null`]",
          "${item.a}-${event.userName}",
          "${item.seats}",
          "USER ${item.name}",
          "replace(item.a, '/', ':')",
          "event.request.userAttributes.\"custom:scopes\"",
          "item.aud",
          "event.request.userAttributes.aud");

  static final List<String> SCOPE_EXPRESSIONS =
      List.of(
          "item.scopes",
          "item.a",
          "item.list",
          "split(item.a, ' ')",
          "event.request.userAttributes.\"custom:scopes\"",
          "split(event.request.userAttributes.\"custom:scopes\", ' ')",
          "event.request.scopes",
          "item.nested",
          "item.roles");

  static final List<String> ALLOW_PATTERNS =
      List.of("orders-api/*", "*", "x/read", "a*b", "*/write", "openid", "zz*");

  static final List<String> LITERAL_SCOPES =
      List.of("orders-api/read", "openid", "profile", "email", "x/read");

  static final List<String> SCOPES_TO_SUPPRESS =
      List.of("aws.cognito.signin.user.admin", "phone", "profile");

  static final List<String> GROUP_EXPRESSIONS =
      List.of(
          "item.groups",
          "item.roles",
          "item.a",
          "split(item.a, ',')",
          "event.request.userAttributes.\"custom:roles\"",
          "item.list",
          "item.nested");

  static final List<String> CONDITIONS =
      List.of(
          "event.callerContext.clientId == 'client-1'",
          "contains(event.request.scopes, 'openid')",
          "item.flag",
          "event.triggerSource == 'TokenGeneration_RefreshTokens'",
          "`true`",
          "item.seats > `10`",
          "event.version == '1'");

  static final List<String> TRIGGERS =
      List.of(
          "TokenGeneration_HostedAuth",
          "TokenGeneration_Authentication",
          "TokenGeneration_NewPasswordChallenge",
          "TokenGeneration_AuthenticateDevice",
          "TokenGeneration_RefreshTokens",
          "TokenGeneration_ClientCredentials",
          "TokenGeneration_Unknown",
          "");

  /**
   * Strings as data holds them: scopes and groups (good and bad), JSON text, spaces, the log
   * marker.
   */
  static final List<String> STRINGS =
      List.of(
          "orders-api/read",
          "orders-api/write",
          "orders-api/x y",
          "orders-api/a\u00a0b",
          "orders-api/tab\there",
          "x/read",
          "a-b",
          "ab",
          "*",
          "",
          " ",
          "openid",
          "team-a",
          "team-blocked-1",
          "admins",
          "a,b,team-c",
          "{\"k\": 1}",
          "[1, 2]",
          "\"quoted\"",
          "42",
          "-0.5",
          "true",
          "false",
          "null",
          "  padded  ",
          "line\nbreak",
          "ünïcødé",
          "\ud83d\ude00",
          "orders-api/" + MARK,
          MARK + "-value",
          "team-" + MARK,
          "arn:aws:iam::123456789012:role/" + MARK,
          "x".repeat(300));

  // ---- primitives

  static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  static boolean chance(Random r, double p) {
    return r.nextDouble() < p;
  }

  static <T> List<T> subset(Random r, List<T> from, int max) {
    List<T> out = new ArrayList<>();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      T value = pick(r, from);
      if (!out.contains(value)) {
        out.add(value);
      }
    }
    return out;
  }

  static String string(Random r) {
    if (chance(r, 0.7)) {
      return pick(r, STRINGS);
    }
    String alphabet = "ab/-*, \t\u00a0:.{}[]\"\\\u2028x1" + MARK;
    StringBuilder out = new StringBuilder();
    int length = r.nextInt(12);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  static JsonNode number(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> NODES.numberNode(r.nextInt(100));
      case 1 -> NODES.numberNode(Long.MAX_VALUE);
      case 2 -> NODES.numberNode(new BigInteger("99999999999999999999999999999999999999"));
      case 3 -> NODES.numberNode(new BigDecimal("1E+125"));
      case 4 -> NODES.numberNode(new BigDecimal("-1E-130"));
      case 5 -> NODES.numberNode(new BigDecimal("1.5E+" + r.nextInt(400)));
      case 6 -> NODES.numberNode(new BigDecimal("0.1"));
      default -> NODES.numberNode(-r.nextInt(1000));
    };
  }

  /** A random JSON tree no deeper than {@code depth}. */
  static JsonNode json(Random r, int depth) {
    int kind = r.nextInt(depth > 0 ? 8 : 5);
    return switch (kind) {
      case 0, 1 -> NODES.textNode(string(r));
      case 2 -> number(r);
      case 3 -> NODES.booleanNode(r.nextBoolean());
      case 4 -> chance(r, 0.5) ? NODES.nullNode() : NODES.textNode(string(r));
      case 5, 6 -> {
        ArrayNode array = NODES.arrayNode();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          array.add(chance(r, 0.6) ? NODES.textNode(string(r)) : json(r, depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          object.set(
              chance(r, 0.5) ? pick(r, List.of("id", "inner", "plan", "k")) : string(r),
              json(r, depth - 1));
        }
        yield object;
      }
    };
  }

  // ---- items and events

  /** An item: some attributes of the pool, with random values. */
  static ObjectNode item(Random r) {
    ObjectNode item = NODES.objectNode();
    item.put("id", "USER#" + MARK);
    for (String name : ITEM_ATTRIBUTES) {
      if (chance(r, 0.6)) {
        item.set(name, json(r, 3));
      }
    }
    return item;
  }

  static JsonNode version(Random r) {
    return switch (r.nextInt(12)) {
      case 0, 1, 2 -> NODES.textNode("2");
      case 3, 4 -> NODES.textNode("3");
      case 5, 6 -> NODES.textNode("1");
      case 7 -> NODES.textNode(pick(r, List.of("0", "4", "", "1.0", "2.0")));
      case 8 -> NODES.numberNode(2 + r.nextInt(2));
      case 9 -> NODES.nullNode();
      case 10 -> NODES.numberNode(r.nextInt(5));
      default -> null; // absent
    };
  }

  /** Which app client id an event carries in {@code callerContext.clientId}. */
  enum ClientId {
    /** {@code client-1}. */
    TEXTUAL,
    /** Missing (or no callerContext), null, empty, a number or an object. */
    ODD,
    /** Either. */
    ANY
  }

  /** An event; its {@code callerContext.clientId} as {@code clientId} says. */
  static ObjectNode event(Random r, ClientId clientId) {
    boolean textualClientId =
        clientId == ClientId.TEXTUAL || (clientId == ClientId.ANY && chance(r, 0.5));
    ObjectNode event = NODES.objectNode();
    JsonNode version = version(r);
    if (version != null) {
      event.set("version", version);
    }
    if (chance(r, 0.9)) {
      event.put("triggerSource", pick(r, TRIGGERS));
    }
    event.put("region", "us-east-1");
    event.put("userPoolId", "us-east-1_Example12");
    switch (r.nextInt(6)) {
      case 0 -> {}
      case 1 -> event.put("userName", 42);
      default -> event.put("userName", "user-" + MARK + "-" + r.nextInt(3));
    }
    ObjectNode caller = NODES.objectNode();
    caller.put("awsSdkVersion", "aws-sdk-unknown-unknown");
    if (textualClientId) {
      caller.put("clientId", "client-1");
    } else {
      switch (r.nextInt(5)) {
        case 0 -> {}
        case 1 -> caller.putNull("clientId");
        case 2 -> caller.put("clientId", "");
        case 3 -> caller.put("clientId", 7);
        default -> caller.putObject("clientId");
      }
    }
    if (textualClientId || chance(r, 0.8)) {
      event.set("callerContext", caller);
    }
    ObjectNode request = event.putObject("request");
    if (chance(r, 0.95)) {
      ObjectNode attributes = request.putObject("userAttributes");
      for (String name : USER_ATTRIBUTES) {
        if (chance(r, 0.5)) {
          attributes.put(name, string(r));
        }
      }
      if (chance(r, 0.1)) {
        attributes.set("aud", json(r, 1));
      }
    } else {
      request.set("userAttributes", json(r, 2));
    }
    if (chance(r, 0.8)) {
      ObjectNode groups = request.putObject("groupConfiguration");
      ArrayNode names = groups.putArray("groupsToOverride");
      subset(r, List.of("team-a", "team-blocked-1", "admins", "team-" + MARK, "readers"), 4)
          .forEach(names::add);
      ArrayNode roles = groups.putArray("iamRolesToOverride");
      if (chance(r, 0.5)) {
        roles.add("arn:aws:iam::123456789012:role/" + MARK);
      }
      if (chance(r, 0.3)) {
        groups.put("preferredRole", "arn:aws:iam::123456789012:role/" + MARK);
      } else {
        groups.putNull("preferredRole");
      }
      if (chance(r, 0.05)) {
        groups.set("groupsToOverride", json(r, 1));
      }
    }
    ArrayNode scopes = request.putArray("scopes");
    subset(r, List.of("openid", "email", "aws.cognito.signin.user.admin", "orders-api/read"), 3)
        .forEach(scopes::add);
    event.putObject("response").putNull("claimsAndScopeOverrideDetails");
    return event;
  }

  // ---- mappings

  /**
   * A mapping over a small grammar: source, claims, suppress lists, scopes, groups, rules, limits.
   */
  static ObjectNode mapping(Random r) {
    ObjectNode mapping = NODES.objectNode();
    mapping.put("version", 1);
    if (chance(r, 0.8)) {
      ObjectNode source = mapping.putObject("source");
      source.put("table", "users");
      source.putObject("key").put("id", "USER#${event.userName}");
      source.put("onMissing", pick(r, List.of("deny", "continue")));
      source.put("onError", pick(r, List.of("deny", "continue", "stale")));
    }
    ObjectNode id = token(r, false);
    if (id != null) {
      mapping.set("idToken", id);
    }
    ObjectNode access = token(r, true);
    if (access != null) {
      mapping.set("accessToken", access);
    }
    if (chance(r, 0.5)) {
      ObjectNode groups = groups(r);
      if (groups.size() > 0) {
        mapping.set("groups", groups);
      }
    }
    if (chance(r, 0.4)) {
      ArrayNode rules = mapping.putArray("rules");
      int n = 1 + r.nextInt(2);
      for (int i = 0; i < n; i++) {
        ObjectNode rule = rules.addObject();
        rule.put("when", pick(r, CONDITIONS));
        ObjectNode ruleId = token(r, false);
        ObjectNode ruleAccess = token(r, true);
        if (ruleId != null) {
          rule.set("idToken", ruleId);
        }
        if (ruleAccess != null) {
          rule.set("accessToken", ruleAccess);
        }
        if (chance(r, 0.3)) {
          ObjectNode groups = groups(r);
          if (groups.size() > 0) {
            rule.set("groups", groups);
          }
        }
        if (rule.size() == 1) {
          rule.putObject("idToken").putObject("claims").putObject("rule_" + i).put("const", "on");
        }
      }
    }
    if (chance(r, 0.5)) {
      ObjectNode limits = mapping.putObject("limits");
      if (chance(r, 0.5)) {
        limits.put("maxClaimBytes", 1 + r.nextInt(400));
      } else {
        ObjectNode max = limits.putObject("maxClaimBytes");
        if (chance(r, 0.7)) {
          max.put("idToken", 1 + r.nextInt(400));
        }
        if (max.isEmpty() || chance(r, 0.7)) {
          max.put("accessToken", 1 + r.nextInt(400));
        }
      }
    }
    return mapping;
  }

  private static ObjectNode token(Random r, boolean access) {
    if (chance(r, 0.25)) {
      return null;
    }
    ObjectNode token = NODES.objectNode();
    ObjectNode claims = NODES.objectNode();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      String name;
      double which = r.nextDouble();
      if (which < 0.04) {
        name = pick(r, RESERVED_NAMES);
      } else if (access && which < 0.12) {
        name = "aud";
      } else if (which < 0.17) {
        name = pick(r, SCALAR_ONLY);
      } else {
        name = pick(r, CLAIM_NAMES);
      }
      claims.set(name, claim(r));
    }
    if (claims.size() > 0) {
      token.set("claims", claims);
    }
    if (chance(r, 0.4)) {
      ArrayNode suppress = token.putArray("suppress");
      for (String name : subset(r, SUPPRESSIBLE, 2)) {
        if (!claims.has(name)) {
          suppress.add(name);
        }
      }
      if (chance(r, 0.05)) {
        suppress.add(pick(r, RESERVED_NAMES));
      }
    }
    if (access && chance(r, 0.6)) {
      ObjectNode scopes = token.putObject("scopes");
      if (chance(r, 0.6)) {
        scopes.put("add", pick(r, SCOPE_EXPRESSIONS));
        if (chance(r, 0.95)) {
          ArrayNode allow = scopes.putArray("allow");
          List<String> patterns = subset(r, ALLOW_PATTERNS, 3);
          (patterns.isEmpty() ? List.of(pick(r, ALLOW_PATTERNS)) : patterns).forEach(allow::add);
        }
      } else if (chance(r, 0.7)) {
        ArrayNode add = scopes.putArray("add");
        subset(r, LITERAL_SCOPES, 3).forEach(add::add);
      }
      if (chance(r, 0.4)) {
        ArrayNode suppress = scopes.putArray("suppress");
        subset(r, SCOPES_TO_SUPPRESS, 2).forEach(suppress::add);
      }
    }
    return token.size() == 0 ? null : token;
  }

  private static JsonNode claim(Random r) {
    String expression = pick(r, EXPRESSIONS);
    switch (r.nextInt(4)) {
      case 0:
        return NODES.textNode(expression);
      case 1:
        {
          ObjectNode constant = NODES.objectNode();
          constant.set(
              "const",
              pick(
                  r,
                  List.of(
                      NODES.textNode("on"),
                      NODES.numberNode(3),
                      NODES.booleanNode(true),
                      NODES.arrayNode().add("a").add("b"),
                      NODES.objectNode().put("k", "v"))));
          return constant;
        }
      default:
        {
          ObjectNode claim = NODES.objectNode();
          claim.put("value", expression);
          String type =
              pick(r, List.of("string", "number", "boolean", "array", "object", "any", ""));
          if (!type.isEmpty()) {
            claim.put("type", type);
          }
          if (chance(r, 0.3)) {
            claim.set(
                "default",
                switch (type) {
                  case "number" -> NODES.numberNode(0);
                  case "boolean" -> NODES.booleanNode(false);
                  case "array" -> NODES.arrayNode().add("none");
                  case "object" -> NODES.objectNode().put("none", true);
                  default -> NODES.textNode("none");
                });
          } else if (chance(r, 0.2)) {
            claim.put("required", true);
          }
          return claim;
        }
    }
  }

  private static ObjectNode groups(Random r) {
    ObjectNode groups = NODES.objectNode();
    if (chance(r, 0.5)) {
      groups.put("groups", pick(r, GROUP_EXPRESSIONS));
    }
    if (chance(r, 0.3)) {
      if (chance(r, 0.5)) {
        groups.put("add", pick(r, GROUP_EXPRESSIONS));
      } else {
        groups.putArray("add").add("extra").add("team-x");
      }
    }
    if (chance(r, 0.6)) {
      groups.set("keep", filter(r));
    }
    if (chance(r, 0.3)) {
      groups.set("remove", filter(r));
    }
    if (chance(r, 0.3)) {
      groups.put("iamRoles", pick(r, GROUP_EXPRESSIONS));
    }
    if (chance(r, 0.3)) {
      groups.put(
          "preferredRole",
          pick(r, List.of("item.a", "item.tenant.id", "item.seats", "item.roles[0]")));
    }
    return groups;
  }

  private static ObjectNode filter(Random r) {
    ObjectNode filter = NODES.objectNode();
    switch (r.nextInt(3)) {
      case 0 -> filter.put("prefix", pick(r, List.of("team-", "team-blocked", "adm")));
      case 1 -> filter.putArray("exact").add("admins").add("readers");
      default -> filter.put("regex", pick(r, List.of("team-[a-z0-9-]+", ".*", "a.*")));
    }
    return filter;
  }
}
