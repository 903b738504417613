package io.github.claimsmapper.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

  /** The prefix of YAML's standard tags: {@code !!str} is {@code tag:yaml.org,2002:str}. */
  private static final String STANDARD = "tag:yaml.org,2002:";

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

  /**
   * The tag of the value the parser stands on, as written ({@code !Ref}, {@code !!binary}), when it
   * is one the tree would not honour; null for no tag, or for a standard JSON tag on a value of its
   * type ({@code !!str 123} is read as the string it says). The parser applies some tags and drops
   * the rest ({@code !Ref Table} reads as the text {@code Table}, {@code !!null ''} as an empty
   * string), so a refused tag keeps what is read what was meant.
   */
  static String refusedTag(JsonParser parser) throws IOException {
    String tag = parser instanceof YAMLParser yaml ? yaml.getTypeId() : null;
    if (tag == null) {
      return null;
    }
    if (!tag.startsWith(STANDARD)) {
      return "!" + tag;
    }
    String name = tag.substring(STANDARD.length());
    JsonToken token = parser.currentToken();
    boolean honoured =
        switch (name) {
          case "str" -> token == JsonToken.VALUE_STRING;
          case "int" -> token == JsonToken.VALUE_NUMBER_INT;
          case "float" ->
              token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT;
          case "bool" -> token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
          case "null" -> token == JsonToken.VALUE_NULL;
          case "map" -> token == JsonToken.START_OBJECT;
          case "seq" -> token == JsonToken.START_ARRAY;
          default -> false;
        };
    return honoured ? null : "!!" + name;
  }

  /** SnakeYAML's own description and place of a syntax error, or null when it has none. */
  static Problem problem(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked) {
        String message =
            (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
        Location at =
            marked.getProblemMark() == null
                ? null
                : new Location(
                    marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1);
        return new Problem(message, at);
      }
    }
    return null;
  }
}
