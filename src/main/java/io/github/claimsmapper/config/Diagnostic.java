package io.github.claimsmapper.config;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem in a mapping file, located.
 *
 * @param file the file name as given
 * @param line 1-based line
 * @param column 1-based column (inside an expression where the parser says where)
 * @param path the place in the document, such as {@code $.idToken.claims.tier.value}
 * @param message what is wrong, naming no data from events or items
 * @param severity error or warning
 */
public record Diagnostic(
    String file, int line, int column, String path, String message, Severity severity) {

  /** Whether a diagnostic stops the file from loading. */
  public enum Severity {
    ERROR,
    WARNING
  }

  /** File order: line, then column. */
  public static final Comparator<Diagnostic> IN_FILE_ORDER =
      Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

  public Diagnostic {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
  }

  /** {@code file:line:column: path: message}, with {@code warning: } before warnings' messages. */
  public String format() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + path
        + ": "
        + (severity == Severity.WARNING ? "warning: " : "")
        + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
