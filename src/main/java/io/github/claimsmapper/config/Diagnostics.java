package io.github.claimsmapper.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the problems of one file, each located from its path in the document, so that a reader
 * reports and goes on: every problem of a file is shown at once.
 *
 * <p>A path whose value was already refused (an alias, a placeholder that did not resolve) takes no
 * further errors: they would only repeat the first. Warnings are always kept.
 */
public final class Diagnostics {
  private final YamlDocument doc;
  private final List<Diagnostic> problems;
  private final EnvironmentMask mask;
  private final Set<String> quiet = new HashSet<>();

  Diagnostics(YamlDocument doc, List<Diagnostic> problems, EnvironmentMask mask) {
    this.doc = doc;
    this.problems = problems;
    this.mask = mask;
  }

  /** An error located where the value at {@code path} starts. */
  public void error(String path, String message) {
    error(doc.locations.valueAt(path), path, message);
  }

  /** An error located at the key of {@code path}: the problem is the entry, not its value. */
  public void errorAtKey(String path, String message) {
    error(doc.locations.keyAt(path), path, message);
  }

  /** An error {@code offset} characters into the text of the string at {@code path}. */
  void errorInText(String path, int offset, String message) {
    error(doc.locations.textAt(path).plusColumns(offset), path, message);
  }

  /** A likely mistake that does not stop the file from loading, at the value of {@code path}. */
  void warning(String path, String message) {
    add(doc.locations.valueAt(path), path, message, Diagnostic.Severity.WARNING);
  }

  /** A warning {@code offset} characters into the text of the string at {@code path}. */
  void warningInText(String path, int offset, String message) {
    add(doc.locations.textAt(path).plusColumns(offset), path, message, Diagnostic.Severity.WARNING);
  }

  /** A warning located at the key of {@code path}. */
  void warningAtKey(String path, String message) {
    add(doc.locations.keyAt(path), path, message, Diagnostic.Severity.WARNING);
  }

  /** Takes no more errors at {@code path}: its value could not be read as written. */
  void quiet(String path) {
    quiet.add(path);
  }

  /** Whether any problem stops the file from loading. */
  public boolean hasErrors() {
    for (Diagnostic problem : problems) {
      if (problem.severity() == Diagnostic.Severity.ERROR) {
        return true;
      }
    }
    return false;
  }

  /**
   * The warnings, in file order.
   *
   * @throws ConfigException with every problem, in file order, when any is an error
   */
  public List<Diagnostic> requireNoErrors() throws ConfigException {
    List<Diagnostic> sorted = new ArrayList<>(problems);
    sorted.sort(Diagnostic.IN_FILE_ORDER);
    if (hasErrors()) {
      throw new ConfigException(sorted);
    }
    return sorted;
  }

  private void error(Location at, String path, String message) {
    if (!quiet.contains(path) && !doc.refused(path)) {
      add(at, path, message, Diagnostic.Severity.ERROR);
    }
  }

  private void add(Location at, String path, String message, Diagnostic.Severity severity) {
    problems.add(
        new Diagnostic(
            doc.file, at.line(), at.column(), path, mask.apply(path, message), severity));
  }
}
