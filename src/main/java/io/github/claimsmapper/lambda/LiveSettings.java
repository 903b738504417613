package io.github.claimsmapper.lambda;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a mapping read from AWS AppConfig and of the shadow mapping, read from the
 * environment once. A value out of range stops the function at init with the variable's name and
 * the range, like a bad mapping does.
 *
 * @param port {@code AWS_APPCONFIG_EXTENSION_HTTP_PORT} (the extension's own variable), default
 *     2772
 * @param refreshInterval {@code CLAIMS_CONFIG_REFRESH_SECONDS}: the least time between two checks
 *     of the extension on the invocation path, default 30 s; 0 checks on every invocation
 * @param checkTimeout {@code CLAIMS_CONFIG_TIMEOUT_MILLIS}: the most one check may take on the
 *     invocation path (less when the invocation has less time left), default 200 ms
 * @param shadowConfig {@code CLAIMS_SHADOW_CONFIG}: a mapping file or an {@code appconfig:} profile
 *     evaluated beside the real one, or empty
 * @param shadowBudget {@code CLAIMS_SHADOW_BUDGET_MILLIS}: the most the shadow may add to an
 *     invocation, default 50 ms
 */
record LiveSettings(
    int port,
    Duration refreshInterval,
    Duration checkTimeout,
    Optional<String> shadowConfig,
    Duration shadowBudget) {
  static final String PORT = "AWS_APPCONFIG_EXTENSION_HTTP_PORT";
  static final String REFRESH = "CLAIMS_CONFIG_REFRESH_SECONDS";
  static final String TIMEOUT = "CLAIMS_CONFIG_TIMEOUT_MILLIS";
  static final String SHADOW = "CLAIMS_SHADOW_CONFIG";
  static final String SHADOW_BUDGET = "CLAIMS_SHADOW_BUDGET_MILLIS";

  /**
   * The most the first read of the mapping may take at init. The extension fetches from AppConfig
   * on the first request (its own poll timeout is 3 s by default); init has 10 s in all.
   */
  static final Duration INIT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Reads the settings; throws {@link IllegalArgumentException} naming the variable on a bad value.
   */
  static LiveSettings from(Map<String, String> env) {
    int port = (int) number(env, PORT, AppConfigClient.DEFAULT_PORT, 1, 65_535);
    long refresh = number(env, REFRESH, 30, 0, 86_400);
    long timeout = number(env, TIMEOUT, 200, 1, 5_000);
    long budget = number(env, SHADOW_BUDGET, 50, 1, 1_000);
    Optional<String> shadow = Optional.ofNullable(env.get(SHADOW)).filter(s -> !s.isBlank());
    return new LiveSettings(
        port,
        Duration.ofSeconds(refresh),
        Duration.ofMillis(timeout),
        shadow,
        Duration.ofMillis(budget));
  }

  private static long number(
      Map<String, String> env, String name, long fallback, long least, long most) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value >= least && value <= most) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, without echoing the value
    }
    throw new IllegalArgumentException(
        name
            + " must be a whole number from "
            + least
            + " to "
            + most
            + ": the function will not start");
  }
}
