package io.github.claimsmapper.benchmarks.warm;

import static io.github.claimsmapper.benchmarks.warm.Drivers.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.claimsmapper.benchmarks.baseline.BaselineHandler;
import io.github.claimsmapper.benchmarks.common.LambdaContext;
import io.github.claimsmapper.benchmarks.jmh.BenchFiles;
import io.github.claimsmapper.benchmarks.tools.Stats;
import io.github.claimsmapper.benchmarks.warm.Drivers.Contender;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.lambda.Settings;
import io.github.claimsmapper.source.DynamoDbClients;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warm end to end, in one JVM: our Lambda handler ({@code new Handler(Wiring.from(Settings.from(env)))}, the
 * bundled seed mapping) and the hand-written {@link BaselineHandler}, both against the same local
 * DynamoDB-compatible server on loopback, each invocation a real GetItem. Four more contenders
 * tell costs apart: ours with LOG_LEVEL=WARN (no per-invocation log line); the baseline sending the
 * same projected GetItem as ours (the server's cost of the projection); and that, with a client
 * built by our {@code DynamoDbClients.forLambda} (our timeouts and retry settings), so that what
 * remains between it and ours is the cost of our code alone; and that with a per-request
 * {@code apiCallTimeout} override on every GetItem, as our deadline puts on each call. Our handler's log lines go
 * to standard output, as in Lambda: run.sh sends them to a file. After a warm-up, they are measured in interleaved rounds (the order
 * rotates and alternates from round to round), so drift of the shared
 * machine and of the server hits both alike. Every loop is bounded in count and in time.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.warm.WarmDriver
 * --endpoint http://127.0.0.1:PORT [--table T] [--warmup N] [--rounds R] [--per-round M]
 * [--max-seconds S] [--out DIR]}. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be in the
 * process environment (any values: the server does not check them).
 */
public final class WarmDriver {
  private WarmDriver() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Drivers.options(args);
    URI endpoint = TableSetup.requireLoopback(URI.create(required(options, "endpoint")));
    String table = options.getOrDefault("table", "bench-users");
    Drivers.Plan plan = Drivers.plan(options, 3000, 250, 180);
    if (System.getenv("AWS_ACCESS_KEY_ID") == null || System.getenv("AWS_SECRET_ACCESS_KEY") == null) {
      throw new IllegalStateException("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (any values)");
    }

    TableSetup.ensure(endpoint, table);
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.remove("CLAIMS_CONFIG");
    env.put("AWS_REGION", "us-east-1");
    env.put("TABLE_NAME", table);
    env.put("DYNAMODB_ENDPOINT", endpoint.toString());
    env.put("LOG_LEVEL", "INFO");

    Map<String, String> quiet = new LinkedHashMap<>(env);
    quiet.put("LOG_LEVEL", "WARN");
    List<Contender> contenders = List.of(
        new Contender("ours", new Handler(Wiring.from(Settings.from(env)))),
        new Contender("ours LOG_LEVEL=WARN", new Handler(Wiring.from(Settings.from(quiet)))),
        new Contender("baseline", new BaselineHandler(env)),
        new Contender("baseline+projection", new BaselineHandler(env, true)),
        new Contender("baseline+proj+our client", new BaselineHandler(DynamoDbClients.forLambda(env), table, true)),
        new Contender("  ...+per-call timeout", new BaselineHandler(DynamoDbClients.forLambda(env), table, true,
            Duration.ofMillis(1400))));
    byte[] event = BenchFiles.bytes(BenchFiles.V2_EVENT);
    Context context = new LambdaContext("warm");

    byte[] ours = invoke(contenders.get(0).handler(), event, context);
    for (Contender c : contenders) {
      byte[] answer = invoke(c.handler(), event, context);
      if (!Json.MAPPER.readTree(ours).equals(Json.MAPPER.readTree(answer))) {
        throw new IllegalStateException(c.name() + " answers differently from ours:\n" + new String(ours, StandardCharsets.UTF_8)
            + "\n" + new String(answer, StandardCharsets.UTF_8));
      }
    }

    // Warm-up: interleaved, bounded by count and by a third of the time budget.
    int warmed = Drivers.warmUp(contenders, plan.warmup(), plan.maxNanos(), event, context);

