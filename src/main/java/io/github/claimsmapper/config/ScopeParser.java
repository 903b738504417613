package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.ExpressionSyntaxException;
import io.github.claimsmapper.engine.ScopePattern;
import io.github.claimsmapper.engine.ScopePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code accessToken.scopes}. Scopes from data grant authority, so they need {@code allow}
 * patterns, and a pattern that lets everything through is called out.
 */
final class ScopeParser extends SectionParser {
  ScopeParser(Fields fields, Expressions expressions) {
    super(fields, expressions);
  }

  /** The scopes of an access token section, or none when it has no {@code scopes}. */
  Parsed<ScopePlan> scopesOf(ObjectNode accessToken, String path) {
    if (!accessToken.has("scopes")) {
      return Parsed.of(ScopePlan.EMPTY, List.of());
    }
    return scopes(accessToken.get("scopes"), path + ".scopes");
  }

  private Parsed<ScopePlan> scopes(JsonNode node, String path) {
    Optional<ObjectNode> found = fields.object(node, path);
    if (found.isEmpty()) {
      return Parsed.of(ScopePlan.EMPTY, List.of());
    }
    ObjectNode scopes = found.get();
    fields.keys(scopes, path, "add", "allow", "suppress");
    String addPath = path + ".add";
    String allowPath = path + ".allow";
    JsonNode addNode = scopes.get("add");
    List<ScopePattern> allow =
        scopes.has("allow") ? allow(scopes.get("allow"), allowPath) : new ArrayList<>();
    List<String> add = new ArrayList<>();
    List<ScopePlan.FromData> fromData = new ArrayList<>();
    List<Expression> reads = new ArrayList<>();
    if (addNode != null && addNode.isTextual() && isPlainScope(addNode.textValue())) {
      diagnostics.error(
          addPath,
          "expected a list of scopes: '"
              + addNode.textValue()
              + "' is one scope, not an expression (write add: ["
              + addNode.textValue()
              + "]; a plain string is an expression giving scopes from data)");
    } else if (addNode != null && addNode.isTextual()) {
      Optional<Expression> expression = expressions.expression(addNode.textValue(), addPath);
      if (!scopes.has("allow")) {
        diagnostics.error(
            addPath,
            "scopes from data need 'allow': the patterns they must match (for example "
                + "[\"orders-api/*\"])");
      } else if (scopes.get("allow").isArray() && scopes.get("allow").isEmpty()) {
        diagnostics.error(allowPath, "'allow' is empty: no scope from data could ever be added");
      }
      if (expression.isPresent()) {
        fromData.add(new ScopePlan.FromData(addPath, expression.get(), allow));
        reads.add(expression.get());
      }
    } else if (addNode != null) {
      add = scopeList(addNode, addPath);
      if (scopes.has("allow")) {
        diagnostics.warningAtKey(
            allowPath, "'allow' has no effect: 'add' takes no scopes from data");
      }
    } else if (scopes.has("allow")) {
      diagnostics.warningAtKey(allowPath, "'allow' has no effect: 'add' takes no scopes from data");
    }
    List<String> suppress =
        scopes.has("suppress") ? scopeList(scopes.get("suppress"), path + ".suppress") : List.of();
    for (int i = 0; i < suppress.size(); i++) {
      String scope = suppress.get(i);
      String at = DocumentPath.index(path + ".suppress", i);
      if (add.contains(scope)) {
        diagnostics.error(at, "'" + scope + "' is both added and suppressed");
      } else if (!fromData.isEmpty()) {
        // the same conflict as a literal one, for every scope the data may hold: what Cognito does
        // is undocumented
        for (ScopePattern pattern : allow) {
          if (pattern.matches(scope)) {
            diagnostics.error(
                at,
                "'"
                    + scope
                    + "' is both suppressed and allowed from data by '"
                    + pattern.text()
                    + "' (narrow allow so it cannot match)");
            break;
          }
        }
      }
    }
    return Parsed.of(
        new ScopePlan(
            add.isEmpty() ? List.of() : List.of(new ScopePlan.Literal(addPath, add)),
            fromData,
            suppress.isEmpty()
                ? List.of()
                : List.of(new ScopePlan.Literal(path + ".suppress", suppress))),
        reads);
  }

  /**
   * A string that is a valid scope but no expression ({@code api/read}): a literal scope written
   * without the list it belongs in, which would otherwise be reported as JMESPath's {@code token
   * recognition error at: '/'}.
   */
  private boolean isPlainScope(String text) {
    if (Placeholders.holdsPlaceholder(text) || CognitoRules.whyNotScope(text).isPresent()) {
      return false;
    }
    try {
      expressions.compiler().compile(text);
      return false;
    } catch (ExpressionSyntaxException e) {
      return true;
    }
  }

  private List<ScopePattern> allow(JsonNode node, String path) {
    List<ScopePattern> allow = new ArrayList<>();
    for (String pattern : scopeList(node, path)) {
      allow.add(ScopePattern.of(pattern));
    }
    for (int i = 0; node.isArray() && i < node.size(); i++) {
      String pattern = node.get(i).asText("");
      if (node.get(i).isTextual() && !pattern.isEmpty() && pattern.replace("*", "").isEmpty()) {
        String at = DocumentPath.index(path, i);
        diagnostics.warning(
            at,
            "'"
                + pattern
                + "' lets every scope the data holds through, aws.cognito.signin.user.admin"
                + " included: list the patterns data may add (for example \"orders-api/*\")");
      }
    }
    return allow;
  }

  /** Valid scopes, each once, in order; an invalid one is reported. */
  private List<String> scopeList(JsonNode node, String path) {
    List<String> scopes = new ArrayList<>();
    for (Fields.Entry entry : fields.strings(node, path)) {
      Optional<String> why = CognitoRules.whyNotScope(entry.value());
      if (why.isPresent()) {
        diagnostics.error(entry.path(), why.get());
      } else if (!scopes.contains(entry.value())) {
        scopes.add(entry.value());
      }
    }
    return scopes;
  }
}
