package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.source.ItemSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the function does with one event, as the façade computes it: the response, or a denial
 * with its reason; plus the log lines written on the way ({@code LEVEL message}) and the steps of
 * the evaluation (for {@code render --explain}).
 *
 * @param response the whole event with its response, or null when the sign-in is denied
 * @param denial why the sign-in is denied (the log's reason: rule path and kind of failure), or null
 * @param userMessage what Cognito would show the user when denied, or null
 * @param log the log lines, in order
 * @param steps what evaluation decided, step by step, up to the denial if there is one
 */
record Outcome(ObjectNode response, String denial, String userMessage, List<String> log, List<Step> steps) {
  private static final String DENIED_AT = "sign-in denied at ";

  Outcome {
    log = List.copyOf(log);
    steps = List.copyOf(steps);
  }

  /** One step of the evaluation, as the engine reports it to its {@link Trace}. */
  record Step(String path, Trace.Outcome outcome, String detail) {}

  boolean denied() {
    return response == null;
  }

  /**
   * Where the sign-in was denied: the mapping path the denial names ({@code $.source.onMissing}),
   * or null when it names none (an event that is not an object) or the sign-in is allowed.
   */
  String denialPath() {
    if (denial == null || !denial.startsWith(DENIED_AT)) {
      return null;
    }
    int end = pathEnd(denial, DENIED_AT.length());
    return end < 0 ? null : denial.substring(DENIED_AT.length(), end);
  }

  /** The denial's reason without the path ({@code $.source: no item for the key}), or null when allowed. */
  String denialReason() {
    if (denial == null) {
      return null;
    }
    String path = denialPath();
    if (path != null) {
      return denial.substring(DENIED_AT.length() + path.length() + 2);
    }
    return denial.startsWith("sign-in denied: ") ? denial.substring("sign-in denied: ".length()) : denial;
  }

  /**
   * The end of a mapping path ({@code $}, then {@code .name}, {@code [0]} or {@code ['any\'name']}
   * parts) that starts at {@code from} and is followed by {@code ": "}; -1 when there is none.
   */
  static int pathEnd(String text, int from) {
    if (!text.startsWith("$", from)) {
      return -1;
    }
    int i = from + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        if (i == start) {
          return -1;
        }
      } else if (text.startsWith("['", i)) {
        i += 2;
        while (i < text.length() && !text.startsWith("']", i)) {
          i += text.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= text.length()) {
          return -1;
        }
        i += 2;
      } else if (c == '[') {
        int start = ++i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
        if (i == start || i >= text.length() || text.charAt(i) != ']') {
          return -1;
        }
        i++;
      } else {
        break;
      }
    }
    return text.startsWith(": ", i) ? i : -1;
  }

  /** Runs the façade on a copy of {@code event}; the reference tags the log lines. */
  static Outcome render(MappingPlan plan, ItemSource items, JsonNode event, String reference) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    List<Step> steps = Collections.synchronizedList(new ArrayList<>());
    Log log = (level, message) -> {
      lines.add(level + " " + message);
      if (level == Log.Level.ERROR) {
        errors.add(message);
      }
    };
    Trace trace = (path, outcome, detail) -> steps.add(new Step(path, outcome, detail));
    try {
      ObjectNode response = new ClaimsMapper(plan, items, log).respond(event.deepCopy(), reference, trace);
      return new Outcome(response, null, null, lines, steps);
    } catch (SignInDenied denied) {
      String reason = errors.isEmpty() ? "the sign-in is denied" : errors.get(errors.size() - 1);
      String prefix = "ref " + reference + ": ";
      if (reason.startsWith(prefix)) {
        reason = reason.substring(prefix.length());
      }
      return new Outcome(null, reason, denied.getMessage(), lines, steps);
    }
  }
}
