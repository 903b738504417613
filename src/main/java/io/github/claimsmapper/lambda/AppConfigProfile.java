package io.github.claimsmapper.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A configuration profile of AWS AppConfig, named in a setting as {@code
 * appconfig:APPLICATION/ENVIRONMENT/PROFILE} (names or ids), and the path under which the AppConfig
 * Lambda extension serves it.
 */
record AppConfigProfile(String application, String environment, String profile) {
  static final String PREFIX = "appconfig:";

  /**
   * AppConfig names are 1 to 64 characters; ids are 4 to 7 letters and digits. No slash: it
   * separates the parts.
   */
  private static final Pattern PART = Pattern.compile("[^/\\p{Cntrl}]{1,64}");

  /**
   * The profile a setting names, or empty when the setting is not an {@code appconfig:} one.
   *
   * @throws IllegalArgumentException when it starts with {@code appconfig:} but is not three names
   */
  static Optional<AppConfigProfile> parse(String variable, String setting) {
    if (setting == null || !setting.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = setting.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 3
        || !PART.matcher(parts[0]).matches()
        || !PART.matcher(parts[1]).matches()
        || !PART.matcher(parts[2]).matches()) {
      throw new IllegalArgumentException(
          variable
              + " must be appconfig:APPLICATION/ENVIRONMENT/PROFILE"
              + " (three AppConfig names or ids of 1 to 64 characters, no slash)");
    }
    return Optional.of(new AppConfigProfile(parts[0], parts[1], parts[2]));
  }

  /** The extension's path for this profile, each name percent-encoded. */
  String path() {
    return "/applications/"
        + encode(application)
        + "/environments/"
        + encode(environment)
        + "/configurations/"
        + encode(profile);
  }

  /** As written in the setting; used in log lines and as the file name in diagnostics. */
  @Override
  public String toString() {
    return PREFIX + application + "/" + environment + "/" + profile;
  }

  private static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80
          && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '~')) {
        out.append(c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
