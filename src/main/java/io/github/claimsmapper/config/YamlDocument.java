package io.github.claimsmapper.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A YAML file read into one JSON tree, remembering where every key and value stands ({@link
 * Locations}). Duplicate keys are problems (YAML forbids them; most parsers keep the last
 * silently).
 *
 * <p>Tags other than a standard one on a value of its type ({@code !!str 123}) are refused with
 * their place: the parser underneath honours some and drops the rest ({@link
 * YamlSyntax#refusedTag}).
 *
 * <p>Aliases ({@code *name}) and merge keys ({@code <<}) are refused, each with its place; an
 * anchor ({@code &name}) alone changes nothing and is left alone. The parser underneath does not
 * expand them (an alias reads as the text of its name, a merge key as a key named {@code <<}), and
 * expanding them here would cost more than it gives: a problem inside an expanded value would stand
 * at two places at once, an alias bomb needs a budget, and merge keys are YAML 1.1 only, so editors
 * and other tools disagree on what they mean. A mapping file is short; writing the value out keeps
 * what is read what is seen.
 *
 * <p>A file whose name ends in {@code .json} is read with the JSON parser instead (JSON is YAML's
 * subset, so the tree is the same): the checked form {@code validate --emit-json} writes and the
 * function loads without loading the YAML parser at all (SnakeYAML and jackson-yaml are about 90
 * classes and 40 ms of a cold start). Everything after the parser, every check included, is the
 * same for both.
 */
final class YamlDocument {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MERGE_KEY = "<<";

  final String file;
  final JsonNode root;
  final Locations locations;

  /** Paths whose value was refused here: later checks of them would only repeat the problem. */
  private final Set<String> refused = new HashSet<>();

  /** Whether the text is YAML (false: JSON); only a YAML parser can meet aliases. */
  private final boolean yaml;

  private YamlDocument(String file, String text, List<Diagnostic> problems) throws IOException {
    this.file = file;
    this.locations = new Locations(text);
    this.yaml = !isJson(file);
    try (JsonParser parser =
        yaml ? YamlSyntax.parser(text) : Json.MAPPER.getFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      this.root = first == null ? NODES.nullNode() : read(parser, DocumentPath.ROOT, problems);
      if (parser.nextToken() != null) {
        Location at = location(parser.currentTokenLocation());
        problems.add(
            error(
                at,
                DocumentPath.ROOT,
                "a mapping file holds one " + (yaml ? "YAML" : "JSON") + " document"));
      }
    }
  }

  /** Whether a file is read as JSON: its name ends in {@code .json} (any case). */
  static boolean isJson(String file) {
    return file.regionMatches(true, file.length() - 5, ".json", 0, 5);
  }

  /** Parses the text; a syntax error is reported as one located diagnostic. */
  static YamlDocument parse(String file, String text, List<Diagnostic> problems)
      throws ConfigException {
    try {
      return new YamlDocument(file, text, problems);
    } catch (JsonProcessingException e) {
      Location at = e.getLocation() == null ? Location.START : location(e.getLocation());
      String syntax = isJson(file) ? "JSON" : "YAML";
      String message = e.getOriginalMessage().lines().findFirst().orElse("invalid " + syntax);
      if (!isJson(file)) {
        YamlSyntax.Problem marked = YamlSyntax.problem(e);
        if (marked != null) {
          message = marked.message();
          at = marked.at() != null ? marked.at() : at;
        }
      }
      throw new ConfigException(
          List.of(
              new Diagnostic(
                  file,
                  at.line(),
                  at.column(),
                  DocumentPath.ROOT,
                  "invalid " + syntax + ": " + message,
                  Diagnostic.Severity.ERROR)));
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new Diagnostic(
                  file,
                  1,
                  1,
                  DocumentPath.ROOT,
                  "cannot read " + (isJson(file) ? "JSON" : "YAML") + ": " + e.getMessage(),
                  Diagnostic.Severity.ERROR)));
    }
  }

  private JsonNode read(JsonParser parser, String path, List<Diagnostic> problems)
      throws IOException {
    Location at = location(parser.currentTokenLocation());
    locations.value(path, at);
    if (yaml && YamlSyntax.isAlias(parser)) {
      problems.add(
          error(
              at,
              path,
              "YAML aliases (*"
                  + parser.getText()
                  + ") are not supported: write the value out here"));
      refused.add(path);
      return NODES.nullNode();
    }
    String tag = yaml ? YamlSyntax.refusedTag(parser) : null;
    if (tag != null) {
      problems.add(
          error(at, path, "YAML tag " + tag + " is not supported here: write the plain value"));
      refused.add(path);
      parser.skipChildren();
      return NODES.nullNode();
    }
    switch (parser.currentToken()) {
      case START_OBJECT:
        {
          ObjectNode object = NODES.objectNode();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String child = DocumentPath.child(path, name);
            Location keyAt = location(parser.currentTokenLocation());
            parser.nextToken();
            if (name.equals(MERGE_KEY)) {
              problems.add(
                  error(
                      keyAt,
                      child,
                      "YAML merge keys (<<) are not supported: write the keys out here"));
              refused.add(path);
              parser.skipChildren();
              continue;
            }
            if (object.has(name)) {
              problems.add(
                  error(
                      keyAt,
                      child,
                      "duplicate key '"
                          + name
                          + "' (first at line "
                          + locations.keyAt(child).line()
                          + ")"));
              parser.skipChildren();
              continue;
            }
            locations.key(child, keyAt);
            object.set(name, read(parser, child, problems));
          }
          return object;
        }
      case START_ARRAY:
        {
          ArrayNode array = NODES.arrayNode();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(read(parser, DocumentPath.index(path, array.size()), problems));
          }
          return array;
        }
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return integral(parser);
      case VALUE_NUMBER_FLOAT:
        return DecimalNode.valueOf(parser.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        return NODES.textNode(parser.getText());
    }
  }

  private static JsonNode integral(JsonParser parser) throws IOException {
    switch (parser.getNumberType()) {
      case INT:
        return NODES.numberNode(parser.getIntValue());
      case LONG:
        return NODES.numberNode(parser.getLongValue());
      default:
        return NODES.numberNode(parser.getBigIntegerValue());
    }
  }

  private static Location location(JsonLocation location) {
    return new Location(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }

  /** True when the value at {@code path} was refused while reading (an alias, a merge key). */
  boolean refused(String path) {
    return refused.contains(path);
  }

  Diagnostic error(Location at, String path, String message) {
    return new Diagnostic(file, at.line(), at.column(), path, message, Diagnostic.Severity.ERROR);
  }
}
