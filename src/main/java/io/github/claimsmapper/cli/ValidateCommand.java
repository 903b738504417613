package io.github.claimsmapper.cli;

import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.MappingLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks mapping files exactly as the Lambda does at init, reporting every problem. */
@Command(
    name = "validate",
    aliases = "validate-config",
    header = "Checks mapping files as the function does at start-up.",
    mixinStandardHelpOptions = true,
    description =
        "Checks mapping files as the function does at start-up and lists every problem as"
            + " file:line:column: path: message.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file is valid (warnings allowed)",
      "1:problems found",
      "2:usage error",
      "3:unexpected error"
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Mapping files to check; a folder stands for the .yaml, .yml and .json files directly in"
              + " it.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = DiagnosticFormat.Converter.class,
      description =
          "text (default): file:line:column: path: message lines and a summary line; json: one JSON"
              + " document {\"files\", \"errors\", \"warnings\", \"diagnostics\": [{\"file\","
              + " \"line\", \"column\", \"path\", \"severity\", \"message\"}]}; github: GitHub"
              + " Actions annotations (::error file=F,line=L,col=C,title=PATH::MESSAGE) and the"
              + " summary line.")
  DiagnosticFormat format;

  @Option(
      names = "--emit-json",
      paramLabel = "OUT",
      description =
          "With one FILE: when it is valid, also write its checked JSON form to OUT (the form the"
              + " function loads without the YAML parser; it is checked again when loaded). Nothing"
              + " is written for an invalid file.")
  Path emitJson;

  @Mixin EnvOptions env = new EnvOptions();

  /** Loads one file; a seam for tests of what an unexpected failure does. */
  interface Loader {
    MappingLoader.Result load(Path file) throws ConfigException;
  }

  /** Makes the loader for an environment. */
  Function<Map<String, String>, Loader> loaders =
      environment -> new MappingLoader(environment)::load;

  @Override
  public Integer call() throws CommandFailure {
    List<Path> mappings = new ArrayList<>();
    for (Path file : files) {
      mappings.addAll(Files.isDirectory(file) ? mappingsIn(file) : List.of(file));
    }
    if (emitJson != null && mappings.size() != 1) {
      throw CommandFailure.usage("--emit-json takes exactly one FILE, got " + mappings.size());
    }
    Loader loader = loaders.apply(env.environment());
    List<Diagnostic> diagnostics = new ArrayList<>();
    MappingLoader.Result valid = null;
    boolean unexpected = false;
    for (Path file : mappings) {
      try {
        valid = loader.load(file);
        diagnostics.addAll(valid.warnings());
      } catch (ConfigException e) {
        diagnostics.addAll(e.diagnostics());
      } catch (Throwable e) {
        // reported with the file it happened in, and the other files still checked
        diagnostics.add(
            new Diagnostic(
                file.toString(),
                1,
                1,
                "$",
                "unexpected error while checking this file ("
                    + e.getClass().getSimpleName()
                    + "): not checked",
                Diagnostic.Severity.ERROR));
        unexpected = true;
      }
    }
    format.print(diagnostics, mappings.size(), spec.commandLine().getOut());
    if (unexpected) {
      return Main.UNEXPECTED;
    }
    if (DiagnosticFormat.count(diagnostics, Diagnostic.Severity.ERROR) > 0) {
      return Main.PROBLEMS;
    }
    if (emitJson != null) {
      try {
        Files.writeString(emitJson, valid.checkedJson(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CommandFailure(
            Main.UNEXPECTED,
            emitJson
                + ": cannot write the checked JSON form ("
                + e.getClass().getSimpleName()
                + ")");
      }
    }
    return Main.OK;
  }

  /**
   * The mapping files directly in a folder ({@code .yaml}, {@code .yml}, {@code .json}), sorted.
   */
  private static List<Path> mappingsIn(Path folder) throws CommandFailure {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(folder)) {
      entries
          .filter(Files::isRegularFile)
          .filter(
              p ->
                  p.toString().endsWith(".yaml")
                      || p.toString().endsWith(".yml")
                      || p.toString().endsWith(".json"))
          .sorted()
          .forEach(found::add);
    } catch (IOException e) {
      throw CommandFailure.usage(
          folder + ": cannot list the folder (" + e.getClass().getSimpleName() + ")");
    }
    if (found.isEmpty()) {
      throw CommandFailure.usage(
          folder + ": a folder without mapping files (*.yaml, *.yml, *.json directly in it)");
    }
    return found;
  }
}
