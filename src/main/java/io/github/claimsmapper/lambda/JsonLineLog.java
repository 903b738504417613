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

/**
 * One JSON object per line, in the shape of Lambda's JSON log format (timestamp, level, message).
 */
final class JsonLineLog implements Log {
  private final Level least;
  private final PrintStream out;
  private final EmbeddedMetrics metrics;

  /** The summary line also carries {@code metrics} (CloudWatch embedded metric format). */
  JsonLineLog(Level least, PrintStream out, EmbeddedMetrics metrics) {
    this.least = least;
    this.out = out;
    this.metrics = metrics;
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
      line.writeStringField("triggerSource", invocation.triggerSource());
      line.writeStringField("clientId", invocation.clientId());
      line.writeStringField("eventVersion", invocation.version());
      line.writeStringField("outcome", invocation.outcome().word());
      line.writeObjectFieldStart("claimsAdded");
      stringArray(line, "idToken", invocation.idTokenClaims());
      stringArray(line, "accessToken", invocation.accessTokenClaims());
      line.writeEndObject();
      line.writeNumberField("scopesAdded", invocation.scopesAdded());
      line.writeBooleanField("groupsOverridden", invocation.groupsOverridden());
      line.writeNumberField("lookups", invocation.lookups());
      line.writeNumberField("lookupMs", invocation.lookupMillis());
      line.writeStringField("cache", invocation.cache().word());
      // ---- AppConfig and shadow (issue 11): absent for a file mapping without a shadow
      if (status.refresh() != null) {
        line.writeStringField("mappingVersion", status.version());
        line.writeStringField("mappingRefresh", status.refresh().word());
      }
      if (status.shadow() != null) {
        line.writeStringField("shadow", status.shadow().result().word());
        stringArray(line, "shadowDifferences", status.shadow().differences());
      }
      // ----
      metrics.write(line, invocation, status, now.toEpochMilli());
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a string writer does not fail", e);
    }
    out.println(text);
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
