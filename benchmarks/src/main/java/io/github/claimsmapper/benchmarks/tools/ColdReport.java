package io.github.claimsmapper.benchmarks.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Summarizes the cold-start runs that {@code run.sh cold} recorded, one {@code RUN key=value ...}
 * line per JVM (the script's launch and exit timestamps, {@code /usr/bin/time}'s peak RSS, and the
 * {@code COLDSTART} line the JVM printed), as Markdown tables of medians and ratios ours/baseline.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.tools.ColdReport RUNS_FILE}
 */
public final class ColdReport {
  private ColdReport() {}

  private record Metric(String title, ToDoubleFunction<Map<String, String>> value) {}

  private static final List<Metric> METRICS = List.of(
      new Metric("launch → first response ms", r -> num(r, "first_epoch_ms") - num(r, "launch_us") / 1e3),
      new Metric("process wall ms", r -> (num(r, "exit_us") - num(r, "launch_us")) / 1e3),
      new Metric("launch → main ms", r -> num(r, "main_epoch_ms") - num(r, "launch_us") / 1e3),
      new Metric("init ms", r -> num(r, "init_ms")),
      new Metric("first call ms", r -> num(r, "first_call_ms")),
      new Metric("peak RSS MB", r -> num(r, "rss_kb") / 1024));

  public static void main(String[] args) throws IOException {
    List<Map<String, String>> runs = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.startsWith("RUN ")) {
        continue;
      }
      Map<String, String> run = new LinkedHashMap<>();
      for (String token : line.substring(4).trim().split("\\s+")) {
        int eq = token.indexOf('=');
        if (eq > 0) {
          run.put(token.substring(0, eq), token.substring(eq + 1));
        }
      }
      if ("true".equals(run.get("ok"))) {
        runs.add(run);
      }
    }
    Map<String, Map<String, List<Map<String, String>>>> byConfig = new LinkedHashMap<>();
    for (Map<String, String> run : runs) {
      byConfig.computeIfAbsent(run.get("config"), k -> new LinkedHashMap<>())
          .computeIfAbsent(run.get("handler") + "/" + run.get("mode"), k -> new ArrayList<>()).add(run);
    }

    StringBuilder out = new StringBuilder();
    out.append("| JVM flags | handler | runs |");
    METRICS.forEach(m -> out.append(' ').append(m.title()).append(" |"));
    out.append("\n|---|---|---:|");
    METRICS.forEach(m -> out.append("---:|"));
    out.append('\n');
    for (Map.Entry<String, Map<String, List<Map<String, String>>>> config : byConfig.entrySet()) {
      for (Map.Entry<String, List<Map<String, String>>> group : config.getValue().entrySet()) {
        out.append("| ").append(config.getKey()).append(" | ").append(group.getKey()).append(" | ")
            .append(group.getValue().size()).append(" |");
        for (Metric m : METRICS) {
          out.append(' ').append(format(median(group.getValue(), m.value()))).append(" |");
        }
        out.append('\n');
      }
      List<Map<String, String>> ours = config.getValue().get("ours/whole");
      List<Map<String, String>> base = config.getValue().get("baseline/whole");
      if (ours != null && base != null) {
        out.append("| ").append(config.getKey()).append(" | **ratio ours/baseline** | |");
        for (Metric m : METRICS) {
          out.append(String.format(Locale.ROOT, " **%.2f** |", median(ours, m.value()) / median(base, m.value())));
        }
        out.append('\n');
      }
      List<Map<String, String>> node = nodeRuns(byConfig);
      if (ours != null && !node.isEmpty()) {
        out.append("| ").append(config.getKey()).append(" | **ratio ours/node** | |");
        for (Metric m : METRICS) {
          double ratio = median(ours, m.value()) / median(node, m.value());
          out.append(Double.isNaN(ratio) ? " – |" : String.format(Locale.ROOT, " **%.2f** |", ratio));
        }
        out.append('\n');
      }
    }

    out.append("\nPaired ratios: in each iteration ours and the baseline ran back to back; the ratio of their"
        + " launch → first response times, per iteration, then the median over the iterations:\n\n");
    out.append("| JVM flags | pairs | median ratio | min | max |\n|---|---:|---:|---:|---:|\n");
    paired(byConfig, "baseline/whole", out);
    if (!nodeRuns(byConfig).isEmpty()) {
      out.append("\nPaired ratios against the Node.js baseline (one Node run per iteration, in the same iteration):\n\n");
      out.append("| JVM flags | pairs | median ratio ours/node | min | max |\n|---|---:|---:|---:|---:|\n");
      paired(byConfig, "node", out);
    }
    splits(byConfig, out);
    System.out.print(out);
  }

  /** The Node.js baseline's runs: recorded under config "node", whatever the JVM settings. */
  private static List<Map<String, String>> nodeRuns(Map<String, Map<String, List<Map<String, String>>>> byConfig) {
    return byConfig.getOrDefault("node", Map.of()).getOrDefault("node/whole", List.of());
  }

  private static void paired(Map<String, Map<String, List<Map<String, String>>>> byConfig, String against, StringBuilder out) {
    for (Map.Entry<String, Map<String, List<Map<String, String>>>> config : byConfig.entrySet()) {
      List<Map<String, String>> ours = config.getValue().getOrDefault("ours/whole", List.of());
      List<Map<String, String>> base = "node".equals(against) ? nodeRuns(byConfig)
          : config.getValue().getOrDefault(against, List.of());
      List<Double> ratios = new ArrayList<>();
      for (Map<String, String> o : ours) {
        for (Map<String, String> b : base) {
          if (o.get("iter").equals(b.get("iter"))) {
            ratios.add(METRICS.get(0).value().applyAsDouble(o) / METRICS.get(0).value().applyAsDouble(b));
          }
        }
      }
      if (!ratios.isEmpty()) {
        Stats r = new Stats(ratios.stream().mapToDouble(Double::doubleValue).toArray());
        out.append(String.format(Locale.ROOT, "| %s | %d | **%.2f** | %.2f | %.2f |%n", config.getKey(), r.count(), r.median(), r.min(), r.max()));
      }
    }
  }

  private static void splits(Map<String, Map<String, List<Map<String, String>>>> byConfig, StringBuilder out) {
    if (byConfig.values().stream().noneMatch(c -> c.containsKey("ours/split"))) {
      return;
    }
    out.append("\nInit split of ours (mode split: the Handler constructor's steps timed one by one), medians:\n\n");
    out.append("| JVM flags | runs | config load + compile ms | SDK client build ms | façade + handler ms | init ms | first call ms | launch → first response ms |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Map<String, List<Map<String, String>>>> config : byConfig.entrySet()) {
      List<Map<String, String>> split = config.getValue().get("ours/split");
      if (split == null) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s |%n", config.getKey(), split.size(),
          format(median(split, r -> num(r, "config_ms"))), format(median(split, r -> num(r, "client_ms"))),
          format(median(split, r -> num(r, "handler_ms"))), format(median(split, r -> num(r, "init_ms"))),
          format(median(split, r -> num(r, "first_call_ms"))), format(median(split, METRICS.get(0).value()))));
    }
  }

  private static double median(List<Map<String, String>> runs, ToDoubleFunction<Map<String, String>> value) {
    return new Stats(runs.stream().mapToDouble(value).toArray()).median();
  }

  private static double num(Map<String, String> run, String key) {
    String value = run.get(key);
    return value == null ? Double.NaN : Double.parseDouble(value);
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
  }
}
