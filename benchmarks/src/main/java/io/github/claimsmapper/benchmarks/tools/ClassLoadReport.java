package io.github.claimsmapper.benchmarks.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code -Xlog:class+load:file=LOG:uptime} logs of cold starts and tells, per phase (the
 * {@code Phases} marker classes the cold-start mains load between phases), when it ended and how
 * many classes it loaded, by library and by where they came from (the JDK's CDS archive, the
 * JDK's modules, the application jars, or generated at run time: lambdas and method handles).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.tools.ClassLoadReport LABEL=LOG ...}
 */
public final class ClassLoadReport {
  private ClassLoadReport() {}

  private static final Pattern LINE = Pattern.compile("^\\[(\\d+(?:\\.\\d+)?)s\\]\\s+(\\S+) source: (.*)$");
  private static final String MARKER = "io.github.claimsmapper.benchmarks.common.Phases$";

  /** Library of a class, by package prefix, most specific first. */
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("io.github.claimsmapper.benchmarks.", "harness");
    GROUPS.put("io.github.claimsmapper.", "ours");
    GROUPS.put("com.fasterxml.jackson.dataformat.yaml.", "jackson-yaml");
    GROUPS.put("com.fasterxml.jackson.", "jackson");
    GROUPS.put("org.yaml.snakeyaml.", "snakeyaml");
    GROUPS.put("io.burt.jmespath.", "jmespath");
    GROUPS.put("org.antlr.", "antlr");
    GROUPS.put("software.amazon.awssdk.services.dynamodb.", "sdk-dynamodb");
    GROUPS.put("software.amazon.awssdk.", "sdk-core");
    GROUPS.put("org.slf4j.", "slf4j");
    GROUPS.put("org.reactivestreams.", "reactive-streams");
    GROUPS.put("com.amazonaws.", "lambda-core");
    GROUPS.put("picocli.", "picocli");
    GROUPS.put("org.crac.", "crac");
    GROUPS.put("java.", "jdk");
    GROUPS.put("javax.", "jdk");
    GROUPS.put("jdk.", "jdk");
    GROUPS.put("sun.", "jdk");
    GROUPS.put("com.sun.", "jdk");
  }

  private static final List<String> GROUP_ORDER = List.of("jdk", "ours", "jackson", "jackson-yaml", "snakeyaml",
      "jmespath", "antlr", "sdk-core", "sdk-dynamodb", "slf4j", "reactive-streams", "lambda-core", "picocli", "crac",
      "harness", "other");

  static String group(String className) {
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      if (className.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return "other";
  }

  static String origin(String source) {
    if (source.startsWith("shared objects file")) {
      return source.contains("(top)") ? "cds-app" : "cds";
    }
    if (source.startsWith("jrt:")) {
      return "jdk-module";
    }
    if (source.startsWith("file:") || source.startsWith("jar:")) {
      return "jar";
    }
    return "generated";
  }

  private static final class Phase {
    String name;
    double endMs;
    final Map<String, Integer> byGroup = new TreeMap<>();
    final Map<String, Integer> byOrigin = new TreeMap<>();
    int total;

    Phase(String name) {
      this.name = name;
    }

    void add(String className, String source) {
      total++;
      // lambda proxies and lambda forms count as generated wherever they came from (CDS archives them)
      boolean generated = origin(source).equals("generated") || className.contains("$$Lambda")
          || className.startsWith("java.lang.invoke.LambdaForm$") || className.contains("/0x");
      String g = generated ? "generated" : group(className);
      byGroup.merge(g, 1, Integer::sum);
      byOrigin.merge(origin(source), 1, Integer::sum);
    }
  }

  public static void main(String[] args) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String label = arg.substring(0, eq);
      List<Phase> phases = new ArrayList<>();
      Phase current = new Phase("?");
      String previous = "";
      Phase all = new Phase("total");
      for (String line : Files.readAllLines(Path.of(arg.substring(eq + 1)))) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        double ms = Double.parseDouble(m.group(1)) * 1e3;
        String name = m.group(2);
        if (name.startsWith(MARKER) && !name.contains("$$")) {
          String marker = name.substring(MARKER.length());
          current.name = switch (marker) {
            case "MainStarted" -> "JVM boot → main";
            case "ConfigLoaded" -> "config load + compile";
            case "ClientBuilt" -> "SDK client build";
            case "HandlerReady" -> previous.equals("ClientBuilt") ? "façade + handler" : "init (handler construction)";
            case "FirstResponse" -> "first invocation";
            default -> marker;
          };
          previous = marker;
          current.endMs = ms;
          phases.add(current);
          current = new Phase("after first response (report, exit)");
          continue;
        }
        current.add(name, m.group(3));
        all.add(name, m.group(3));
        all.endMs = ms;
        current.endMs = ms;
      }
      phases.add(current);
      phases.add(all);

      out.append("\n**").append(label).append("** (times: JVM uptime at the end of the phase)\n\n");
      out.append("| phase | ends at ms | classes |");
      List<String> groups = GROUP_ORDER.stream().filter(g -> all.byGroup.containsKey(g)).toList();
      List<String> columns = new ArrayList<>(groups);
      if (all.byGroup.containsKey("generated")) {
        columns.add("generated");
      }
      columns.forEach(g -> out.append(' ').append(g).append(" |"));
      out.append(" from CDS | from jars |\n|---|---:|---:|");
      columns.forEach(g -> out.append("---:|"));
      out.append("---:|---:|\n");
      for (Phase p : phases) {
        boolean total = p == all;
        out.append(String.format(Locale.ROOT, "| %s | %s | %d |", total ? "**total**" : p.name,
            total ? "" : String.format(Locale.ROOT, "%.0f", p.endMs), p.total));
        columns.forEach(g -> out.append(' ').append(p.byGroup.getOrDefault(g, 0)).append(" |"));
        out.append(String.format(Locale.ROOT, " %d | %d |%n",
            p.byOrigin.getOrDefault("cds", 0) + p.byOrigin.getOrDefault("cds-app", 0), p.byOrigin.getOrDefault("jar", 0)));
      }
    }
    System.out.print(out);
  }
}
