package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One evaluation of a {@link MappingPlan}: the trace and the warnings travel with it. Each part of
 * the plan carries the path it reports at (a claim's, a scope source's, the group override's, the
 * limits'), so nothing here knows the mapping file's layout.
 */
final class PlanEvaluation {
  private final MappingPlan plan;
  private final Trace trace;
  private final List<String> warnings = new ArrayList<>();

  PlanEvaluation(MappingPlan plan, Trace trace) {
    this.plan = plan;
    this.trace = trace;
  }

  Overrides run(JsonNode envelope, EventFacts facts, List<RulePlan> matched) {
    Targets targets = facts.targets();
    Overrides.Claims id = Overrides.Claims.NONE;
    if (targets.idToken()) {
      id = claims(plan.idToken(), matched, true, envelope, null);
      id = limit(id, plan.limits().idTokenClaimBytes(), plan.limits().idTokenPath(), targets);
    }
    Overrides.Claims access = Overrides.Claims.NONE;
    Overrides.Scopes scopeOverrides = Overrides.Scopes.NONE;
    if (targets.accessToken()) {
      access = claims(plan.accessToken(), matched, false, envelope, facts.clientId());
      access =
          limit(
              access,
              plan.limits().accessTokenClaimBytes(),
              plan.limits().accessTokenPath(),
              targets);
      ScopePlan effective = plan.scopes();
      for (RulePlan rule : matched) {
        effective = effective.with(rule.scopes());
      }
      scopeOverrides = scopes(effective, envelope);
    }
    Optional<Overrides.Groups> groupOverrides = Optional.empty();
    if (targets.groups()) {
      Optional<GroupPlan> effective = plan.groups();
      for (RulePlan rule : matched) {
        if (rule.groups().isPresent()) {
          effective =
              Optional.of(
                  effective
                      .map(g -> g.overriddenBy(rule.groups().get()))
                      .orElse(rule.groups().get()));
        }
      }
      if (effective.isPresent()) {
        groupOverrides = groups(effective.get(), envelope, facts.currentGroups());
      }
    }
    return new Overrides(id, access, scopeOverrides, groupOverrides, warnings);
  }

  private Overrides.Claims claims(
      TokenPlan base,
      List<RulePlan> matched,
      boolean idTokenSide,
      JsonNode envelope,
      String audience) {
    Map<String, ClaimRule> rulesByName = new LinkedHashMap<>();
    Set<String> suppress = new LinkedHashSet<>(base.suppress());
    for (ClaimRule claim : base.claims()) {
      rulesByName.put(claim.name(), claim);
    }
    for (RulePlan rule : matched) {
      TokenPlan token = idTokenSide ? rule.idToken() : rule.accessToken();
      for (ClaimRule claim : token.claims()) {
        ClaimRule replaced = rulesByName.put(claim.name(), claim);
        if (replaced != null) {
          trace.step(replaced.path(), Trace.Outcome.OVERRIDDEN, "replaced by " + claim.path());
        }
      }
      suppress.addAll(token.suppress());
    }
    Map<String, JsonNode> add = new LinkedHashMap<>();
    for (ClaimRule rule : rulesByName.values()) {
      try {
        Optional<Evaluated> value = rule.evaluate(envelope);
        if (value.isEmpty()) {
          trace.step(rule.path(), Trace.Outcome.OMITTED, "no value: left out");
          continue;
        }
        Evaluated evaluated = value.get();
        if (AudienceRule.applies(rule.name(), !idTokenSide)) {
          AudienceRule.check(evaluated.value(), audience);
        }
        add.put(rule.name(), evaluated.value());
        if (trace.enabled()) {
          trace.step(
              rule.path(),
              evaluated.defaulted() ? Trace.Outcome.DEFAULTED : Trace.Outcome.APPLIED,
              (evaluated.defaulted() ? "no value, default " : "= ")
                  + Json.compact(evaluated.value()));
        }
      } catch (EvaluationException e) {
        onError(rule.path(), e);
      } catch (MappingDenied e) {
        trace.step(e.denial().path(), Trace.Outcome.DENIED, e.getMessage());
        throw e;
      }
    }
    return new Overrides.Claims(add, new ArrayList<>(suppress));
  }

  private Overrides.Claims limit(
      Overrides.Claims claims, OptionalInt max, String path, Targets targets) {
    if (max.isEmpty()) {
      return claims;
    }
    int bytes = MappingPlan.claimBytes(claims.add(), targets.stringClaims());
    if (bytes <= max.getAsInt()) {
      return claims;
    }
    onError(
        path,
        new EvaluationException(
            "the added claims take " + bytes + " bytes, more than the limit of " + max.getAsInt()));
    return new Overrides.Claims(Map.of(), claims.suppress());
  }

  private Overrides.Scopes scopes(ScopePlan plan, JsonNode envelope) {
    Set<String> add = new LinkedHashSet<>(plan.add());
    ScopePlan.explain(trace, plan.literal(), "scopes added: ");
    for (ScopePlan.FromData source : plan.fromData()) {
      try {
        int refused = 0;
        for (String scope : strings(source.expression().evaluate(envelope), "scopes")) {
          if (!ScopePattern.isScope(scope)
              || source.allow().stream().noneMatch(p -> p.matches(scope))) {
            refused++;
          } else {
            add.add(scope);
          }
        }
        if (refused > 0) {
          warnings.add(
              source.path() + ": left out " + refused + " scope(s) from data not matched by allow");
        }
        if (trace.enabled()) {
          trace.step(
              source.path(),
              Trace.Outcome.APPLIED,
              refused == 0
                  ? "scopes from data added"
                  : "scopes from data added, " + refused + " left out (not matched by allow)");
        }
      } catch (EvaluationException e) {
        onError(source.path(), e);
      }
    }
    ScopePlan.explain(trace, plan.suppressed(), "scopes suppressed: ");
    return new Overrides.Scopes(new ArrayList<>(add), plan.suppress());
  }

  /**
   * The group override. Each part is evaluated on its own; one that fails contributes nothing (with
   * {@code onError: continue}) while the filters still apply to what remains, so a failure removes
   * what it would have added and never lets through what a filter drops.
   */
  private Optional<Overrides.Groups> groups(
      GroupPlan plan, JsonNode envelope, Overrides.Groups current) {
    GroupPlan.Paths paths = plan.paths();
    Set<String> names =
        new LinkedHashSet<>(
            part(
                paths.groups(),
                List.of(),
                () -> listOr(plan.groups(), envelope, current.groups(), "groups")));
    if (plan.add() != null) {
      names.addAll(
          part(paths.add(), List.of(), () -> strings(plan.add().evaluate(envelope), "groups.add")));
    }
    if (plan.keep() != null) {
      names.removeIf(g -> !plan.keep().matches(g));
    }
    if (plan.remove() != null) {
      names.removeIf(plan.remove()::matches);
    }
    List<String> roles = new ArrayList<>();
    int notArns = 0;
    for (String role :
        part(
            paths.iamRoles(),
            List.<String>of(),
            () -> listOr(plan.iamRoles(), envelope, current.iamRoles(), "iamRoles"))) {
      if (!GroupPlan.ROLE_ARN.matcher(role).matches()) {
        notArns++;
      } else if ((plan.keepRoles() == null || plan.keepRoles().matches(role))
          && !roles.contains(role)) {
        roles.add(role);
      }
    }
    if (notArns > 0) {
      warnings.add(
          paths.iamRoles() + ": left out " + notArns + " value(s) that are not IAM role ARNs");
    }
    String preferred =
        part(paths.preferredRole(), null, () -> preferredRole(plan, envelope, current));
    if (preferred != null && !roles.contains(preferred)) {
      // a preferred role outside the roles sent would grant what keepRoles or the ARN check
      // dropped
      warnings.add(paths.preferredRole() + ": left out, it is not among the roles sent");
      preferred = null;
    }
    if (trace.enabled()) {
      trace.step(
          paths.section(),
          Trace.Outcome.APPLIED,
          "groups overridden: " + names.size() + " group(s), " + roles.size() + " role(s)");
    }
    return Optional.of(new Overrides.Groups(new ArrayList<>(names), roles, preferred));
  }

  private static String preferredRole(GroupPlan plan, JsonNode envelope, Overrides.Groups current) {
    JsonNode value = plan.preferredRole() == null ? null : plan.preferredRole().evaluate(envelope);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return current.preferredRole();
    } else if (!value.isTextual()) {
      throw new EvaluationException(
          "preferredRole yielded " + JsonTypes.name(value) + ", expected a string");
    }
    return value.textValue();
  }

  /**
   * One part of the group override: its value, or (onError: continue) the fallback that adds
   * nothing.
   */
  private <T> T part(String path, T nothing, Supplier<T> evaluate) {
    try {
      return evaluate.get();
    } catch (EvaluationException e) {
      onError(path, e);
      return nothing;
    }
  }

  private static List<String> listOr(
      Expression expression, JsonNode envelope, List<String> current, String what) {
    JsonNode value = expression == null ? null : expression.evaluate(envelope);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return current;
    }
    return strings(value, what);
  }

  /** A string or an array of strings as a list; null yields an empty list. */
  private static List<String> strings(JsonNode value, String what) {
    ResultSize.check(value, what);
    List<String> out = new ArrayList<>();
    if (value.isTextual()) {
      out.add(value.textValue());
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        if (!element.isTextual()) {
          throw new EvaluationException(
              what
                  + " yielded an array holding "
                  + JsonTypes.name(element)
                  + ", expected strings only");
        }
        out.add(element.textValue());
      }
    } else if (!value.isNull() && !value.isMissingNode()) {
      throw new EvaluationException(
          what
              + " yielded "
              + JsonTypes.name(value)
              + ", expected a string or an array of strings");
    }
    return out;
  }

  private void onError(String path, EvaluationException e) {
    Policy onError = plan.onError();
    if (onError != Policy.CONTINUE) {
      trace.step(
          path, Trace.Outcome.DENIED, e.getMessage() + " (onError: " + onError.yamlName() + ")");
      throw new MappingDenied(path, e.getMessage(), DenialReason.EVALUATION_FAILED, true);
    }
    trace.step(path, Trace.Outcome.FAILED, e.getMessage() + " (onError: continue)");
    warnings.add(path + ": " + e.getMessage());
  }
}
