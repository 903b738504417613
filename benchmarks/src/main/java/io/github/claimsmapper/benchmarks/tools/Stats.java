package io.github.claimsmapper.benchmarks.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Order statistics over a sample (nearest-rank percentiles; the median averages the middle two). */
public final class Stats {
  private final double[] sorted;

  /**
   * Prints order statistics of the numbers in the given files (whitespace-separated):
   * {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.tools.Stats FILE...}
   */
  public static void main(String[] args) throws IOException {
    for (String file : args) {
      String text = Files.readString(Path.of(file)).trim();
      Stats s = new Stats(text.isEmpty() ? new double[0]
          : Arrays.stream(text.split("\\s+")).mapToDouble(Double::parseDouble).toArray());
      System.out.printf(Locale.ROOT, "n=%d median=%.1f p90=%.1f min=%.1f max=%.1f mean=%.1f%n",
          s.count(), s.median(), s.percentile(90), s.min(), s.max(), s.mean());
    }
  }

  public Stats(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  public int count() {
    return sorted.length;
  }

  public double median() {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Nearest-rank percentile, {@code p} in (0, 100]. */
  public double percentile(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public double min() {
    return sorted.length == 0 ? Double.NaN : sorted[0];
  }

  public double max() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  public double mean() {
    return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
  }
}
