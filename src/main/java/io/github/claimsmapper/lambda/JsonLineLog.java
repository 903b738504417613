package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per line, in the shape of Lambda's JSON log format (timestamp, level, message).
 */
final class JsonLineLog implements Log {
  /**
   * {@code LOG_USER_SUB}: {@code false} leaves the user's {@code sub} off the summary line; any
   * other value, or none, writes it (docs/operations.md).
   */
  static final String SUB_VARIABLE = "LOG_USER_SUB";

  /**
   * What a Cognito sub looks like (a UUID; letters, digits and hyphens, bounded): anything else in
   * an event's {@code sub} is not written, so an odd event cannot put other text into the log.
   */
  static final java.util.regex.Pattern SUB_FORM =
      java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,128}");

  private final Level least;
  private final PrintStream out;
  private final EmbeddedMetrics metrics;
  private final boolean logSub;

  /**
   * The summary line also carries {@code metrics} (CloudWatch embedded metric format), and the
   * user's {@code sub} unless {@code LOG_USER_SUB} is {@code false}.
   */
  JsonLineLog(Level least, PrintStream out, EmbeddedMetrics metrics, Map<String, String> env) {
    this.least = least;
    this.out = out;
    this.metrics = metrics;
    this.logSub = !"false".equalsIgnoreCase(env.getOrDefault(SUB_VARIABLE, "true").trim());
  }

  @Override
  public void write(Level level, String message) {
    if (level.compareTo(least) < 0) {
      return;
    }
    out.println(Json.compact(line(level, message)));
  }

  /** The one line per invocation: what happened, with names and counts only. */
  void invocation(Invocation invocation) {
    invocation(invocation, MappingStatus.NONE);
  }

  /**
   * As {@link #invocation(Invocation)}, with the AppConfig version, its refresh and the shadow's
   * verdict.
   */
  void invocation(Invocation invocation, MappingStatus status) {
    Level level = invocation.outcome() == Invocation.Outcome.ALLOWED ? Level.INFO : Level.WARN;
    if (level.compareTo(least) < 0) {
      return;
    }
    Instant now = Instant.now();
    StringWriter text = new StringWriter(512);
    try (JsonGenerator line = Json.MAPPER.getFactory().createGenerator(text)) {
      line.writeStartObject();
      line.writeStringField("timestamp", now.toString());
      line.writeStringField("level", level.name());
      line.writeStringField("message", "invocation " + invocation.outcome().word());
      line.writeStringField("requestId", invocation.reference());
      if (logSub && invocation.sub() != null && SUB_FORM.matcher(invocation.sub()).matches()) {
        line.writeStringField("sub", invocation.sub());
      }
      line.writeStringField("triggerSource", invocation.triggerSource());
      line.writeStringField("clientId", invocation.clientId());
      line.writeStringField("eventVersion", invocation.version());
      line.writeStringField("outcome", invocation.outcome().word());
      if (invocation.reason() != null) {
        line.writeStringField("reason", invocation.reason().word());
      }
      line.writeObjectFieldStart("claimsAdded");
      stringArray(line, "idToken", invocation.idTokenClaims());
      stringArray(line, "accessToken", invocation.accessTokenClaims());
      line.writeEndObject();
      line.writeNumberField("scopesAdded", invocation.scopesAdded());
      line.writeBooleanField("groupsOverridden", invocation.groupsOverridden());
      line.writeNumberField("lookups", invocation.lookups());
      line.writeNumberField("lookupMs", invocation.lookupMillis());
      line.writeStringField("cache", invocation.cache().word());
      mapping(line, invocation, status);
      // ----
      metrics.write(line, invocation, status, now.toEpochMilli());
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a string writer does not fail", e);
    }
    out.println(text);
  }

  /**
   * The fields of the mapping that served: the AppConfig version and what its check did when the
   * mapping comes from AppConfig, else the text's fingerprint; and the shadow's verdict, if any.
   */
  private static void mapping(JsonGenerator line, Invocation invocation, MappingStatus status)
      throws IOException {
    if (status.refresh() != null) {
      line.writeStringField("mappingVersion", status.version());
      line.writeStringField("mappingRefresh", status.refresh().word());
    } else {
      line.writeStringField("mappingVersion", invocation.mappingVersion());
    }
    if (status.shadow() != null) {
      line.writeStringField("shadow", status.shadow().result().word());
      stringArray(line, "shadowDifferences", status.shadow().differences());
    }
  }

  private static void stringArray(JsonGenerator line, String name, List<String> values)
      throws IOException {
    line.writeArrayFieldStart(name);
    for (String value : values) {
      line.writeString(value);
    }
    line.writeEndArray();
  }

  private static ObjectNode line(Level level, String message) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level.name());
    line.put("message", message);
    return line;
  }
}