    // Measured rounds: each contender runs perRound invocations in turn; the order alternates.
    double[][] samples = new double[contenders.size()][plan.rounds() * plan.perRound()];
    // CPU time of the calling thread per invocation: the client side's own work (our code, the
    // SDK's marshalling and signing, the HTTP client's syscalls), without the wait for the server.
    double[][] cpuSamples = new double[contenders.size()][plan.rounds() * plan.perRound()];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] roundMedians = new double[contenders.size()][plan.rounds()];
    int[] counts = new int[contenders.size()];
    int roundsDone = 0;
    long measureStart = System.nanoTime();
    for (int r = 0; r < plan.rounds() && System.nanoTime() - measureStart < plan.maxNanos(); r++) {
      for (int k = 0; k < contenders.size(); k++) {
        int index = (r % 2 == 0) ? (k + r / 2) % contenders.size() : contenders.size() - 1 - (k + r / 2) % contenders.size();
        RequestStreamHandler handler = contenders.get(index).handler();
        double[] round = new double[plan.perRound()];
        double[] roundCpu = new double[plan.perRound()];
        for (int j = 0; j < plan.perRound(); j++) {
          long c = threads.getCurrentThreadCpuTime();
          long t = System.nanoTime();
          invoke(handler, event, context);
          round[j] = (System.nanoTime() - t) / 1e3;
          roundCpu[j] = (threads.getCurrentThreadCpuTime() - c) / 1e3;
        }
        System.arraycopy(round, 0, samples[index], counts[index], plan.perRound());
        System.arraycopy(roundCpu, 0, cpuSamples[index], counts[index], plan.perRound());
        counts[index] += plan.perRound();
        roundMedians[index][r] = new Stats(round).median();
      }
      roundsDone++;
    }

    Stats[] stats = new Stats[contenders.size()];
    for (int i = 0; i < contenders.size(); i++) {
      stats[i] = new Stats(Arrays.copyOf(samples[i], counts[i]));
    }
    int baselineIndex = 2;
    Stats oursStats = stats[0];
    Stats baseStats = stats[baselineIndex];
    double[] roundRatios = new double[roundsDone];
    for (int r = 0; r < roundsDone; r++) {
      roundRatios[r] = roundMedians[0][r] / roundMedians[baselineIndex][r];
    }
    Stats ratioStats = new Stats(roundRatios);

    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "warm-up: %d invocations each; measured: %d rounds x %d invocations each"
        + " (%d per handler), order rotating%n", warmed, roundsDone, plan.perRound(), counts[0]));
    report.append(String.format(Locale.ROOT, "%-25s %10s %10s %10s %10s %10s %10s%n",
        "handler", "median_us", "p90_us", "p99_us", "p99.9_us", "mean_us", "min_us"));
    for (int i = 0; i < contenders.size(); i++) {
      Stats s = stats[i];
      report.append(String.format(Locale.ROOT, "%-25s %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", contenders.get(i).name(),
          s.median(), s.percentile(90), s.percentile(99), s.percentile(99.9), s.mean(), s.min()));
    }
    report.append(String.format(Locale.ROOT, "%nclient-side CPU time per invocation (calling thread; excludes the wait for the server):%n"));
    report.append(String.format(Locale.ROOT, "%-25s %10s %10s %12s%n", "handler", "median_us", "p90_us", "vs baseline"));
    Stats[] cpuStats = new Stats[contenders.size()];
    for (int i = 0; i < contenders.size(); i++) {
      cpuStats[i] = new Stats(Arrays.copyOf(cpuSamples[i], counts[i]));
    }
    for (int i = 0; i < contenders.size(); i++) {
      report.append(String.format(Locale.ROOT, "%-25s %10.1f %10.1f %12.3f%n", contenders.get(i).name(),
          cpuStats[i].median(), cpuStats[i].percentile(90), cpuStats[i].median() / cpuStats[baselineIndex].median()));
    }
    report.append(String.format(Locale.ROOT, "%nwall time: ratio ours/baseline: median %.3f, p99 %.3f; per-round median ratios:"
            + " median %.3f, min %.3f, max %.3f%n",
        oursStats.median() / baseStats.median(), oursStats.percentile(99) / baseStats.percentile(99),
        ratioStats.median(), ratioStats.min(), ratioStats.max()));
    for (int i = 1; i < contenders.size(); i++) {
      if (i != baselineIndex) {
        report.append(String.format(Locale.ROOT, "ratio %s/baseline: median %.3f, p99 %.3f%n", contenders.get(i).name(),
            stats[i].median() / baseStats.median(), stats[i].percentile(99) / baseStats.percentile(99)));
      }
    }
    report.append(String.format(Locale.ROOT, "WARM ours_median_us=%.1f ours_p99_us=%.1f baseline_median_us=%.1f"
            + " baseline_p99_us=%.1f ratio_median=%.3f ratio_p99=%.3f round_ratio_median=%.3f cpu_ratio_median=%.3f n=%d%n",
        oursStats.median(), oursStats.percentile(99), baseStats.median(), baseStats.percentile(99),
        oursStats.median() / baseStats.median(), oursStats.percentile(99) / baseStats.percentile(99),
        ratioStats.median(), cpuStats[0].median() / cpuStats[baselineIndex].median(), counts[0]));
    System.out.print(report);
    Files.writeString(plan.out().resolve("warm-summary.txt"), report);
    for (int i = 0; i < contenders.size(); i++) {
      try (PrintStream raw = new PrintStream(Files.newOutputStream(plan.out().resolve("warm-" + contenders.get(i).name().replaceAll("[^A-Za-z0-9+]+", "-") + "-us.txt")),
          false, StandardCharsets.UTF_8)) {
        for (int j = 0; j < counts[i]; j++) {
          raw.println(String.format(Locale.ROOT, "%.1f", samples[i][j]));
        }
      }
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
