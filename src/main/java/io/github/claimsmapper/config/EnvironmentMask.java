package io.github.claimsmapper.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps environment values out of diagnostics. Values can be secrets, and diagnostics land in the
 * function's init log, so every message is rewritten before it is kept: a string that took a value
 * and is quoted whole is shown as written, with its placeholders; in a message about the string
 * itself, any value left is masked.
 */
final class EnvironmentMask {
  /**
   * Strings that held placeholders: path -> the text as written, and as resolved for plain data.
   */
  private final Map<String, String> written = new HashMap<>();

  private final Map<String, ResolvedText> resolved = new HashMap<>();

  /** Remembers that the string at {@code path} was written as {@code asWritten}. */
  void remember(String path, String asWritten, ResolvedText asText) {
    written.put(path, asWritten);
    resolved.put(path, asText);
  }

  /** The string at {@code path} as written, when it held placeholders. */
  Optional<String> written(String path) {
    return Optional.ofNullable(written.get(path));
  }

  /**
   * The message without environment values. A quoted string is replaced wherever it came from (a
   * scope conflict quotes an allow pattern of another path).
   */
  String apply(String path, String message) {
    if (resolved.isEmpty()) {
      return message;
    }
    String out = message;
    for (Map.Entry<String, ResolvedText> entry : resolved.entrySet()) {
      ResolvedText value = entry.getValue();
      if (!value.values().isEmpty() && !value.text().isEmpty()) {
        String asWritten = written.get(entry.getKey());
        out =
            out.replace("'" + value.text() + "'", "'" + asWritten + "'")
                .replace("\"" + value.text() + "\"", "\"" + asWritten + "\"");
      }
    }
    ResolvedText own = resolved.get(path);
    if (own == null || own.values().isEmpty()) {
      return out;
    }
    String asWritten = written.get(path);
    if (!own.text().isEmpty()) {
      out = out.replace(own.text(), asWritten);
    }
    String[] parts = out.split(Pattern.quote(asWritten), -1);
    for (int i = 0; i < parts.length; i++) {
      for (String value : own.values()) {
        for (String form : Placeholders.spellings(value)) {
          parts[i] = parts[i].replace(form, "${env:…}");
        }
      }
    }
    return String.join(asWritten, parts);
  }
}
