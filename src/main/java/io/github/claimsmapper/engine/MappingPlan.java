package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A compiled mapping file. Produced only by the configuration loader, so every plan is valid;
 * {@link #apply} is pure and thread-safe.
 *
 * @param source the item lookup, or empty for an event-only mapping
 * @param idToken the ID token's claims
 * @param accessToken the access token's claims
 * @param scopes the access token's scopes
 * @param groups the group override, or empty to leave groups exactly as Cognito has them
 * @param onError what to do when a value cannot be evaluated or converted
 */
public record MappingPlan(
    Optional<SourcePlan> source,
    TokenPlan idToken,
    TokenPlan accessToken,
    ScopePlan scopes,
    Optional<GroupPlan> groups,
    Policy onError) {

  public MappingPlan {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(idToken, "idToken");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(onError, "onError");
  }

  /** True when the plan customizes the access token (claims or scopes), which V1 events cannot. */
  public boolean customizesAccessToken() {
    return !accessToken.claims().isEmpty()
        || !accessToken.suppress().isEmpty()
        || !scopes.add().isEmpty()
        || scopes.addFrom() != null
        || !scopes.suppress().isEmpty();
  }

  /**
   * Evaluates the plan over {@code {"event": ..., "item": ...}}.
   *
   * @throws MappingDenied when a required claim is missing, or an evaluation error meets
   *     {@code onError: deny}
   */
  public Overrides apply(JsonNode envelope, Targets targets) {
    List<String> warnings = new ArrayList<>();
    Overrides.Claims id = targets.idToken() ? claims(idToken, envelope, warnings, null) : Overrides.Claims.NONE;
    Overrides.Claims access = Overrides.Claims.NONE;
    Overrides.Scopes scopeOverrides = Overrides.Scopes.NONE;
    if (targets.accessToken()) {
      String clientId = envelope.path("event").path("callerContext").path("clientId").asText(null);
      access = claims(accessToken, envelope, warnings, clientId);
      scopeOverrides = scopes(envelope, warnings);
    }
    Optional<Overrides.Groups> groupOverrides = Optional.empty();
    if (targets.groups() && groups.isPresent()) {
      groupOverrides = groups(groups.get(), envelope, warnings);
    }
    return new Overrides(id, access, scopeOverrides, groupOverrides, warnings);
  }

  private Overrides.Claims claims(TokenPlan token, JsonNode envelope, List<String> warnings, String audience) {
    Map<String, JsonNode> add = new LinkedHashMap<>();
    for (ClaimRule rule : token.claims()) {
      try {
        Optional<JsonNode> value = rule.evaluate(envelope);
        if (value.isPresent() && audience != null && "aud".equals(rule.name())
            && !audience.equals(value.get().asText())) {
          throw new EvaluationException("an access token 'aud' claim must equal the app client id");
        }
        value.ifPresent(v -> add.put(rule.name(), v));
      } catch (EvaluationException e) {
        onError(rule.path(), e, warnings);
      }
    }
    return new Overrides.Claims(add, token.suppress());
  }

  private Overrides.Scopes scopes(JsonNode envelope, List<String> warnings) {
    Set<String> add = new LinkedHashSet<>(scopes.add());
    if (scopes.addFrom() != null) {
      try {
        int refused = 0;
        for (String scope : strings(scopes.addFrom().evaluate(envelope), "scopes")) {
          if (scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)
              || scopes.allow().stream().noneMatch(p -> p.matches(scope))) {
            refused++;
          } else {
            add.add(scope);
          }
        }
        if (refused > 0) {
          warnings.add(scopes.path() + ".add: left out " + refused + " scope(s) from data not matched by allow");
        }
      } catch (EvaluationException e) {
        onError(scopes.path() + ".add", e, warnings);
      }
    }
    return new Overrides.Scopes(new ArrayList<>(add), scopes.suppress());
  }

  private Optional<Overrides.Groups> groups(GroupPlan plan, JsonNode envelope, List<String> warnings) {
    JsonNode current = envelope.path("event").path("request").path("groupConfiguration");
    try {
      List<String> groupNames = listOr(plan.groups(), envelope, current.path("groupsToOverride"), "groups");
      List<String> roles = listOr(plan.iamRoles(), envelope, current.path("iamRolesToOverride"), "iamRoles");
      String preferred = null;
      JsonNode value = plan.preferredRole() == null ? null : plan.preferredRole().evaluate(envelope);
      if (value == null || value.isNull() || value.isMissingNode()) {
        value = current.path("preferredRole");
      } else if (!value.isTextual()) {
        throw new EvaluationException("preferredRole yielded " + JsonTypes.name(value) + ", expected a string");
      }
      if (value.isTextual()) {
        preferred = value.textValue();
      }
      return Optional.of(new Overrides.Groups(groupNames, roles, preferred));
    } catch (EvaluationException e) {
      onError(plan.path(), e, warnings);
      return Optional.empty();
    }
  }

  private static List<String> listOr(Expression expression, JsonNode envelope, JsonNode current, String what) {
    JsonNode value = expression == null ? null : expression.evaluate(envelope);
    if (value == null || value.isNull() || value.isMissingNode()) {
      List<String> kept = new ArrayList<>();
      current.forEach(v -> {
        if (v.isTextual()) {
          kept.add(v.textValue());
        }
      });
      return kept;
    }
    return strings(value, what);
  }

  /** A string or an array of strings as a list; null yields an empty list. */
  private static List<String> strings(JsonNode value, String what) {
    List<String> out = new ArrayList<>();
    if (value.isTextual()) {
      out.add(value.textValue());
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        if (!element.isTextual()) {
          throw new EvaluationException(what + " yielded an array holding " + JsonTypes.name(element)
              + ", expected strings only");
        }
        out.add(element.textValue());
      }
    } else if (!value.isNull() && !value.isMissingNode()) {
      throw new EvaluationException(what + " yielded " + JsonTypes.name(value) + ", expected a string or an array of strings");
    }
    return out;
  }

  private void onError(String path, EvaluationException e, List<String> warnings) {
    if (onError == Policy.DENY) {
      throw new MappingDenied(path, e.getMessage());
    }
    warnings.add(path + ": " + e.getMessage());
  }
}
