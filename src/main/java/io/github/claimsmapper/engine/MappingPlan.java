package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(1);

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
    if (!accessToken.claims().isEmpty() || !accessToken.suppress().isEmpty() || !scopes.isEmpty()) {
      return true;
    }
    for (RulePlan r : rules) {
      if (!r.accessToken().claims().isEmpty()
          || !r.accessToken().suppress().isEmpty()
          || !r.scopes().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The lookups for an event: the base sources, changed by the rules that change sources and whose
   * condition holds. Those conditions read only the event.
   *
   * @param envelope {@code {"event": ...}}
   */
  public List<SourcePlan> sourcesFor(JsonNode envelope) {
    Map<String, SourcePlan> effective = new LinkedHashMap<>();
    for (SourcePlan source : sources) {
      effective.put(source.name(), source);
    }
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
    return new PlanEvaluation(this, trace).run(envelope, facts, matched);
  }

  /**
   * Whether a rule applies; a condition that cannot be decided denies (a skipped rule could widen).
   */
  private static boolean holds(RulePlan rule, JsonNode envelope) {
    try {
      return rule.when().test(envelope);
    } catch (EvaluationException e) {
      throw new MappingDenied(rule.when().path(), e.getMessage(), DenialReason.RULE_DENIED, true);
    }
  }

  /** The bytes added claims take as compact JSON (as strings for version 1 events). */
  public static int claimBytes(Map<String, JsonNode> claims, boolean asStrings) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    claims.forEach(
        (name, value) -> object.set(name, asStrings ? ValueText.asClaimString(value) : value));
    return Json.compact(object).getBytes(StandardCharsets.UTF_8).length;
  }
}
