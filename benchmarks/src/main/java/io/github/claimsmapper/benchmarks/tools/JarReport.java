package io.github.claimsmapper.benchmarks.tools;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the shaded jar is made of: every entry is attributed to the dependency jar it came from
 * (by name, from the main project's runtime classpath), summed by dependency and by package, with
 * the compressed bytes each takes in the jar; and, from {@code -Xlog:class+load} logs of real runs
 * (Lambda cold start, CLI render, CLI validate), how many of each dependency's classes were loaded
 * at all.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.tools.JarReport
 * SHADED_JAR CLASSPATH_FILE [LABEL=CLASS_LOAD_LOG ...]}, where CLASSPATH_FILE is the output of
 * {@code mvn dependency:build-classpath -Dmdep.outputFile=...} on the main pom.
 */
public final class JarReport {
  private JarReport() {}

  private static final String OWN = "(own classes and config)";
  private static final String MERGED = "(shade: manifest, merged or shared META-INF)";
  private static final Pattern ARTIFACT = Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/[^/]+\\.jar$");
  private static final Pattern LOADED = Pattern.compile("^\\[[^\\]]*\\]\\s+(\\S+) source: (?:file:|jar:)?.*$");

  private static final class Sum {
    int entries;
    int classes;
    long compressed;
    long size;
    final Map<String, Integer> loaded = new HashMap<>();
  }

  public static void main(String[] args) throws IOException {
    Path shaded = Path.of(args[0]);
    Map<String, String> owner = new HashMap<>();
    Set<String> shared = new HashSet<>();
    for (String jar : Files.readString(Path.of(args[1])).trim().split(File.pathSeparator)) {
      if (jar.isBlank() || !jar.endsWith(".jar")) {
        continue;
      }
      String artifact = artifactName(jar);
      try (ZipFile zip = new ZipFile(jar)) {
        zip.stream().filter(e -> !e.isDirectory()).forEach(e -> {
          String previous = owner.putIfAbsent(e.getName(), artifact);
          if (previous != null && !previous.equals(artifact)) {
            shared.add(e.getName());
          }
        });
      }
    }
    Map<String, Set<String>> loadedClasses = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      Set<String> names = new HashSet<>();
      for (String line : Files.readAllLines(Path.of(args[i].substring(eq + 1)))) {
        Matcher m = LOADED.matcher(line);
        if (m.matches() && line.contains(shaded.getFileName().toString())) {
          names.add(m.group(1).replace('.', '/') + ".class");
        }
      }
      loadedClasses.put(args[i].substring(0, eq), names);
    }

    Map<String, Sum> byArtifact = new TreeMap<>();
    Map<String, Sum> byPackage = new TreeMap<>();
    Sum total = new Sum();
    try (ZipFile zip = new ZipFile(shaded.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        if (e.isDirectory()) {
          continue;
        }
        String name = e.getName();
        String artifact = name.startsWith("io/github/claimsmapper/") || name.startsWith("config/") ? OWN
            : shared.contains(name) || !owner.containsKey(name) ? MERGED : owner.get(name);
        for (Sum s : List.of(byArtifact.computeIfAbsent(artifact, k -> new Sum()),
            byPackage.computeIfAbsent(packageOf(name), k -> new Sum()), total)) {
          s.entries++;
          s.compressed += e.getCompressedSize();
          s.size += e.getSize();
          if (name.endsWith(".class")) {
            s.classes++;
          }
          for (Map.Entry<String, Set<String>> run : loadedClasses.entrySet()) {
            if (run.getValue().contains(name)) {
              s.loaded.merge(run.getKey(), 1, Integer::sum);
            }
          }
        }
      }
    }

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s: %,d bytes on disk (%.2f MB), %d entries, %d classes%n%n",
        shaded.getFileName(), Files.size(shaded), Files.size(shaded) / 1e6, total.entries, total.classes));
    out.append("By dependency (compressed size in the jar; classes loaded in each run):\n\n");
    header(out, "dependency", loadedClasses.keySet());
    rows(out, byArtifact, Integer.MAX_VALUE, total, loadedClasses.keySet());
    out.append("\nBiggest packages (top 25 by compressed size):\n\n");
    header(out, "package", loadedClasses.keySet());
    rows(out, byPackage, 25, total, loadedClasses.keySet());
    System.out.print(out);
  }

  private static void header(StringBuilder out, String what, Set<String> runs) {
    out.append("| ").append(what).append(" | KB | % of jar | entries | classes |");
    runs.forEach(r -> out.append(" loaded: ").append(r).append(" |"));
    out.append("\n|---|---:|---:|---:|---:|");
    runs.forEach(r -> out.append("---:|"));
    out.append('\n');
  }

  private static void rows(StringBuilder out, Map<String, Sum> sums, int limit, Sum total, Set<String> runs) {
    List<Map.Entry<String, Sum>> sorted = new ArrayList<>(sums.entrySet());
    sorted.sort(Comparator.comparingLong((Map.Entry<String, Sum> e) -> e.getValue().compressed).reversed());
    for (Map.Entry<String, Sum> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
      Sum s = e.getValue();
      out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %d | %d |", e.getKey(), s.compressed / 1024.0,
          100.0 * s.compressed / total.compressed, s.entries, s.classes));
      runs.forEach(r -> out.append(' ').append(s.loaded.getOrDefault(r, 0)).append(" |"));
      out.append('\n');
    }
  }

  private static String artifactName(String jar) {
    Matcher m = ARTIFACT.matcher(jar.replace('\\', '/'));
    if (m.matches()) {
      return m.group(1).replace('/', '.') + ":" + m.group(2) + ":" + m.group(3);
    }
    return Path.of(jar).getFileName().toString();
  }

  /** A package to sum by: deeper inside the AWS SDK and Jackson, where the weight is. */
  private static String packageOf(String name) {
    String[] parts = name.split("/");
    int depth;
    if (name.startsWith("software/amazon/awssdk/services/")) {
      depth = 6;
    } else if (name.startsWith("software/amazon/awssdk/") || name.startsWith("com/fasterxml/jackson/")) {
      depth = 4;
    } else if (name.startsWith("META-INF/")) {
      depth = 2;
    } else {
      depth = 3;
    }
    int n = Math.min(depth, parts.length - 1);
    return n <= 0 ? "(root)" : String.join("/", java.util.Arrays.copyOf(parts, n));
  }
}
