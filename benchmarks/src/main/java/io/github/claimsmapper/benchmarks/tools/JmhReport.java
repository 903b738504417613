package io.github.claimsmapper.benchmarks.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns JMH's JSON result file into a Markdown table: per benchmark the median of all measurement
 * iterations (all forks), JMH's mean ± 99.9% error, min and max iteration, and the allocation per
 * operation when run with {@code -prof gc}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.tools.JmhReport jmh.json}
 */
public final class JmhReport {
  private JmhReport() {}

  public static void main(String[] args) throws IOException {
    JsonNode results = Json.MAPPER.readTree(Path.of(args[0]).toFile());
    StringBuilder out = new StringBuilder();
    out.append("| benchmark | median | mean ± error (99.9%) | min – max iteration | iterations | alloc B/op |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    for (JsonNode result : results) {
      JsonNode primary = result.path("primaryMetric");
      List<Double> iterations = new ArrayList<>();
      primary.path("rawData").forEach(fork -> fork.forEach(v -> iterations.add(v.asDouble())));
      Stats stats = new Stats(iterations.stream().mapToDouble(Double::doubleValue).toArray());
      String unit = primary.path("scoreUnit").asText();
      JsonNode secondary = result.path("secondaryMetrics");
      JsonNode alloc = secondary.has("gc.alloc.rate.norm") ? secondary.path("gc.alloc.rate.norm") : secondary.path("·gc.alloc.rate.norm");
      String name = result.path("benchmark").asText();
      out.append(String.format(Locale.ROOT, "| %s | **%.3f %s** | %.3f ± %.3f | %.3f – %.3f | %d | %s |%n",
          name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), stats.median(), unit,
          primary.path("score").asDouble(), primary.path("scoreError").asDouble(), stats.min(), stats.max(),
          stats.count(), alloc.isMissingNode() ? "–" : String.format(Locale.ROOT, "%.0f", alloc.path("score").asDouble())));
    }
    System.out.print(out);
  }
}
