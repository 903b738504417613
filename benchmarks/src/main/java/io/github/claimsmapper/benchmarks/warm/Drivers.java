package io.github.claimsmapper.benchmarks.warm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the warm drivers share: their options and plan, their contenders, one invocation and the warm-up. */
final class Drivers {
  private Drivers() {}

  /** A handler under measurement and the name it is reported by. */
  record Contender(String name, RequestStreamHandler handler) {}

  /** How long the warm-up and the measured rounds go on, and where the results go. */
  record Plan(int warmup, int rounds, int perRound, long maxNanos, Path out) {}

  /**
   * The plan from {@code --warmup}, {@code --rounds}, {@code --per-round}, {@code --max-seconds}
   * and {@code --out}, with the driver's own defaults; creates the results directory.
   */
  static Plan plan(Map<String, String> options, int warmup, int perRound, int maxSeconds) throws IOException {
    Plan plan = new Plan(Integer.parseInt(options.getOrDefault("warmup", Integer.toString(warmup))),
        Integer.parseInt(options.getOrDefault("rounds", "20")),
        Integer.parseInt(options.getOrDefault("per-round", Integer.toString(perRound))),
        (long) (Double.parseDouble(options.getOrDefault("max-seconds", Integer.toString(maxSeconds))) * 1e9),
        Path.of(options.getOrDefault("out", "target/results")));
    Files.createDirectories(plan.out());
    return plan;
  }

  /** {@code --name value} pairs, in order, without the dashes. */
  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }

  /**
   * Warm-up: every contender in turn, {@code warmup} times at the most and for a third of {@code
   * maxNanos} at the most; returns how many times each was invoked.
   */
  static int warmUp(List<Contender> contenders, int warmup, long maxNanos, byte[] event, Context context)
      throws IOException {
    long start = System.nanoTime();
    int warmed = 0;
    while (warmed < warmup && System.nanoTime() - start < maxNanos / 3) {
      for (Contender c : contenders) {
        invoke(c.handler(), event, context);
      }
      warmed++;
    }
    return warmed;
  }

  /** One invocation as Lambda makes it: the event's bytes in, the response's bytes out. */
  static byte[] invoke(RequestStreamHandler handler, byte[] event, Context context) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    handler.handleRequest(new ByteArrayInputStream(event), out, context);
    return out.toByteArray();
  }
}
