package io.github.claimsmapper.lambda;

import io.github.claimsmapper.Log;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The function's settings, read from its environment once.
 *
 * @param configPath {@code CLAIMS_CONFIG}: the mapping file (for example in a layer under {@code
 *     /opt}); empty for the {@code config/claims.yaml} bundled in the jar
 * @param logLevel {@code LOG_LEVEL} (or Lambda's {@code AWS_LAMBDA_LOG_LEVEL}): the least level
 *     written, INFO by default
 * @param env the whole environment, for {@code ${env:NAME}} placeholders and the AWS client
 */
public record Settings(Optional<String> configPath, Log.Level logLevel, Map<String, String> env) {
  public static final String CONFIG = "CLAIMS_CONFIG";

  public Settings {
    env = Map.copyOf(env);
  }

  /** Reads the settings from an environment map. */
  public static Settings from(Map<String, String> env) {
    String path = env.get(CONFIG);
    String level = env.getOrDefault("LOG_LEVEL", env.getOrDefault("AWS_LAMBDA_LOG_LEVEL", "INFO"));
    Log.Level logLevel;
    try {
      logLevel = Log.Level.valueOf(level.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      logLevel = Log.Level.INFO;
    }
    return new Settings(Optional.ofNullable(path).filter(p -> !p.isBlank()), logLevel, env);
  }
}
