package io.github.claimsmapper.benchmarks.appconfig;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.sun.net.httpserver.HttpServer;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.lambda.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a mapping from AWS AppConfig costs per invocation (the refresh check and the swap), measured through the real
 * handler (public API only) against a loopback server that answers like the AppConfig Lambda
 * extension (in this JVM, as the extension shares the function's CPU in Lambda):
 *
 * <ul>
 *   <li>{@code file}: the mapping from a file (the baseline);
 *   <li>{@code not-due}: from AppConfig, the refresh interval not passed (what almost every
 *       invocation pays with the default 30 s);
 *   <li>{@code check}: refresh interval 0, the same version each time (one loopback GET, the
 *       version header compared, the body not read);
 *   <li>{@code swap}: refresh interval 0, the server alternating two versions (every invocation
 *       reads, compiles and swaps in a new mapping).
 * </ul>
 *
 * The modes run interleaved in rounds so that load on the machine falls on all of them alike.
 * Each invocation is timed alone; the report gives median and p99 per mode, and the differences
 * to {@code file}.
 *
 * <p>Usage: {@code RefreshCheckCost EVENT MAPPING_A MAPPING_B [rounds] [perRound]}
 */
public final class RefreshCheckCost {
  private RefreshCheckCost() {}

  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    String a = Files.readString(Path.of(args[1]));
    String b = Files.readString(Path.of(args[2]));
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int perRound = args.length > 4 ? Integer.parseInt(args[4]) : 1000;

    AtomicLong requests = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "extension");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", exchange -> {
      long n = requests.incrementAndGet();
      boolean alternate = exchange.getRequestURI().getPath().endsWith("/swap");
      boolean second = alternate && n % 2 == 0;
      byte[] body = (second ? b : a).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Configuration-Version", alternate ? String.valueOf(n) : "1");
      exchange.getResponseHeaders().set("Content-Type", "application/x-yaml");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    int port = server.getAddress().getPort();

    Path file = Files.createTempFile("mapping", ".yaml");
    Files.writeString(file, a);
    PrintStream realOut = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the summary lines, in every mode alike
    Map<String, Handler> handlers = new LinkedHashMap<>();
    handlers.put("file", handler(Map.of("CLAIMS_CONFIG", file.toString())));
    handlers.put("not-due", handler(appconfig(port, "steady", "3600")));
    handlers.put("check", handler(appconfig(port, "steady", "0")));
    handlers.put("swap", handler(appconfig(port, "swap", "0")));

    Map<String, long[]> samples = new LinkedHashMap<>();
    handlers.keySet().forEach(k -> samples.put(k, new long[rounds * perRound]));
    int warmup = Math.max(1, rounds / 4);
    for (int round = -warmup; round < rounds; round++) {
      for (Map.Entry<String, Handler> mode : handlers.entrySet()) {
        long[] times = samples.get(mode.getKey());
        for (int i = 0; i < perRound; i++) {
          long started = System.nanoTime();
          invoke(mode.getValue(), event);
          long took = System.nanoTime() - started;
          if (round >= 0) {
            times[round * perRound + i] = took;
          }
        }
      }
    }
    System.setOut(realOut);
    server.stop(0);

    long[] file0 = samples.get("file");
    Arrays.sort(file0);
    System.out.printf("%-8s %12s %12s %16s %16s%n", "mode", "median µs", "p99 µs", "median - file", "p99 - file");
    for (Map.Entry<String, long[]> mode : samples.entrySet()) {
      long[] times = mode.getValue();
      Arrays.sort(times);
      double median = percentile(times, 0.50) / 1000.0;
      double p99 = percentile(times, 0.99) / 1000.0;
      System.out.printf("%-8s %12.1f %12.1f %16.1f %16.1f%n", mode.getKey(), median, p99,
          median - percentile(file0, 0.50) / 1000.0, p99 - percentile(file0, 0.99) / 1000.0);
    }
    System.out.printf("%d rounds x %d invocations per mode (after %d warm-up rounds); %d extension requests; %s %s%n",
        rounds, perRound, warmup, requests.get(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
  }

  private static Map<String, String> appconfig(int port, String profile, String refresh) {
    Map<String, String> env = new HashMap<>();
    env.put("CLAIMS_CONFIG", "appconfig:bench/prod/" + profile);
    env.put("AWS_APPCONFIG_EXTENSION_HTTP_PORT", String.valueOf(port));
    env.put("CLAIMS_CONFIG_REFRESH_SECONDS", refresh);
    return env;
  }

  private static Handler handler(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("AWS_REGION", "us-east-1");
    all.put("AWS_ACCESS_KEY_ID", "bench");
    all.put("AWS_SECRET_ACCESS_KEY", "bench");
    return new Handler(Wiring.from(Settings.from(all)));
  }

  private static void invoke(Handler handler, byte[] event) throws IOException {
    handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(512), CONTEXT);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static final Context CONTEXT = new Context() {
    @Override public String getAwsRequestId() { return "bench"; }
    @Override public String getLogGroupName() { return "bench"; }
    @Override public String getLogStreamName() { return "bench"; }
    @Override public String getFunctionName() { return "bench"; }
    @Override public String getFunctionVersion() { return "1"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:bench"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 5000; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return null; }
  };
}
