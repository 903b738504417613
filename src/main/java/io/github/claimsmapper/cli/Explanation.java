package io.github.claimsmapper.cli;

import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.engine.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The {@code render --explain} lines: one per step of the evaluation, in the order the function
 * took them, each pointing at the rule in the mapping file: {@code file:line:column: PATH: OUTCOME:
 * detail}, for example {@code config/multi-tenant.yaml:62:5: $.rules[1]: skipped: when does not
 * hold: ...}. On a denial the steps stop where the function stopped, and a last line names the
 * denial when no step did.
 */
final class Explanation {
  private Explanation() {}

  /**
   * @param outcome what the function did, with its steps
   * @param locate a mapping path to {@code file:line:column} ({@code MappingLoader.Result::locate})
   */
  static List<String> lines(Outcome outcome, UnaryOperator<String> locate) {
    List<String> lines = new ArrayList<>();
    for (Outcome.Step step : outcome.steps()) {
      lines.add(line(locate, step.path(), step.outcome(), step.detail()));
    }
    boolean shown =
        !outcome.steps().isEmpty()
            && outcome.steps().get(outcome.steps().size() - 1).outcome() == Trace.Outcome.DENIED;
    if (outcome.denied() && !shown) {
      SignInDenied denial = outcome.denial();
      lines.add(
          denial
              .path()
              .map(path -> line(locate, path, Trace.Outcome.DENIED, denial.reason()))
              .orElse("denied: " + denial.reason()));
    }
    return lines;
  }

  static String line(
      UnaryOperator<String> locate, String path, Trace.Outcome outcome, String detail) {
    return locate.apply(path)
        + ": "
        + path
        + ": "
        + outcome.name().toLowerCase(Locale.ROOT)
        + ": "
        + detail;
  }
}
