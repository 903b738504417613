package io.github.claimsmapper.benchmarks.jmh;

import io.github.claimsmapper.benchmarks.tools.Stats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A complement to JMH for a shared, oversubscribed machine: the same operations as the JMH
 * benchmarks, run in short batches that are interleaved (the order rotates every round), each
 * batch timed both by the wall clock and by this thread's CPU time. CPU time leaves out the time
 * the thread waited for a core while other processes ran, which is what makes wall-clock JMH
 * iterations on a busy 2-core machine scatter; it also leaves out GC work done by GC threads
 * (allocation per op is in the JMH results). Bounded: about 2 s warm-up per operation, then
 * {@code rounds} rounds of {@code batchMillis} per operation.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.jmh.InterleavedCpuBench [ROUNDS] [BATCH_MS]}
 */
public final class InterleavedCpuBench {
  private InterleavedCpuBench() {}

  private record Op(String name, Callable<Object> body) {}

  private static volatile Object sink;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    long batchNanos = (args.length > 1 ? Long.parseLong(args[1]) : 50) * 1_000_000L;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    PlanApplyBenchmark apply = new PlanApplyBenchmark();
    apply.setUp();
    FacadeBenchmark facade = new FacadeBenchmark();
    facade.setUp();
    List<Op> ops = List.of(
        new Op("PlanApplyBenchmark.seedApply", apply::seedApply),
        new Op("PlanApplyBenchmark.claims50Apply", apply::claims50Apply),
        new Op("FacadeBenchmark.seedRespond", facade::seedRespond),
        new Op("FacadeBenchmark.claims50Respond", facade::claims50Respond),
        new Op("FacadeBenchmark.baselineRespond", facade::baselineRespond));

    // Warm-up and batch sizing: about batchNanos of work per batch.
    long[] batch = new long[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      long start = System.nanoTime();
      long n = 0;
      while (System.nanoTime() - start < 2_000_000_000L) {
        sink = ops.get(i).body().call();
        n++;
      }
      batch[i] = Math.max(1, n * batchNanos / 2_000_000_000L);
    }

    List<List<Double>> cpu = new ArrayList<>();
    List<List<Double>> wall = new ArrayList<>();
    ops.forEach(o -> {
      cpu.add(new ArrayList<>());
      wall.add(new ArrayList<>());
    });
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < ops.size(); k++) {
        int i = (k + r) % ops.size();
        Callable<Object> body = ops.get(i).body();
        long c0 = threads.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        for (long j = 0; j < batch[i]; j++) {
          sink = body.call();
        }
        long w1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        cpu.get(i).add((c1 - c0) / 1e3 / batch[i]);
        wall.get(i).add((w1 - w0) / 1e3 / batch[i]);
      }
    }

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%d interleaved rounds, one batch of about %d ms per operation each%n%n",
        rounds, batchNanos / 1_000_000));
    out.append("| operation | CPU µs/op median | CPU min – max | wall µs/op median | wall min – max | ops per batch |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < ops.size(); i++) {
      Stats c = new Stats(cpu.get(i).stream().mapToDouble(Double::doubleValue).toArray());
      Stats w = new Stats(wall.get(i).stream().mapToDouble(Double::doubleValue).toArray());
      out.append(String.format(Locale.ROOT, "| %s | **%.3f** | %.3f – %.3f | %.3f | %.3f – %.3f | %d |%n",
          ops.get(i).name(), c.median(), c.min(), c.max(), w.median(), w.min(), w.max(), batch[i]));
    }
    Stats seed = new Stats(cpu.get(2).stream().mapToDouble(Double::doubleValue).toArray());
    Stats base = new Stats(cpu.get(4).stream().mapToDouble(Double::doubleValue).toArray());
    out.append(String.format(Locale.ROOT, "%nfaçade, seed mapping, ours/baseline (CPU medians): %.2f%n",
        seed.median() / base.median()));
    System.out.print(out);
  }
}
