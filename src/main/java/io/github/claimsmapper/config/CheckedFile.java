package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML (or {@code .json}) file of ours other than a mapping, such as a test case's expectation,
 * read as a mapping file is: the same size cap, aliases and duplicate keys refused, and the same
 * readers, so a mistake is located and worded as it would be in a mapping.
 */
public final class CheckedFile {
  private final YamlDocument doc;
  private final Fields fields;

  private CheckedFile(YamlDocument doc, List<Diagnostic> problems) {
    this.doc = doc;
    this.fields = new Fields(new Diagnostics(doc, problems, new EnvironmentMask()));
  }

  /**
   * Reads and parses a file; what cannot be read or parsed is one diagnostic.
   *
   * @param what the kind of file, for messages ({@code "expectation file"})
   */
  public static CheckedFile read(Path file, String what) throws ConfigException {
    List<Diagnostic> problems = new ArrayList<>();
    return new CheckedFile(
        YamlDocument.parse(file.toString(), text(file, what), problems), problems);
  }

  /** The text of a file of ours, up to {@link MappingLoader#MAX_FILE_BYTES}. */
  static String text(Path file, String what) throws ConfigException {
    try {
      return TextFile.read(file, MappingLoader.MAX_FILE_BYTES);
    } catch (TextFile.TooLarge e) {
      throw new ConfigException(
          List.of(
              new Diagnostic(
                  file.toString(),
                  1,
                  1,
                  DocumentPath.ROOT,
                  "the "
                      + what
                      + " is larger than "
                      + TextFile.describe(MappingLoader.MAX_FILE_BYTES)
                      + ": not read",
                  Diagnostic.Severity.ERROR)));
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new Diagnostic(
                  file.toString(),
                  1,
                  1,
                  DocumentPath.ROOT,
                  java.nio.file.Files.isDirectory(file)
                      ? "the " + what + " is a directory: name a file"
                      : "cannot read the " + what + " (" + e.getClass().getSimpleName() + ")",
                  Diagnostic.Severity.ERROR)));
    }
  }

  /** The document; JSON null for an empty file. */
  public JsonNode root() {
    return doc.root;
  }

  /** The readers, reporting here; paths start at {@code $}. */
  public Fields fields() {
    return fields;
  }
}
