package io.github.claimsmapper.benchmarks.baseline;

import io.github.claimsmapper.benchmarks.common.LambdaContext;
import io.github.claimsmapper.benchmarks.common.Phases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start of the hand-written baseline, in a fresh JVM: main → handler construction → one
 * invocation → one line of timings on standard output → exit. Environment: AWS_REGION,
 * TABLE_NAME, DYNAMODB_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
 *
 * <p>Usage: {@code java -jar baseline-handler.jar EVENT_FILE}
 */
public final class BaselineColdStart {
  private BaselineColdStart() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    long mainEpochMs = System.currentTimeMillis();
    Phases.mark(Phases.MainStarted.class);
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    long tReady = System.nanoTime(); // init is timed from here: the event file is the harness's

    BaselineHandler handler = new BaselineHandler();
    long tInit = System.nanoTime();
    Phases.mark(Phases.HandlerReady.class);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new LambdaContext("cold-start"));
    long tFirst = System.nanoTime();
    long firstEpochMs = System.currentTimeMillis();
    Phases.mark(Phases.FirstResponse.class);

    String response = out.toString(StandardCharsets.UTF_8);
    boolean ok = response.contains("\"first_name\":\"Jane\"") && response.contains("\"interesting_value\":\"blue\"");
    // The JVM's own start time is read last: the management classes cost time of their own.
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    System.out.printf("COLDSTART handler=baseline mode=whole ok=%s main_epoch_ms=%d first_epoch_ms=%d"
            + " vm_start_epoch_ms=%d init_ms=%.3f first_call_ms=%.3f main_to_first_ms=%.3f%n",
        ok, mainEpochMs, firstEpochMs, runtime.getStartTime(),
        (tInit - tReady) / 1e6, (tFirst - tInit) / 1e6, (tFirst - t0) / 1e6);
    if (!ok) {
      System.out.println("RESPONSE " + response);
      System.exit(1);
    }
  }
}
