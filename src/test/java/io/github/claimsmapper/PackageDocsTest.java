package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * Each package's {@code package-info.java} is its map: it names every top-level class of the
 * package (as a whole word, in a link, a code span or plain text), so a new maintainer finds each
 * class and its role in one place. A package without one, or a class added without a word about it,
 * fails here with its name.
 */
class PackageDocsTest {

  static final Path SOURCES = Path.of("src/main/java");

  /**
   * A top-level type declared in code: formatted sources start it at the beginning of a line, with
   * its modifiers; group 1 is its name.
   */
  static final Pattern TOP_LEVEL =
      Pattern.compile(
          "(?m)^(?:(?:public|protected|private|abstract|final|static|strictfp|sealed|non-sealed)"
              + "\\s+)*(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");

  @Test
  void everyPackageInfoNamesEveryClassOfItsPackage() throws IOException {
    Map<Path, Set<String>> packages = topLevelClasses();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Path, Set<String>> entry : packages.entrySet()) {
      String pkg = SOURCES.relativize(entry.getKey()).toString().replace('/', '.');
      Path info = entry.getKey().resolve("package-info.java");
      if (!Files.isRegularFile(info)) {
        problems.add(pkg + ": no package-info.java");
        continue;
      }
      String doc = Files.readString(info);
      for (String name : entry.getValue()) {
        if (!names(doc, name)) {
          problems.add(pkg + ": " + name + " not named in package-info.java");
        }
      }
    }
    assertTrue(
        problems.isEmpty(),
        () ->
            "each package-info.java names every class of its package:\n"
                + String.join("\n", problems));
  }

  @Test
  void theWalkFindsTheClassesOfEveryPackage() throws IOException {
    Map<Path, Set<String>> packages = topLevelClasses();
    Path root = SOURCES.resolve("io/github/claimsmapper");
    assertTrue(packages.get(root).contains("ClaimsMapper"), "a class of the root package");
    assertTrue(
        packages.get(root.resolve("engine/functions")).contains("ExactArithmetic"),
        "a package-private class of a sub-package");
    assertTrue(packages.values().stream().mapToInt(Set::size).sum() > 100, "every file is walked");
    assertFalse(
        packages.values().stream().anyMatch(c -> c.contains("package-info")),
        "a package-info is no class");
  }

  @Test
  void aClassIsNamedOnlyAsAWholeWord() {
    assertTrue(names("/** {@link ItemSource} is the seam. */", "ItemSource"));
    assertTrue(names("/** {@code DynamoDbQuery}: one query. */", "DynamoDbQuery"));
    assertTrue(names("/** {@link io.github.claimsmapper.source.ItemJson#toN} */", "ItemJson"));
    assertFalse(names("/** {@link ItemSources} are many. */", "ItemSource"), "a longer name");
    assertFalse(names("/** {@link DynamoDbItemSource} */", "ItemSource"), "a name's tail");
    assertFalse(names("/** the item json */", "ItemJson"), "another case");
    assertFalse(names("/** Nothing. */\npackage a.b.ItemJson;\n", "ItemJson"), "outside the doc");
  }

  @Test
  void theDeclarationsOfAFileAreItsTopLevelTypesOnly() {
    String source =
        """
        package a;

        /** Mentions class Other in words: no declaration. */
        @SuppressWarnings("x")
        public final class First<T> implements Runnable {
          static final class Nested {}

          String text = "class Quoted";
        }

        sealed interface Second permits First {}

        record Third(int x) {}

        enum Fourth {}
        """;
    assertEquals(Set.of("First", "Second", "Third", "Fourth"), declared(source));
  }

  /** Each package directory of the sources to the top-level classes its files declare. */
  private static Map<Path, Set<String>> topLevelClasses() throws IOException {
    Map<Path, Set<String>> packages = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(f -> f.toString().endsWith(".java")).toList();
    }
    for (Path file : files) {
      packages
          .computeIfAbsent(file.getParent(), d -> new TreeSet<>())
          .addAll(declared(Files.readString(file)));
    }
    return packages;
  }

  /** The top-level types a source file declares, read from its code alone. */
  static Set<String> declared(String source) {
    Set<String> names = new TreeSet<>();
    Matcher m = TOP_LEVEL.matcher(PackageGraphTest.codeOnly(source));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Whether the documentation of a package-info (what precedes its package line) names a class. */
  static boolean names(String packageInfo, String className) {
    Matcher declaration = Pattern.compile("(?m)^package\\s").matcher(packageInfo);
    String doc = declaration.find() ? packageInfo.substring(0, declaration.start()) : packageInfo;
    return Pattern.compile("(?<![\\w$])" + Pattern.quote(className) + "(?![\\w$])")
        .matcher(doc)
        .find();
  }
}
