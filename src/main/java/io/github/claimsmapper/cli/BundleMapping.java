package io.github.claimsmapper.cli;

import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The build step that puts a mapping into the jar: {@code mvn package -Dclaims.config=FILE}
 * (default {@code config/claims.yaml}) runs this before the jar is made. The file is checked
 * exactly as {@code validate FILE} checks it; only a valid file is copied to where the function
 * looks for its bundled mapping, so a broken mapping never builds. A clean mapping is bundled
 * silently (Maven passes what this prints to its own standard output, and quick start pipes that to
 * {@code jq}); errors and warnings are printed as {@code validate} prints them. Beside the YAML it
 * writes the checked JSON form ({@code validate --emit-json}, {@link #checkedForm}), which the
 * function loads first.
 *
 * <p>Usage: {@code java -cp CLASSES io.github.claimsmapper.cli.BundleMapping SOURCE TARGET}.
 */
public final class BundleMapping {
  private BundleMapping() {}

  public static void main(String[] args) {
    PrintWriter err = Main.utf8(System.err);
    if (args.length != 2) {
      err.println("usage: BundleMapping SOURCE TARGET");
      System.exit(Main.USAGE);
    }
    System.exit(run(Path.of(args[0]), Path.of(args[1]), err));
  }

  /**
   * Checks {@code source} with {@code validate} and, when it is valid, copies it to {@code target}.
   *
   * @return the exit code: 0 when bundled, else validate's code (the target is left untouched)
   */
  static int run(Path source, Path target, PrintWriter err) {
    StringWriter summary = new StringWriter();
    PrintWriter captured = new PrintWriter(summary, true);
    Path checked = checkedForm(target);
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
    } catch (IOException e) {
      return cannotBundle(source, e, "creating " + target.getParent(), err);
    }
    int exit =
        Main.run(
            new String[] {
              "validate", "--format", "json", "--emit-json", checked.toString(), source.toString()
            },
            captured,
            captured);
    if (exit != Main.OK || !clean(summary.toString())) {
      exit = Main.run(new String[] {"validate", source.toString()}, err, err);
    }
    if (exit != Main.OK) {
      err.println(
          source
              + ": not bundled into the jar: fix the problems above (claims.config names the"
              + " file)");
      return exit;
    }
    try {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      return cannotBundle(source, e, "writing " + target, err);
    }
    return Main.OK;
  }

  /** Reports a file operation of the bundling that failed; the exit code for it. */
  private static int cannotBundle(Path source, IOException e, String doing, PrintWriter err) {
    err.println(
        source + ": cannot be bundled into the jar: " + e.getClass().getSimpleName() + " " + doing);
    return Main.UNEXPECTED;
  }

  /**
   * Where the checked JSON form goes: beside the target, same name with {@code .json}. The function
   * loads it in preference to the YAML (no YAML parser at cold start); the YAML stays for people
   * and for the command line.
   */
  static Path checkedForm(Path target) {
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return target.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
  }

  /** Whether validate's JSON report has no diagnostic at all. */
  private static boolean clean(String report) {
    try {
      return Json.MAPPER.readTree(report).path("diagnostics").isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
