package io.github.claimsmapper.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.engine.ExpressionCompiler;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads a mapping file: YAML, placeholders, structure, Cognito's rules, expressions. The only way
 * to obtain a {@link MappingPlan}: an invalid file yields a {@link ConfigException} listing every
 * problem with its {@code file:line:column}.
 */
public final class MappingLoader {
  private final Map<String, String> env;
  private final ExpressionCompiler compiler = new ExpressionCompiler();

  /**
   * @param env the environment that {@code ${env:NAME}} placeholders read
   */
  public MappingLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * A loaded file: the plan and the warnings found on the way.
   *
   * @param plan the compiled plan
   * @param warnings likely mistakes that do not stop the file from loading
   * @param locator turns a path such as {@code $.rules[0].idToken.claims.plan} into {@code
   *     file:line:column} (for explanations)
   * @param document the file as read, before placeholders: what {@link #checkedJson} writes
   */
  public record Result(
      MappingPlan plan,
      List<Diagnostic> warnings,
      Function<String, String> locator,
      JsonNode document) {
    public Result {
      warnings = List.copyOf(warnings);
    }

    /**
     * The checked JSON form of this mapping ({@code validate --emit-json}): the same document as
     * JSON, placeholders left for the function's environment to fill. Loading it runs every check
     * again, so a changed copy can never widen what a token gets; it only spares the YAML parser
     * (see {@link YamlDocument}).
     */
    public String checkedJson() {
      try {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a JSON tree always serializes", e);
      }
    }

    /** Where a path of the plan stands in the file, as {@code file:line:column}. */
    public String locate(String path) {
      return locator.apply(path);
    }
  }

  /**
   * The largest mapping file read. The examples in {@code config/} take a few KiB; a file hundreds
   * of times larger is a mistake (or {@code /dev/zero}), not a mapping.
   */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  /** Reads and compiles a file; diagnostics name it as given. */
  public Result load(Path file) throws ConfigException {
    return load(file.toString(), CheckedFile.text(file, "mapping file"));
  }

  /**
   * Compiles a mapping from its text; {@code fileName} is used in diagnostics, and a name ending in
   * {@code .json} selects the JSON parser (the checked form), any other name YAML.
   */
  public Result load(String fileName, String text) throws ConfigException {
    List<Diagnostic> problems = new ArrayList<>();
    YamlDocument document = YamlDocument.parse(fileName, text, problems);
    // the compilation resolves placeholders in the tree itself; the checked form keeps them
    JsonNode asWritten = document.root.deepCopy();
    Compilation compilation =
        new Compilation(
            document, problems, env, compiler, MappingPlan.fingerprintOf(Json.compact(asWritten)));
    Optional<MappingPlan> plan = compilation.plan();
    List<Diagnostic> warnings = compilation.diagnostics().requireNoErrors();
    return new Result(
        plan.orElseThrow(), // no error, so a plan
        warnings,
        path -> {
          Location at = document.locations.keyAt(path);
          return fileName + ":" + at.line() + ":" + at.column();
        },
        asWritten);
  }

  /**
   * Whether the mapping declares a lookup (a {@code source}, or a {@code sources} with an entry),
   * read from the top-level keys alone by the same parser {@link #load} uses, without building the
   * document: so the function can start building its DynamoDB client before the mapping loads,
   * whose first steps (the JSON tree library, then the JMESPath runtime) are most of its cost. For
   * a file that loads, true exactly when the plan has sources; for one the parser cannot read,
   * false (the function will not start).
   *
   * @param fileName as for {@link #load(String, String)}: a name ending in {@code .json} is read as
   *     JSON
   */
  public static boolean readsDynamoDb(String fileName, String text) {
    try (JsonParser parser =
        YamlDocument.isJson(fileName) ? JSON_TOKENS.createParser(text) : YamlSyntax.parser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("source")
            || (name.equals("sources")
                && value == JsonToken.START_OBJECT
                && parser.nextToken() == JsonToken.FIELD_NAME)) {
          return true;
        }
        parser.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Tokens only: the scan above must not load the tree library it runs ahead of. */
  private static final JsonFactory JSON_TOKENS = new JsonFactory();
}
