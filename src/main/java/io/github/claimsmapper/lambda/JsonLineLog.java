package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level.name());
    line.put("message", message);
    out.println(Json.compact(line));
  }
}
