package io.github.claimsmapper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cognito.CognitoEvent;
import io.github.claimsmapper.cognito.EventVersion;
import io.github.claimsmapper.cognito.ResponseView;
import io.github.claimsmapper.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims each token would carry once Cognito applies a rendered response, for {@code render
 * --explain}: the response alone lists only changes, so an author cannot see the token a user gets,
 * nor its size (tokens travel in cookies and headers of a few KB), without a user pool. Built from
 * the event and the response by Cognito's documented rules ({@code
 * cognito-pre-token-generation.md}), not by asking Cognito, so it is a preview: the claims Cognito
 * adds when it issues a token are neither shown nor counted, and {@link #NOTE} tells the user so.
 */
final class TokenPreview {
  /** What the preview leaves out, printed after it. */
  static final String NOTE =
      "note: a preview: Cognito also adds iss, exp, iat, auth_time, jti, origin_jti, event_id (and"
          + " aud, nonce, at_hash to ID tokens, version to access tokens) when it issues them; not"
          + " shown or counted";

  /** In the event's attributes, but Cognito keeps them out of ID tokens. */
  private static final Set<String> NOT_IN_TOKENS =
      Set.of("cognito:user_status", "cognito:mfa_enabled");

  /** Strings in the event, JSON booleans in the ID token. */
  private static final Set<String> BOOLEANS = Set.of("email_verified", "phone_number_verified");

  private TokenPreview() {}

  /**
   * One token's claims.
   *
   * @param name {@code ID token} or {@code access token}
   * @param claims the claims, in the order built
   */
  record Token(String name, ObjectNode claims) {
    /** The claims' size as compact JSON, in UTF-8 bytes. */
    int bytes() {
      return Json.compact(claims).getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code ID token claims (preview, 412 bytes): {...}}. */
    String line() {
      return name + " claims (preview, " + bytes() + " bytes): " + Json.compact(claims);
    }
  }

  /**
   * The tokens a rendered event (the event with its {@code response}) would yield: none, one or
   * two.
   */
  static List<Token> of(JsonNode rendered) {
    CognitoEvent event = CognitoEvent.of(rendered);
    ResponseView view = ResponseView.of(rendered);
    boolean machine = event.isClientCredentials();
    List<Token> tokens = new ArrayList<>();
    if (!machine) {
      tokens.add(new Token("ID token", idToken(rendered, view)));
    }
    if (event.version() != EventVersion.V1) {
      tokens.add(new Token("access token", accessToken(rendered, view, machine)));
    }
    return tokens;
  }

  private static ObjectNode idToken(JsonNode event, ResponseView view) {
    ObjectNode claims = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> attribute :
        event.path("request").path("userAttributes").properties()) {
      String name = attribute.getKey();
      JsonNode value = attribute.getValue();
      if (NOT_IN_TOKENS.contains(name)) {
        continue;
      }
      if (name.equals("identities") && value.isTextual()) {
        value = parsed(value);
      } else if (BOOLEANS.contains(name)
          && value.isTextual()
          && (value.textValue().equals("true") || value.textValue().equals("false"))) {
        value = claims.booleanNode(Boolean.parseBoolean(value.textValue()));
      }
      claims.set(name, value);
    }
    JsonNode groups = groups(event, view);
    putList(claims, "cognito:groups", groups.path("groupsToOverride"));
    putList(claims, "cognito:roles", groups.path("iamRolesToOverride"));
    if (groups.path("preferredRole").isTextual()) {
      claims.set("cognito:preferred_role", groups.get("preferredRole"));
    }
    if (event.path("userName").isTextual()) {
      claims.set("cognito:username", event.get("userName"));
    }
    claims.put("token_use", "id");
    apply(claims, view.idToken());
    return claims;
  }

  private static ObjectNode accessToken(JsonNode event, ResponseView view, boolean machine) {
    ObjectNode claims = Json.MAPPER.createObjectNode();
    JsonNode clientId = event.path("callerContext").path("clientId");
    JsonNode sub = machine ? clientId : event.path("request").path("userAttributes").path("sub");
    if (sub.isTextual()) {
      claims.set("sub", sub);
    }
    if (!machine) {
      putList(claims, "cognito:groups", groups(event, view).path("groupsToOverride"));
    }
    Set<String> scopes = new LinkedHashSet<>();
    event.path("request").path("scopes").forEach(s -> scopes.add(s.asText()));
    if (view.accessToken() != null) {
      scopes.addAll(view.accessToken().scopesToAdd());
      view.accessToken().scopesToSuppress().forEach(scopes::remove);
    }
    if (!scopes.isEmpty()) {
      claims.put("scope", String.join(" ", scopes));
    }
    if (clientId.isTextual()) {
      claims.set("client_id", clientId);
    }
    if (!machine && event.path("userName").isTextual()) {
      claims.set("username", event.get("userName"));
    }
    claims.put("token_use", "access");
    apply(claims, view.accessToken());
    return claims;
  }

  /** The response's group override when it has one, else the event's groups. */
  private static JsonNode groups(JsonNode event, ResponseView view) {
    return view.groups() != null ? view.groups() : event.path("request").path("groupConfiguration");
  }

  /** Overrides, then suppressions: a claim both overridden and suppressed is suppressed. */
  private static void apply(ObjectNode claims, ResponseView.Token token) {
    if (token == null) {
      return;
    }
    claims.setAll(token.claims());
    for (String name : token.suppress()) {
      claims.remove(name);
      if (name.equals("cognito:groups")) {
        claims.remove("cognito:roles");
        claims.remove("cognito:preferred_role");
      }
    }
  }

  private static void putList(ObjectNode claims, String name, JsonNode values) {
    if (values.isArray() && !values.isEmpty()) {
      ArrayNode list = claims.putArray(name);
      values.forEach(list::add);
    }
  }

  /**
   * {@code identities} as Cognito puts it in tokens: the JSON its text holds (the text when it
   * holds none).
   */
  private static JsonNode parsed(JsonNode text) {
    try {
      JsonNode json = Json.MAPPER.readTree(text.textValue());
      return json == null || json.isMissingNode() ? text : json;
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
