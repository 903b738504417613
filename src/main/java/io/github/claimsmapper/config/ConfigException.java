package io.github.claimsmapper.config;

import java.util.List;
import java.util.stream.Collectors;

/** A mapping file that cannot be loaded, with every problem found in it. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<Diagnostic> diagnostics;

  public ConfigException(List<Diagnostic> diagnostics) {
    super(
        diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")),
        null,
        false,
        false);
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** Every diagnostic, errors and warnings, in file order. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
