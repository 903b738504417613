package io.github.claimsmapper.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Everything {@link YamlDocument} needs that only YAML has: the parser and its error marks. Kept
 * apart so that reading a JSON mapping (the checked form the function loads) never loads
 * jackson-yaml or SnakeYAML: a class is loaded when code that names it first runs, and only YAML
 * input runs this one.
 */
final class YamlSyntax {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlSyntax() {}

  /** A syntax problem as SnakeYAML marks it. */
  record Problem(String message, Location at) {}

  static JsonParser parser(String text) throws IOException {
    return FACTORY.createParser(text);
  }

  /** Whether the parser stands on an alias ({@code *name}). */
  static boolean isAlias(JsonParser parser) {
    return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
  }

  /** SnakeYAML's own description and place of a syntax error, or null when it has none. */
  static Problem problem(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked) {
        String message = (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
        Location at = marked.getProblemMark() == null ? null
            : new Location(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1);
        return new Problem(message, at);
      }
    }
    return null;
  }
}
