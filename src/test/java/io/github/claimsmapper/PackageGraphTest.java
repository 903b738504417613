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
 * The package layers of docs/development.md, checked on the sources' import lines (main code refers
 * to other packages of ours only through imports). Each package may use only the layers below it,
 * so the graph cannot have a cycle; a package missing from the table fails the test until its place
 * is decided.
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

  static final Pattern OUR_IMPORT =
      Pattern.compile(
          "^import\\s+(?:static\\s+)?io\\.github\\.claimsmapper\\.((?:[a-z]\\w*\\.)*)[A-Z]",
          Pattern.MULTILINE);

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
              problems.add(pkg + " imports " + other);
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
    Matcher m =
        OUR_IMPORT.matcher(
            "import static io.github.claimsmapper.engine.functions.ExactNumbers.plain;\n");
    assertTrue(m.find());
    assertEquals("engine", topLevel(m.group(1)), "a static import of a sub-package");
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

  /** Top-level package (or {@link #ROOT}) to the top-level packages of ours its files import. */
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
                Matcher m = OUR_IMPORT.matcher(read(file));
                while (m.find()) {
                  imported.add(topLevel(m.group(1)));
                }
              });
    }
    return used;
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
