package io.github.claimsmapper.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --env NAME=VALUE}: values for {@code ${env:NAME}} placeholders, over the process
 * environment.
 */
final class EnvOptions {
  @Option(
      names = "--env",
      paramLabel = "NAME=VALUE",
      description =
          "Value for a $${env:NAME} placeholder (repeatable); the process environment is used too.")
  Map<String, String> overrides = new LinkedHashMap<>();

  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(overrides);
    return env;
  }
}
