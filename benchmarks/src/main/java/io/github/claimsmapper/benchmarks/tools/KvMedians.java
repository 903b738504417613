package io.github.claimsmapper.benchmarks.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Medians of {@code key=value} lines: every line starting with PREFIX is one run; runs are grouped
 * by the value of GROUP_KEY, and every numeric key becomes a column of medians (runs with
 * {@code ok=false} are left out). Output: a Markdown table.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.tools.KvMedians FILE PREFIX GROUP_KEY}
 */
public final class KvMedians {
  private KvMedians() {}

  public static void main(String[] args) throws IOException {
    String prefix = args[1] + " ";
    String groupKey = args[2];
    Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
    Set<String> columns = new LinkedHashSet<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      Map<String, String> run = new LinkedHashMap<>();
      for (String token : line.substring(prefix.length()).trim().split("\\s+")) {
        int eq = token.indexOf('=');
        if (eq > 0) {
          run.put(token.substring(0, eq), token.substring(eq + 1));
        }
      }
      if ("false".equals(run.get("ok"))) {
        continue;
      }
      run.forEach((k, v) -> {
        if (!k.equals(groupKey) && v.matches("-?[0-9.]+")) {
          columns.add(k);
        }
      });
      groups.computeIfAbsent(run.get(groupKey), k -> new ArrayList<>()).add(run);
    }
    StringBuilder out = new StringBuilder("| " + groupKey + " | runs |");
    columns.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append("\n|---|---:|");
    columns.forEach(c -> out.append("---:|"));
    out.append('\n');
    groups.forEach((group, runs) -> {
      out.append("| ").append(group).append(" | ").append(runs.size()).append(" |");
      for (String c : columns) {
        double[] values = runs.stream().filter(r -> r.containsKey(c)).mapToDouble(r -> Double.parseDouble(r.get(c))).toArray();
        out.append(values.length == 0 ? " – |" : String.format(Locale.ROOT, " %.1f |", new Stats(values).median()));
      }
      out.append('\n');
    });
    System.out.print(out);
  }
}
