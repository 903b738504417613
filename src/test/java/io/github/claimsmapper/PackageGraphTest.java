package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layers of docs/development.md, checked on every name of ours in the sources' code:
 * import lines and fully qualified names written in the code itself (comments, javadoc, strings and
 * character literals are blanked first, so a name that only documents or prints is no use). Each
 * package may use only the layers below it, so the graph cannot have a cycle; a package missing
 * from the table fails the test until its place is decided.
 */
class PackageGraphTest {

  static final Path MAIN = Path.of("src/main/java/io/github/claimsmapper");
  static final String ROOT = "(root)";

  /** What each top-level package may import of ours (a package's sub-packages count as itself). */
  static final Map<String, Set<String>> MAY_USE =
      Map.of(
          "json",
          Set.of(),
          "engine",
          Set.of("json"),
          "summary",
          Set.of(),
          "source",
          Set.of("json"),
          "lookup",
          Set.of("engine", "source", "summary", "json"),
          "cognito",
          Set.of("engine", "json"),
          "config",
          Set.of("engine", "json"),
          ROOT,
          Set.of("config", "engine", "source", "lookup", "cognito", "summary", "json"),
          "lambda",
          Set.of(ROOT, "config", "engine", "source", "lookup", "cognito", "summary", "json"),
          "cli",
          Set.of(ROOT, "config", "engine", "source", "lookup", "cognito", "summary", "json"));

  /**
   * A name of ours in code, imported or fully qualified: group 1 is its package below the root
   * ({@code "engine.functions."}, or empty for a class of the root), up to a class or a {@code *}.
   */
  static final Pattern OUR_NAME =
      Pattern.compile("(?<![\\w.])io\\.github\\.claimsmapper\\.((?:[a-z]\\w*\\.)*)(?:[A-Z]|\\*)");

  @Test
  void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
    Map<String, Set<String>> used = imports();
    List<String> problems = new ArrayList<>();
    used.forEach(
        (pkg, imported) -> {
          Set<String> allowed = MAY_USE.get(pkg);
          if (allowed == null) {
            problems.add(pkg + " has no place in the layers");
            return;
          }
          for (String other : imported) {
            if (!other.equals(pkg) && !allowed.contains(other)) {
              problems.add(pkg + " uses " + other);
            }
          }
        });
    assertEquals(List.of(), problems);
  }

  @Test
  void theJsonConfigurationIsALeafEveryPackageCanUse() throws IOException {
    Map<String, Set<String>> used = imports();
    assertEquals(Set.of("json"), used.get("json"), "json imports no package of ours");
    MAY_USE.forEach(
        (pkg, allowed) ->
            assertTrue(
                pkg.equals("json") || pkg.equals("summary") || allowed.contains("json"), pkg));
  }

  @Test
  void theLayersHaveNoCycle() {
    for (String pkg : MAY_USE.keySet()) {
      assertTrue(!reachable(pkg).contains(pkg), pkg + " depends on itself through the layers");
    }
  }

  @Test
  void theCheckSeesImportsOfEveryForm() throws IOException {
    Map<String, Set<String>> used = imports();
    // a plain import, one of a sub-package, and one of a root class: the rules above see them all
    assertTrue(used.get("config").contains("engine"), "config -> engine");
    assertTrue(used.get("engine").contains("json"), "engine -> json");
    assertTrue(used.get("lambda").contains(ROOT), "lambda -> the façade");
    assertEquals(
        Set.of("engine", "source", "cognito"),
        uses(
            "import static io.github.claimsmapper.engine.functions.ExactNumbers.plain;\n"
                + "import io.github.claimsmapper.source.*;\n"
                + "import\tio.github.claimsmapper.cognito.CognitoEvent;\n"),
        "a static import of a sub-package, a whole package, another whitespace");
  }

  @Test
  void theCheckSeesFullyQualifiedNamesInCodeOnly() {
    String code =
        """
        package io.github.claimsmapper.engine;

        /** Uses {@link io.github.claimsmapper.lambda.Handler} in words only. */
        class Example {
          // io.github.claimsmapper.cli.Main is named in a comment
          /* io.github.claimsmapper.config.MappingLoader too, across
             lines: io.github.claimsmapper.cognito.CognitoEvent */
          String text = "io.github.claimsmapper.lambda.Handler \\" io.github.claimsmapper.cli.X";
          String block = \"""
              io.github.claimsmapper.cli.Main \\\""" io.github.claimsmapper.config.X
              \""";
          char quote = '"';
          io.github.claimsmapper.source.ItemRequest request;
          Object plan = io.github.claimsmapper.config.MappingLoader.load("x");
          Object answer = new io.github.claimsmapper.ClaimsMapper();
          String after = "a string after a char literal that holds a quote";
          Object stillSeen = io.github.claimsmapper.json.Json.MAPPER;
        }
        """;
    assertEquals(Set.of("source", "config", ROOT, "json"), uses(code));
  }

  private static Set<String> reachable(String from) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(MAY_USE.get(from));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (seen.add(next)) {
        todo.addAll(MAY_USE.get(next));
      }
    }
    return seen;
  }

  /** Top-level package (or {@link #ROOT}) to the top-level packages of ours its files use. */
  private static Map<String, Set<String>> imports() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              file -> {
                Path dir = MAIN.relativize(file).getParent();
                String pkg = dir == null ? ROOT : dir.getName(0).toString();
                Set<String> imported = used.computeIfAbsent(pkg, p -> new TreeSet<>(Set.of(p)));
                imported.addAll(uses(read(file)));
              });
    }
    return used;
  }

  /** The top-level packages of ours that a source file's code names. */
  static Set<String> uses(String source) {
    Set<String> packages = new TreeSet<>();
    Matcher m = OUR_NAME.matcher(codeOnly(source));
    while (m.find()) {
      packages.add(topLevel(m.group(1)));
    }
    return packages;
  }

  /**
   * The source with every comment, string, text block and character literal blanked out (line
   * breaks kept): what is left is the code, where a name is a use.
   */
  static String codeOnly(String source) {
    StringBuilder code = new StringBuilder(source);
    int i = 0;
    while (i < code.length()) {
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? source.length() : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = closing(source, i + 3, "\"\"\"");
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = closing(source, i + 1, String.valueOf(source.charAt(i)));
      } else {
        i++;
        continue;
      }
      for (int j = i; j < end; j++) {
        if (code.charAt(j) != '\n') {
          code.setCharAt(j, ' ');
        }
      }
      i = end;
    }
    return code.toString();
  }

  /** Just past the first {@code delimiter} at or after {@code from} that no backslash escapes. */
  private static int closing(String source, int from, String delimiter) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(delimiter, i)) {
        return i + delimiter.length();
      } else {
        i++;
      }
    }
    return source.length();
  }

  /**
   * {@code "engine.functions."} is {@code engine}; {@code ""} (a class of the root) is {@link
   * #ROOT}.
   */
  private static String topLevel(String packagePrefix) {
    return packagePrefix.isEmpty() ? ROOT : packagePrefix.substring(0, packagePrefix.indexOf('.'));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
