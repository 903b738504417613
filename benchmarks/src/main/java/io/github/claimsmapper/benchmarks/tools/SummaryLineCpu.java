package io.github.claimsmapper.benchmarks.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the per-invocation summary line costs in CPU, for two builds of the main jar at once:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.claimsmapper.benchmarks.tools.SummaryLineCpu
 * OLD.jar NEW.jar [ROUNDS]}, from the repository root. Each jar's handler runs on its own class
 * loader with an event-only mapping (no DynamoDB, no other log line), at LOG_LEVEL INFO (the line
 * is written) and WARN (nothing is written); the four run interleaved in batches of 2,000 sign-ins,
 * rotating the order every round, and each batch is timed in the calling thread's CPU time, which
 * other processes on a loaded machine disturb far less than wall time. Output goes to a counting
 * sink, so this is the line's CPU cost without the write to the log.
 */
public final class SummaryLineCpu {
  private SummaryLineCpu() {}

  /** Drops what the log writes. */
  static final class Sink extends OutputStream {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  public static void main(String[] a) throws Exception {
    byte[] event = Files.readAllBytes(Path.of("events/v2-authentication.json"));
    Path mapping = Files.createTempFile("m", ".yaml");
    Files.writeString(mapping, "version: 1\nidToken:\n  claims:\n    email_copy: event.request.userAttributes.email\naccessToken:\n  claims:\n    client: event.callerContext.clientId\n");
    String[] jars = {a[0], a[1]};
    String[] levels = {"INFO", "WARN"};
    Object[][] handlers = new Object[2][2];
    Method[][] calls = new Method[2][2];
    PrintStream orig = System.out;
    Sink sink = new Sink();
    for (int j = 0; j < 2; j++) {
      ClassLoader cl = new URLClassLoader(new URL[]{Path.of(jars[j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> settings = cl.loadClass("io.github.claimsmapper.lambda.Settings");
      Class<?> handler = cl.loadClass("io.github.claimsmapper.lambda.Handler");
      Class<?> ctx = cl.loadClass("com.amazonaws.services.lambda.runtime.Context");
      for (int l = 0; l < 2; l++) {
        Object s = settings.getMethod("from", Map.class).invoke(null, Map.of("CLAIMS_CONFIG", mapping.toString(), "LOG_LEVEL", levels[l], "AWS_REGION", "us-east-1", "AWS_LAMBDA_FUNCTION_NAME", "bench"));
        System.setOut(new PrintStream(sink, false, "UTF-8"));
        handlers[j][l] = handler.getConstructor(settings).newInstance(s);
        System.setOut(orig);
        calls[j][l] = handler.getMethod("handleRequest", InputStream.class, OutputStream.class, ctx);
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int rounds = Integer.parseInt(a.length > 2 ? a[2] : "80"), batch = 2000;
    List<List<Double>> samples = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      samples.add(new ArrayList<>());
    }
    for (int r = 0; r < rounds; r++) {
      for (int k0 = 0; k0 < 4; k0++) {
        int k = (k0 + r) % 4, j = k / 2, l = k % 2;
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < batch; i++) {
          ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
          calls[j][l].invoke(handlers[j][l], new ByteArrayInputStream(event), out, null);
        }
        long t1 = mx.getCurrentThreadCpuTime();
        if (r >= rounds / 4) { // the first quarter warms up
          samples.get(k).add((t1 - t0) / 1000.0 / batch);
        }
      }
    }
    String[] names = {"first jar, INFO", "first jar, WARN", "second jar, INFO", "second jar, WARN"};
    double[] med = new double[4];
    for (int k = 0; k < 4; k++) {
      List<Double> s = samples.get(k);
      Collections.sort(s);
      med[k] = s.get(s.size() / 2);
      System.out.printf("%s: median %.2f us CPU/sign-in (p25 %.2f, p75 %.2f, n=%d)%n",
          names[k], med[k], s.get(s.size() / 4), s.get(3 * s.size() / 4), s.size());
    }
    System.out.printf("summary line: first jar %.2f us, second jar %.2f us (CPU per sign-in, INFO minus WARN medians)%n", med[0] - med[1], med[2] - med[3]);
  }
}
