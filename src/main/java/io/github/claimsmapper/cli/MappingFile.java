package io.github.claimsmapper.cli;

import io.github.claimsmapper.config.MappingLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: the one mapping a command works on ({@code render}, {@code iam-policy}).
 */
final class MappingFile {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The mapping file.")
  Path config;

  /**
   * The mapping, with {@code env}'s values for its placeholders; its warnings and problems go to
   * {@code err}, and an invalid file fails the command with exit code 1 and {@code consequence}.
   */
  MappingLoader.Result load(EnvOptions env, PrintWriter err, String consequence)
      throws CommandFailure {
    return Mappings.loadResult(
        new MappingLoader(env.environment()), config, err, consequence, Main.PROBLEMS);
  }
}
