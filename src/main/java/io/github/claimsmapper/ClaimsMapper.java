package io.github.claimsmapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cognito.CognitoEvent;
import io.github.claimsmapper.cognito.CognitoResponse;
import io.github.claimsmapper.cognito.EventVersion;
import io.github.claimsmapper.cognito.InvalidEventException;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.Json;
import io.github.claimsmapper.engine.MappingDenied;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Overrides;
import io.github.claimsmapper.engine.Policy;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.engine.Template;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.SourceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Event in, response out: builds the key, reads the item, applies the plan and writes the
 * response for the event's version. The Lambda handler and the {@code render} command both call
 * this, so a dry run is exactly what the function returns. Thread-safe.
 */
public final class ClaimsMapper {
  private final MappingPlan plan;
  private final ItemSource items;
  private final Log log;
  private final AtomicBoolean warnedAboutV1 = new AtomicBoolean();

  /**
   * @param plan the compiled mapping
   * @param items where the item comes from (not called when the plan has no source)
   * @param log where outcomes are reported
   */
  public ClaimsMapper(MappingPlan plan, ItemSource items, Log log) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.items = Objects.requireNonNull(items, "items");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Answers one event.
   *
   * @param event the event as parsed JSON (it is filled in and returned)
   * @param reference a correlation id for this invocation (the Lambda request id)
   * @return the whole event with {@code response} filled in
   * @throws SignInDenied when the sign-in must fail; the reason is logged with the reference
   */
  public ObjectNode respond(JsonNode event, String reference) {
    try {
      CognitoEvent cognito = CognitoEvent.of(event);
      if (cognito.version() == EventVersion.V1 && plan.customizesAccessToken() && !warnedAboutV1.getAndSet(true)) {
        log.write(Log.Level.WARN, "version 1 events have no access token: accessToken claims and scopes are skipped for them");
      }
      ObjectNode envelope = Json.MAPPER.createObjectNode();
      envelope.set("event", cognito.json());
      envelope.set("item", plan.source().map(source -> item(source, envelope, reference)).orElse(NullNode.getInstance()));
      Overrides overrides = plan.apply(envelope, cognito.targets());
      overrides.warnings().forEach(w -> log.write(Log.Level.WARN, "ref " + reference + ": " + w));
      return CognitoResponse.fill(cognito, overrides);
    } catch (MappingDenied denied) {
      log.write(Log.Level.ERROR, "ref " + reference + ": sign-in denied at " + denied.path() + ": " + denied.getMessage());
      throw new SignInDenied(reference);
    } catch (InvalidEventException invalid) {
      log.write(Log.Level.ERROR, "ref " + reference + ": sign-in denied: " + invalid.getMessage());
      throw new SignInDenied(reference);
    }
  }

  private JsonNode item(SourcePlan source, JsonNode envelope, String reference) {
    Map<String, JsonNode> key = new LinkedHashMap<>();
    for (Map.Entry<String, Template> attribute : source.key().entrySet()) {
      String path = source.path() + ".key." + attribute.getKey();
      JsonNode value;
      try {
        value = attribute.getValue().render(envelope);
      } catch (EvaluationException e) {
        return failed(source, path, e.getMessage(), reference);
      }
      if (value.isNull() || value.isMissingNode()) {
        return missing(source, path + ": the key cannot be built, the event lacks a value it needs", reference);
      }
      if (!value.isTextual() && !value.isNumber()) {
        return failed(source, path, "a key value must be a string or a number", reference);
      }
      key.put(attribute.getKey(), value);
    }
    Optional<ObjectNode> item;
    try {
      item = items.find(new ItemRequest(source.table(), key, source.consistentRead(), source.attributes()));
    } catch (SourceException e) {
      return failed(source, source.path(), e.getMessage(), reference);
    }
    if (item.isEmpty()) {
      return missing(source, source.path() + ": no item for the key", reference);
    }
    return item.get();
  }

  private JsonNode missing(SourcePlan source, String what, String reference) {
    if (source.onMissing() == Policy.DENY) {
      throw new MappingDenied(source.path() + ".onMissing", what);
    }
    log.write(Log.Level.INFO, "ref " + reference + ": " + what + " (onMissing: continue)");
    return NullNode.getInstance();
  }

  private JsonNode failed(SourcePlan source, String path, String reason, String reference) {
    if (source.onError() == Policy.DENY) {
      throw new MappingDenied(path, reason);
    }
    log.write(Log.Level.WARN, "ref " + reference + ": " + path + ": " + reason + " (onError: continue)");
    return NullNode.getInstance();
  }
}
