package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.engine.Json;
import java.io.PrintStream;
import java.time.Instant;

/** One JSON object per line, in the shape of Lambda's JSON log format (timestamp, level, message). */
final class JsonLineLog implements Log {
  private final Level least;
  private final PrintStream out;

  JsonLineLog(Level least, PrintStream out) {
    this.least = least;
    this.out = out;
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
    Level level = "allowed".equals(invocation.outcome()) ? Level.INFO : Level.WARN;
    if (level.compareTo(least) < 0) {
      return;
    }
    ObjectNode line = line(level, "invocation " + invocation.outcome());
    line.put("requestId", invocation.reference());
    line.put("triggerSource", invocation.triggerSource());
    line.put("clientId", invocation.clientId());
    line.put("eventVersion", invocation.version());
    line.put("outcome", invocation.outcome());
    ObjectNode claims = line.putObject("claimsAdded");
    invocation.idTokenClaims().forEach(claims.putArray("idToken")::add);
    invocation.accessTokenClaims().forEach(claims.putArray("accessToken")::add);
    line.put("scopesAdded", invocation.scopesAdded());
    line.put("groupsOverridden", invocation.groupsOverridden());
    line.put("lookups", invocation.lookups());
    line.put("lookupMs", invocation.lookupMillis());
    line.put("cache", invocation.cache());
    out.println(Json.compact(line));
  }

  private static ObjectNode line(Level level, String message) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level.name());
    line.put("message", message);
    return line;
  }
}
