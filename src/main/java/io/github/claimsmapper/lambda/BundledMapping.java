package io.github.claimsmapper.lambda;

/**
 * Which bundled mapping the function loads when {@code CLAIMS_CONFIG} is not set. The build ({@code
 * cli.BundleMapping}) validates {@code config/claims.yaml} and writes its checked JSON form, {@code
 * config/claims.json}, beside it; the function loads the JSON form when the jar has one, which
 * spares the YAML parser at cold start, and every check still runs on it. A jar assembled without
 * the JSON form falls back to the YAML.
 */
final class BundledMapping {
  static final String YAML = "config/claims.yaml";
  static final String JSON = "config/claims.json";

  private BundledMapping() {}

  /** The resource name of the bundled mapping to load. */
  static String name(ClassLoader loader) {
    return loader.getResource(JSON) != null ? JSON : YAML;
  }
}
