package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.ClaimRule;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.JsonTypes;
import io.github.claimsmapper.engine.ValueType;
import io.github.claimsmapper.json.Json;
import java.util.List;
import java.util.Optional;

/** Reads one claim: an expression, or an object with {@code value} or {@code const}. */
final class ClaimParser extends SectionParser {
  /** The longest value a message quotes whole. */
  private static final int MAX_QUOTED = 60;

  ClaimParser(Fields fields, Expressions expressions) {
    super(fields, expressions);
  }

  Parsed<ClaimRule> claim(String name, JsonNode node, String path, boolean accessToken) {
    if (CognitoRules.holdsControl(name)) {
      diagnostics.errorAtKey(
          path, "a claim name cannot hold control characters ('" + CognitoRules.shown(name) + "')");
      return Parsed.refused(List.of());
    }
    Optional<String> why = CognitoRules.whyNotAdded(name, accessToken);
    if (why.isPresent()) {
      diagnostics.errorAtKey(path, why.get());
      return Parsed.refused(List.of());
    }
    boolean scalarOnly = !accessToken && CognitoRules.SCALAR_ONLY_IN_ID_TOKEN.contains(name);
    if (node.isTextual()) {
      Optional<Expression> value = expressions.value(node.textValue(), path);
      return value.isEmpty()
          ? Parsed.refused(List.of())
          : Parsed.of(
              new ClaimRule(name, path, value.get(), null, ValueType.ANY, null, false, scalarOnly),
              List.of(value.get()));
    }
    if (!node.isObject()) {
      diagnostics.error(
          path,
          "expected an expression (string) or a claim object with 'value' or 'const', found "
              + JsonTypes.name(node));
      return Parsed.refused(List.of());
    }
    ObjectNode claim = (ObjectNode) node;
    fields.keys(claim, path, "value", "const", "type", "default", "required");
    ValueType type = ValueType.ANY;
    if (claim.has("type")) {
      Optional<String> typeName = fields.string(claim.get("type"), path + ".type");
      if (typeName.isPresent()) {
        type = ValueType.fromYamlName(typeName.get());
        if (type == null) {
          diagnostics.error(
              path + ".type",
              "unknown type '"
                  + typeName.get()
                  + "' (expected one of: string, number, boolean, array, object, any)");
          return Parsed.refused(List.of());
        }
        if (scalarOnly && type.isComplex()) {
          diagnostics.error(
              path + ".type",
              "'" + name + "' cannot take an " + typeName.get() + " value in the ID token");
          return Parsed.refused(List.of());
        }
      }
    }
    boolean required =
        claim.has("required")
            && fields.bool(claim.get("required"), path + ".required").orElse(false);
    Optional<JsonNode> defaultValue =
        claim.has("default")
            ? literal(claim.get("default"), path + ".default", type, name, scalarOnly)
            : Optional.empty();
    if (defaultValue.isPresent() && !audience(name, defaultValue.get(), path + ".default")) {
      return Parsed.refused(List.of());
    }
    if (required && defaultValue.isPresent()) {
      diagnostics.warningAtKey(
          path + ".required", "'required' has no effect: the claim has a default");
    }
    boolean hasValue = claim.has("value");
    if (hasValue == claim.has("const")) {
      diagnostics.errorAtKey(
          path,
          hasValue
              ? "a claim has either 'value' or 'const', not both"
              : "a claim object needs 'value' (an expression) or 'const' (a constant)");
      return Parsed.refused(List.of());
    }
    if (!hasValue) {
      if (claim.has("default")) {
        diagnostics.warningAtKey(path + ".default", "'default' has no effect on a constant");
      }
      Optional<JsonNode> constant =
          literal(claim.get("const"), path + ".const", type, name, scalarOnly);
      if (constant.isEmpty() || !audience(name, constant.get(), path + ".const")) {
        return Parsed.refused(List.of());
      }
      return Parsed.of(
          new ClaimRule(name, path, null, constant.get(), type, null, required, scalarOnly),
          List.of());
    }
    Optional<String> text = fields.string(claim.get("value"), path + ".value");
    Optional<Expression> value =
        text.isPresent() ? expressions.value(text.get(), path + ".value") : Optional.empty();
    if (value.isEmpty()) {
      return Parsed.refused(List.of());
    }
    if (claim.has("default") && defaultValue.isEmpty()) {
      return Parsed.refused(List.of(value.get()));
    }
    return Parsed.of(
        new ClaimRule(
            name, path, value.get(), null, type, defaultValue.orElse(null), required, scalarOnly),
        List.of(value.get()));
  }

  /** An access token's {@code aud} is the app client id: only a string can stand for it. */
  private boolean audience(String name, JsonNode value, String path) {
    if (name.equals("aud") && !value.isTextual()) {
      diagnostics.error(path, "an access token 'aud' is the app client id: a string");
      return false;
    }
    return true;
  }

  /** A constant or default: not null, convertible to the claim's type, scalar where required. */
  private Optional<JsonNode> literal(
      JsonNode node, String path, ValueType type, String claim, boolean scalarOnly) {
    if (node.isNull()) {
      diagnostics.error(path, "cannot be null");
      return Optional.empty();
    }
    JsonNode converted;
    try {
      converted = type.convert(node);
    } catch (EvaluationException e) {
      // the engine's message names no value (it is logged per request); this one is about the file
      diagnostics.error(
          path,
          "cannot convert " + quoted(node) + " to " + type.yamlName() + " (the claim's type)");
      return Optional.empty();
    }
    if (scalarOnly && converted.isContainerNode()) {
      diagnostics.error(
          path,
          "'" + claim + "' cannot take an " + JsonTypes.name(converted) + " value in the ID token");
      return Optional.empty();
    }
    return Optional.of(converted);
  }

  /** A value of the file for a message: as JSON ({@code "lots"}, {@code 42}), long ones cut. */
  private static String quoted(JsonNode value) {
    String json = Json.compact(value);
    return json.length() <= MAX_QUOTED ? json : json.substring(0, MAX_QUOTED) + "…";
  }
}
