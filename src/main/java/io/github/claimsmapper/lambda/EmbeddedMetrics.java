package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.CacheOutcome;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CloudWatch embedded metric format (EMF) members of the per-invocation summary line, so
 * CloudWatch extracts metrics from the log without an agent, a client library or an API call.
 *
 * <p>The contract (alarms and dashboards depend on it): namespace {@code METRICS_NAMESPACE}
 * (default {@value #DEFAULT_NAMESPACE}), one dimension {@code FunctionName} (Lambda's {@code
 * AWS_LAMBDA_FUNCTION_NAME}, {@value #LOCAL_FUNCTION} outside Lambda), and per invocation the
 * counts {@code SignInsAllowed}, {@code SignInsDenied} (every denial), split into {@code
 * DeniedByMapping} (denials the mapping asks for: no item with {@code onMissing: deny}, a required
 * claim without value, a rule that cannot be decided) and {@code SignInFailures} (a lookup, an
 * evaluation, the event or the function failed: what the alarms watch), {@code LookupErrors},
 * {@code StaleItemsServed}, {@code CacheHits} (each 0 or 1), {@code LookupLatency} (ms) and {@code
 * ClaimBytes}. Values are counts and sizes only: nothing of a user reaches a metric.
 *
 * <p>A second directive counts {@code SignInsAllowed}, {@code SignInsDenied} and {@code
 * SignInFailures} again per {@code FunctionName} and {@code TriggerSource} (Cognito's trigger
 * source without its {@code TokenGeneration_} prefix: {@code Authentication}, {@code
 * RefreshTokens}, {@code ClientCredentials}, ...; {@code Other} for anything else), so sign-ins,
 * refreshes and machine-to-machine calls can be told apart.
 *
 * <p>A mapping read from AppConfig ({@code CLAIMS_CONFIG=appconfig:...}) adds {@code
 * MappingRefreshFailures} (a check could not read the extension) and {@code
 * MappingVersionsRejected} (a check found a version that does not compile: the alarm that rolls the
 * AppConfig deployment back watches it); a shadow mapping ({@code CLAIMS_SHADOW_CONFIG}) adds
 * {@code ShadowDifferences} (the shadow would have answered this sign-in differently) and {@code
 * ShadowErrors} (it failed or ran out of budget). Each is 0 or 1 per invocation. Functions without
 * them write the line as before.
 *
 * <p>The directive does not change between invocations, so it is rendered once; each line then
 * costs a timestamp and seven numbers written into the generator the summary line is written with.
 */
public final class EmbeddedMetrics {
  public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";
  public static final String DEFAULT_NAMESPACE = "CognitoClaimsMapper";
  public static final String DIMENSION = "FunctionName";
  public static final String TRIGGER_DIMENSION = "TriggerSource";

  /** The trigger sources of a pre token generation event (the dimension's values). */
  static final java.util.Set<String> TRIGGER_SOURCES =
      java.util.Set.of(
          "HostedAuth",
          "Authentication",
          "NewPasswordChallenge",
          "AuthenticateDevice",
          "RefreshTokens",
          "ClientCredentials");

  static final String OTHER_TRIGGER = "Other";
  private static final String TRIGGER_PREFIX = "TokenGeneration_";
  static final String FUNCTION_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";
  static final String LOCAL_FUNCTION = "local";

  /** A metric and its CloudWatch unit. */
  record Metric(String name, String unit) {}

  /** Every metric of the line, in the order they are written. */
  static final List<Metric> METRICS =
      List.of(
          new Metric("SignInsAllowed", "Count"),
          new Metric("SignInsDenied", "Count"),
          new Metric("DeniedByMapping", "Count"),
          new Metric("SignInFailures", "Count"),
          new Metric("LookupErrors", "Count"),
          new Metric("StaleItemsServed", "Count"),
          new Metric("CacheHits", "Count"),
          new Metric("LookupLatency", "Milliseconds"),
          new Metric("ClaimBytes", "Bytes"));

  /** Counted again per trigger source. */
  static final List<Metric> TRIGGER_METRICS =
      List.of(
          new Metric("SignInsAllowed", "Count"),
          new Metric("SignInsDenied", "Count"),
          new Metric("SignInFailures", "Count"));

  /** Added when the mapping is read from AppConfig. */
  static final List<Metric> LIVE_METRICS =
      List.of(
          new Metric("MappingRefreshFailures", "Count"),
          new Metric("MappingVersionsRejected", "Count"));

  /** Added when a shadow mapping is set. */
  static final List<Metric> SHADOW_METRICS =
      List.of(new Metric("ShadowDifferences", "Count"), new Metric("ShadowErrors", "Count"));

  static final String CONFIG_VARIABLE = "CLAIMS_CONFIG";
  static final String SHADOW_VARIABLE = "CLAIMS_SHADOW_CONFIG";

  /**
   * CloudWatch's namespace rule: up to 255 of letters, digits, {@code . - _ / # :} and space, at
   * least one that is not a space, not starting with a colon, and {@code AWS/} is reserved.
   */
  private static final Pattern NAMESPACE =
      Pattern.compile("(?!AWS/)(?!:)(?=.*[^ ])[A-Za-z0-9._/#: -]{1,255}");

  private final String namespace;
  private final String functionName;
  private final String directive;
  private final Optional<String> problem;
  private final boolean live;
  private final boolean shadow;

  private EmbeddedMetrics(
      String namespace, String functionName, Optional<String> problem, Map<String, String> env) {
    this.namespace = namespace;
    this.functionName = functionName;
    this.problem = problem;
    this.live = env.getOrDefault(CONFIG_VARIABLE, "").startsWith(AppConfigProfile.PREFIX);
    this.shadow = !env.getOrDefault(SHADOW_VARIABLE, "").isBlank();
    ObjectNode directive = Json.MAPPER.createObjectNode();
    directive.put("Namespace", namespace);
    directive.putArray("Dimensions").addArray().add(DIMENSION);
    ArrayNode metrics = directive.putArray("Metrics");
    metrics().forEach(m -> metrics.addObject().put("Name", m.name()).put("Unit", m.unit()));
    ObjectNode byTrigger = Json.MAPPER.createObjectNode();
    byTrigger.put("Namespace", namespace);
    byTrigger.putArray("Dimensions").addArray().add(DIMENSION).add(TRIGGER_DIMENSION);
    ArrayNode triggerMetrics = byTrigger.putArray("Metrics");
    TRIGGER_METRICS.forEach(
        m -> triggerMetrics.addObject().put("Name", m.name()).put("Unit", m.unit()));
    this.directive = "[" + Json.compact(directive) + "," + Json.compact(byTrigger) + "]";
  }

  /**
   * Reads the namespace and function name from the environment. A namespace CloudWatch would refuse
   * is replaced by the default (see {@link #problem()}): a metrics setting never stops sign-ins.
   */
  public static EmbeddedMetrics from(Map<String, String> env) {
    String function = env.getOrDefault(FUNCTION_VARIABLE, "");
    if (function.isBlank()) {
      function = LOCAL_FUNCTION;
    }
    String namespace = env.get(NAMESPACE_VARIABLE);
    if (namespace == null || namespace.isEmpty()) {
      return new EmbeddedMetrics(DEFAULT_NAMESPACE, function, Optional.empty(), env);
    }
    if (!NAMESPACE.matcher(namespace).matches()) {
      return new EmbeddedMetrics(
          DEFAULT_NAMESPACE,
          function,
          Optional.of(
              NAMESPACE_VARIABLE
                  + " is not a CloudWatch namespace (up to 255 of letters, digits, . - _ / # : and"
                  + " space, not starting with AWS/ or a colon): metrics go to "
                  + DEFAULT_NAMESPACE),
          env);
    }
    return new EmbeddedMetrics(namespace, function, Optional.empty(), env);
  }

  /**
   * The {@code TriggerSource} dimension's value: one of a known few, so an event cannot create
   * metrics of its own choosing.
   */
  static String triggerDimension(String triggerSource) {
    if (triggerSource != null && triggerSource.startsWith(TRIGGER_PREFIX)) {
      String name = triggerSource.substring(TRIGGER_PREFIX.length());
      if (TRIGGER_SOURCES.contains(name)) {
        return name;
      }
    }
    return OTHER_TRIGGER;
  }

  /** Every metric this function's lines carry, in order. */
  List<Metric> metrics() {
    List<Metric> all = new java.util.ArrayList<>(METRICS);
    if (live) {
      all.addAll(LIVE_METRICS);
    }
    if (shadow) {
      all.addAll(SHADOW_METRICS);
    }
    return List.copyOf(all);
  }

  /** The namespace metrics go to. */
  public String namespace() {
    return namespace;
  }

  /** The value of the {@code FunctionName} dimension. */
  public String functionName() {
    return functionName;
  }

  /** Why the configured namespace was not used, to be logged once at start. */
  public Optional<String> problem() {
    return problem;
  }

  /**
   * Writes {@code _aws} and the target members (the dimension and every metric) into the object the
   * generator is in.
   *
   * @param timestampMillis when the invocation ended, in ms since the epoch
   */
  public void write(JsonGenerator line, Invocation invocation, long timestampMillis)
      throws IOException {
    write(line, invocation, MappingStatus.NONE, timestampMillis);
  }

  /** As {@link #write(JsonGenerator, Invocation, long)}, with the AppConfig and shadow metrics. */
  void write(JsonGenerator line, Invocation invocation, MappingStatus status, long timestampMillis)
      throws IOException {
    line.writeObjectFieldStart("_aws");
    line.writeNumberField("Timestamp", timestampMillis);
    line.writeFieldName("CloudWatchMetrics");
    line.writeRawValue(directive);
    line.writeEndObject();
    line.writeStringField(DIMENSION, functionName);
    line.writeStringField(TRIGGER_DIMENSION, triggerDimension(invocation.triggerSource()));
    boolean allowed = invocation.outcome() == Invocation.Outcome.ALLOWED;
    boolean asked = !allowed && invocation.reason() != null && invocation.reason().asked();
    line.writeNumberField("SignInsAllowed", allowed ? 1 : 0);
    line.writeNumberField("SignInsDenied", allowed ? 0 : 1);
    line.writeNumberField("DeniedByMapping", asked ? 1 : 0);
    line.writeNumberField("SignInFailures", allowed || asked ? 0 : 1);
    line.writeNumberField("LookupErrors", invocation.lookupErrors() > 0 ? 1 : 0);
    line.writeNumberField("StaleItemsServed", invocation.cache() == CacheOutcome.STALE ? 1 : 0);
    line.writeNumberField("CacheHits", invocation.cache() == CacheOutcome.HIT ? 1 : 0);
    line.writeNumberField("LookupLatency", invocation.lookupMillis());
    line.writeNumberField("ClaimBytes", invocation.claimBytes());
    if (live) {
      line.writeNumberField(
          "MappingRefreshFailures", status.refresh() == LiveMapping.Refresh.FAILED ? 1 : 0);
      line.writeNumberField(
          "MappingVersionsRejected", status.refresh() == LiveMapping.Refresh.REJECTED ? 1 : 0);
    }
    if (shadow) {
      line.writeNumberField(
          "ShadowDifferences", status.shadow() != null && status.shadow().differs() ? 1 : 0);
      line.writeNumberField(
          "ShadowErrors", status.shadow() != null && status.shadow().failed() ? 1 : 0);
    }
  }
}
