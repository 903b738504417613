package io.github.claimsmapper.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The overrides in a response, whatever the event's version: what each token gets and the group
 * override. Version 1 responses have an ID token only; client-credentials responses an access token
 * only.
 *
 * @param idToken the ID token's overrides, or null when the response has none
 * @param accessToken the access token's overrides, or null when the response has none
 * @param groups {@code groupOverrideDetails}, or null when it is not sent
 */
public record ResponseView(Token idToken, Token accessToken, ObjectNode groups) {
  /**
   * A total order that puts equal JSON values together: numbers by value ({@code 25} equals {@code
   * 25.0}) and before everything else; other values by kind, then by their JSON text, which differs
   * exactly when they do. {@link JsonNode#equals(Comparator, JsonNode)} needs only "0 when equal",
   * but a public comparator is also sorted with, and the first version answered 1 both ways, which
   * breaks {@link Comparator}'s contract (and sorting with it).
   */
  public static final Comparator<JsonNode> NUMERIC_EQUALITY =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isNumber() != b.isNumber()) {
          return a.isNumber() ? -1 : 1;
        }
        if (a.equals(b)) {
          return 0;
        }
        int kind = a.getNodeType().compareTo(b.getNodeType());
        return kind != 0 ? kind : a.toString().compareTo(b.toString());
      };

  /**
   * One token's overrides.
   *
   * @param claims {@code claimsToAddOrOverride}
   * @param suppress {@code claimsToSuppress}
   * @param scopesToAdd {@code scopesToAdd} (access token only)
   * @param scopesToSuppress {@code scopesToSuppress} (access token only)
   */
  public record Token(
      ObjectNode claims,
      List<String> suppress,
      List<String> scopesToAdd,
      List<String> scopesToSuppress) {
    public Token {
      suppress = List.copyOf(suppress);
      scopesToAdd = List.copyOf(scopesToAdd);
      scopesToSuppress = List.copyOf(scopesToSuppress);
    }
  }

  /** Reads the {@code response} of a rendered event. */
  public static ResponseView of(JsonNode event) {
    JsonNode response = event.path("response");
    JsonNode v1 = response.path("claimsOverrideDetails");
    if (v1.isObject()) {
      return new ResponseView(token(v1), null, groups(v1));
    }
    JsonNode details = response.path("claimsAndScopeOverrideDetails");
    return new ResponseView(
        token(details.path("idTokenGeneration")),
        token(details.path("accessTokenGeneration")),
        groups(details));
  }

  public static boolean equal(JsonNode a, JsonNode b) {
    return a.equals(NUMERIC_EQUALITY, b);
  }

  private static Token token(JsonNode generation) {
    if (!generation.isObject()) {
      return null;
    }
    JsonNode claims = generation.path("claimsToAddOrOverride");
    return new Token(
        claims.isObject() ? (ObjectNode) claims : JsonNodeFactory.instance.objectNode(),
        strings(generation.path("claimsToSuppress")),
        strings(generation.path("scopesToAdd")),
        strings(generation.path("scopesToSuppress")));
  }

  private static ObjectNode groups(JsonNode details) {
    JsonNode groups = details.path("groupOverrideDetails");
    return groups.isObject() ? (ObjectNode) groups : null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(value -> out.add(value.asText()));
    return out;
  }
}
