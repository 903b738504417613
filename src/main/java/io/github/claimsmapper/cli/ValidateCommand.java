package io.github.claimsmapper.cli;

import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.MappingLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks mapping files exactly as the Lambda does at init, reporting every problem. */
@Command(
    name = "validate",
    aliases = "validate-config",
    mixinStandardHelpOptions = true,
    description = "Checks mapping files as the function does at start-up and lists every problem as file:line:column: path: message.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every file is valid (warnings allowed)", "1:problems found", "2:usage error", "3:unexpected error"})
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Mapping files to check.")
  List<Path> files = new ArrayList<>();

  @Mixin EnvOptions env = new EnvOptions();

  @Override
  public Integer call() {
    MappingLoader loader = new MappingLoader(env.environment());
    int errors = 0;
    int warnings = 0;
    for (Path file : files) {
      List<Diagnostic> diagnostics;
      try {
        diagnostics = loader.load(file).warnings();
      } catch (ConfigException e) {
        diagnostics = e.diagnostics();
      }
      for (Diagnostic d : diagnostics) {
        spec.commandLine().getOut().println(d.format());
        if (d.severity() == Diagnostic.Severity.ERROR) {
          errors++;
        } else {
          warnings++;
        }
      }
    }
    spec.commandLine().getOut().println(files.size() + (files.size() == 1 ? " file" : " files") + " checked: "
        + errors + (errors == 1 ? " error" : " errors") + ", " + warnings + (warnings == 1 ? " warning" : " warnings"));
    return errors > 0 ? Main.PROBLEMS : Main.OK;
  }
}
