package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A compiled mapping file. Produced only by the configuration loader, so every plan is valid;
 * {@link #apply} is pure and thread-safe.
 *
 * @param sources the lookups, the primary ({@code item}) first; empty for an event-only mapping
 * @param idToken the ID token's base claims
 * @param accessToken the access token's base claims
 * @param scopes the access token's base scopes
 * @param groups the base group override, or empty to leave groups as Cognito has them
 * @param rules conditional overlays, in file order
 * @param limits size limits per token
 * @param onError what to do when a value cannot be evaluated or converted
 * @param timeout the time all lookups of one sign-in may take together
 * @param fingerprint which mapping this plan was compiled from: {@code sha256:} and the first 12
 *     hex digits of the SHA-256 of the document as written (before placeholders) in compact JSON,
 *     so a YAML file and its checked JSON form share it; the summary line's {@code mappingVersion}
 *     for a mapping from a file
 */
public record MappingPlan(
    List<SourcePlan> sources,
    TokenPlan idToken,
    TokenPlan accessToken,
    ScopePlan scopes,
    Optional<GroupPlan> groups,
    List<RulePlan> rules,
    Limits limits,
    Policy onError,
    java.time.Duration timeout,
    String fingerprint) {

  /**
   * The lookup deadline when the file sets none: a slow table still leaves most of Cognito's 5 s.
   */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMillis(1000);

  public MappingPlan {
    sources = List.copyOf(sources);
    Objects.requireNonNull(idToken, "idToken");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(groups, "groups");
    rules = List.copyOf(rules);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(onError, "onError");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** The fingerprint of a mapping's text, as {@link #fingerprint()} holds it. */
  public static String fingerprintOf(String text) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(digest, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** True when the plan customizes the access token (claims or scopes), which V1 events cannot. */
  public boolean customizesAccessToken() {
    return !accessToken.claims().isEmpty()
        || !accessToken.suppress().isEmpty()
        || !scopes.isEmpty()
        || rules.stream()
            .anyMatch(
                r ->
                    !r.accessToken().claims().isEmpty()
                        || !r.accessToken().suppress().isEmpty()
                        || !r.scopes().isEmpty());
  }

  /**
   * The lookups for an event: the base sources, changed by the rules that change sources and whose
   * condition holds. Those conditions read only the event.
   *
   * @param envelope {@code {"event": ...}}
   */
  public List<SourcePlan> sourcesFor(JsonNode envelope) {
    Map<String, SourcePlan> effective = new LinkedHashMap<>();
    sources.forEach(s -> effective.put(s.name(), s));
    for (RulePlan rule : rules) {
      if (!rule.sources().isEmpty() && holds(rule, envelope)) {
        effective.putAll(rule.sources());
      }
    }
    return List.copyOf(effective.values());
  }

  /**
   * Evaluates the plan over {@code {"event": ..., "item": ..., <source>: ...}}.
   *
   * @throws MappingDenied when a required claim is missing, or an evaluation error meets {@code
   *     onError: deny}
   */
  public Overrides apply(JsonNode envelope, EventFacts facts) {
    return apply(envelope, facts, Trace.NONE);
  }

  /** As {@link #apply(JsonNode, EventFacts)}, reporting every decision to {@code trace}. */
  public Overrides apply(JsonNode envelope, EventFacts facts, Trace trace) {
    List<RulePlan> matched = new ArrayList<>();
    for (RulePlan rule : rules) {
      boolean holds = holds(rule, envelope);
      if (trace.enabled()) {
        trace.step(
            rule.path(),
            holds ? Trace.Outcome.APPLIED : Trace.Outcome.SKIPPED,
            (holds ? "when holds: " : "when does not hold: ") + rule.when().expression().text());
      }
      if (holds) {
        matched.add(rule);
      }
    }
    Evaluation evaluation = new Evaluation(trace);
    return evaluation.run(envelope, facts, matched);
  }

  /**
   * Whether a rule applies; a condition that cannot be decided denies (a skipped rule could widen).
   */
  private static boolean holds(RulePlan rule, JsonNode envelope) {
    try {
      return rule.when().test(envelope);
    } catch (EvaluationException e) {
      throw new MappingDenied(
          rule.path() + ".when", e.getMessage(), DenialReason.RULE_DENIED, true);
    }
  }

  /** The bytes added claims take as compact JSON (as strings for version 1 events). */
  public static int claimBytes(Map<String, JsonNode> claims, boolean asStrings) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    claims.forEach(
        (name, value) -> object.set(name, asStrings ? ValueText.asClaimString(value) : value));
    return Json.compact(object).getBytes(StandardCharsets.UTF_8).length;
  }

  /** One evaluation: the trace and the warnings travel with it. */
  private final class Evaluation {
    private final Trace trace;
    private final List<String> warnings = new ArrayList<>();

    Evaluation(Trace trace) {
      this.trace = trace;
    }

    Overrides run(JsonNode envelope, EventFacts facts, List<RulePlan> matched) {
      Targets targets = facts.targets();
      Overrides.Claims id = Overrides.Claims.NONE;
      if (targets.idToken()) {
        id = claims(idToken, matched, true, envelope, null);
        id = limit(id, limits.idTokenClaimBytes(), "$.limits.maxClaimBytes.idToken", targets);
      }
      Overrides.Claims access = Overrides.Claims.NONE;
      Overrides.Scopes scopeOverrides = Overrides.Scopes.NONE;
      if (targets.accessToken()) {
        access = claims(accessToken, matched, false, envelope, facts.clientId());
        access =
            limit(
                access,
                limits.accessTokenClaimBytes(),
                "$.limits.maxClaimBytes.accessToken",
                targets);
        ScopePlan effective = scopes;
        for (RulePlan rule : matched) {
          effective = effective.with(rule.scopes());
        }
        scopeOverrides = scopes(effective, envelope);
      }
      Optional<Overrides.Groups> groupOverrides = Optional.empty();
      if (targets.groups()) {
        Optional<GroupPlan> effective = groups;
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
      base.claims().forEach(c -> rulesByName.put(c.name(), c));
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
          Optional<JsonNode> value = rule.evaluate(envelope);
          if (value.isPresent()
              && !idTokenSide
              && "aud".equals(rule.name())
              && (audience == null
                  || audience.isEmpty()
                  || !value.get().isTextual()
                  || !audience.equals(value.get().textValue()))) {
            throw new EvaluationException(
                "an access token 'aud' claim must equal the app client id");
          }
          if (value.isPresent()) {
            add.put(rule.name(), value.get());
            boolean defaulted =
                rule.value() != null
                    && rule.defaultValue() != null
                    && value.get() == rule.defaultValue();
            if (trace.enabled()) {
              trace.step(
                  rule.path(),
                  defaulted ? Trace.Outcome.DEFAULTED : Trace.Outcome.APPLIED,
                  (defaulted ? "no value, default " : "= ") + Json.compact(value.get()));
            }
          } else {
            trace.step(rule.path(), Trace.Outcome.OMITTED, "no value: left out");
          }
        } catch (EvaluationException e) {
          onError(rule.path(), e);
        } catch (MappingDenied e) {
          trace.step(e.path(), Trace.Outcome.DENIED, e.getMessage());
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
      int bytes = claimBytes(claims.add(), targets.stringClaims());
      if (bytes <= max.getAsInt()) {
        return claims;
      }
      onError(
          path,
          new EvaluationException(
              "the added claims take "
                  + bytes
                  + " bytes, more than the limit of "
                  + max.getAsInt()));
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
                source.path()
                    + ": left out "
                    + refused
                    + " scope(s) from data not matched by allow");
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
     * The group override. Each part is evaluated on its own; one that fails contributes nothing
     * (with {@code onError: continue}) while the filters still apply to what remains, so a failure
     * removes what it would have added and never lets through what a filter drops.
     */
    private Optional<Overrides.Groups> groups(
        GroupPlan plan, JsonNode envelope, Overrides.Groups current) {
      String path = plan.path();
      Set<String> names =
          new LinkedHashSet<>(
              part(
                  path + ".groups",
                  List.of(),
                  () -> listOr(plan.groups(), envelope, current.groups(), "groups")));
      if (plan.add() != null) {
        names.addAll(
            part(
                path + ".add",
                List.of(),
                () -> strings(plan.add().evaluate(envelope), "groups.add")));
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
              path + ".iamRoles",
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
            path + ".iamRoles: left out " + notArns + " value(s) that are not IAM role ARNs");
      }
      String preferred =
          part(path + ".preferredRole", null, () -> preferredRole(plan, envelope, current));
      if (preferred != null && !roles.contains(preferred)) {
        // a preferred role outside the roles sent would grant what keepRoles or the ARN check
        // dropped
        warnings.add(path + ".preferredRole: left out, it is not among the roles sent");
        preferred = null;
      }
      if (trace.enabled()) {
        trace.step(
            path,
            Trace.Outcome.APPLIED,
            "groups overridden: " + names.size() + " group(s), " + roles.size() + " role(s)");
      }
      return Optional.of(new Overrides.Groups(new ArrayList<>(names), roles, preferred));
    }

    private static String preferredRole(
        GroupPlan plan, JsonNode envelope, Overrides.Groups current) {
      JsonNode value =
          plan.preferredRole() == null ? null : plan.preferredRole().evaluate(envelope);
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
    private <T> T part(String path, T nothing, java.util.function.Supplier<T> evaluate) {
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
      if (onError != Policy.CONTINUE) {
        trace.step(
            path, Trace.Outcome.DENIED, e.getMessage() + " (onError: " + onError.yamlName() + ")");
        throw new MappingDenied(path, e.getMessage(), DenialReason.EVALUATION_FAILED, true);
      }
      trace.step(path, Trace.Outcome.FAILED, e.getMessage() + " (onError: continue)");
      warnings.add(path + ": " + e.getMessage());
    }
  }
}
