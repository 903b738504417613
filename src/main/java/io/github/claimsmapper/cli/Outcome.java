package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.source.ItemSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the function does with one event, as the façade computes it: the response, or a denial
 * with its reason; plus the log lines written on the way ({@code LEVEL message}).
 *
 * @param response the whole event with its response, or null when the sign-in is denied
 * @param denial why the sign-in is denied (the log's reason: rule path and kind of failure), or null
 * @param userMessage what Cognito would show the user when denied, or null
 * @param log the log lines, in order
 */
record Outcome(ObjectNode response, String denial, String userMessage, List<String> log) {
  Outcome {
    log = List.copyOf(log);
  }

  boolean denied() {
    return response == null;
  }

  /** Runs the façade on a copy of {@code event}; the reference tags the log lines. */
  static Outcome render(MappingPlan plan, ItemSource items, JsonNode event, String reference) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    Log log = (level, message) -> {
      lines.add(level + " " + message);
      if (level == Log.Level.ERROR) {
        errors.add(message);
      }
    };
    try {
      ObjectNode response = new ClaimsMapper(plan, items, log).respond(event.deepCopy(), reference);
      return new Outcome(response, null, null, lines);
    } catch (SignInDenied denied) {
      String reason = errors.isEmpty() ? "the sign-in is denied" : errors.get(errors.size() - 1);
      String prefix = "ref " + reference + ": ";
      if (reason.startsWith(prefix)) {
        reason = reason.substring(prefix.length());
      }
      return new Outcome(null, reason, denied.getMessage(), lines);
    }
  }
}
