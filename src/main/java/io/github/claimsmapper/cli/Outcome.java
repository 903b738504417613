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
 * What the function does with one event, as the façade computes it: the response, or the denial
 * with its path and reason as data; plus the log lines written on the way ({@code LEVEL message})
 * and the steps of the evaluation (for {@code render --explain}).
 *
 * @param response the whole event with its response, or null when the sign-in is denied
 * @param denial the denial the façade threw, or null when the sign-in is allowed
 * @param log the log lines, in order
 * @param steps what evaluation decided, step by step, up to the denial if there is one
 */
record Outcome(ObjectNode response, SignInDenied denial, List<String> log, List<Step> steps) {
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
   * Why the sign-in is denied, as the log line says it ({@code sign-in denied at PATH: REASON});
   * null when allowed.
   */
  String explanation() {
    return denial == null ? null : denial.explanation();
  }

  /** What Cognito would show the user when denied, or null when allowed. */
  String userMessage() {
    return denial == null ? null : denial.getMessage();
  }

  /** Runs the façade on a copy of {@code event}; the reference tags the log lines. */
  static Outcome render(MappingPlan plan, ItemSource items, JsonNode event, String reference) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    List<Step> steps = Collections.synchronizedList(new ArrayList<>());
    Log log = (level, message) -> lines.add(level + " " + message);
    Trace trace = (path, outcome, detail) -> steps.add(new Step(path, outcome, detail));
    try {
      ObjectNode response =
          new ClaimsMapper(plan, items, log).respond(event.deepCopy(), reference, trace);
      return new Outcome(response, null, lines, steps);
    } catch (SignInDenied denied) {
      return new Outcome(null, denied, lines, steps);
    }
  }
}
