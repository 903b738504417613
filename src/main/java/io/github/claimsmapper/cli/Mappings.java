package io.github.claimsmapper.cli;

import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads a mapping for a command that runs it, printing its diagnostics to standard error. */
final class Mappings {
  private Mappings() {}

  /**
   * @param consequence what an invalid file means here, for the last line ({@code the function
   *     would not start})
   * @param exitCode the exit code of an invalid file
   */
  static MappingPlan load(
      MappingLoader loader, Path file, PrintWriter err, String consequence, int exitCode)
      throws CommandFailure {
    return loadResult(loader, file, err, consequence, exitCode).plan();
  }

  /**
   * As {@link #load}, keeping what the loader knows of the file (where each path of the plan
   * stands).
   */
  static MappingLoader.Result loadResult(
      MappingLoader loader, Path file, PrintWriter err, String consequence, int exitCode)
      throws CommandFailure {
    try {
      MappingLoader.Result loaded = loader.load(file);
      loaded.warnings().forEach(w -> err.println(w.format()));
      return loaded;
    } catch (ConfigException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      long errors =
          e.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
      throw new CommandFailure(exitCode, file + ": " + errors + " error(s): " + consequence);
    }
  }
}
