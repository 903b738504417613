package io.github.claimsmapper.benchmarks.jmh;

import io.github.claimsmapper.benchmarks.common.LambdaContext;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.lambda.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the per-invocation summary line costs: the real handler on an event-only mapping (no
 * DynamoDB, no other log line), with {@code LOG_LEVEL} INFO (the summary line, and with it the
 * embedded metrics, is written) against WARN (an allowed sign-in writes nothing). The difference
 * of the two is the line. Standard output goes to a stream that counts and drops, set before the
 * handler is built because the handler's log takes {@code System.out} then.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SummaryLineBenchmark {
  @Param({"INFO", "WARN"})
  public String logLevel;

  private Handler handler;
  private byte[] event;
  private PrintStream original;
  private final LambdaContext context = new LambdaContext("bench-request");

  /** Counts the bytes, so the JIT cannot drop the writes. */
  static final class Sink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  private final Sink sink = new Sink();

  @Setup
  public void setUp() throws IOException {
    event = BenchFiles.bytes(BenchFiles.V2_EVENT);
    Path mapping = Files.createTempFile("summary-line", ".yaml");
    Files.writeString(mapping, "version: 1\nidToken:\n  claims:\n    email_copy: event.request.userAttributes.email\n"
        + "accessToken:\n  claims:\n    client: event.callerContext.clientId\n", StandardCharsets.UTF_8);
    original = System.out;
    System.setOut(new PrintStream(sink, false, StandardCharsets.UTF_8));
    handler = new Handler(Wiring.from(Settings.from(Map.of("CLAIMS_CONFIG", mapping.toString(), "LOG_LEVEL", logLevel,
        "AWS_REGION", "us-east-1", "AWS_LAMBDA_FUNCTION_NAME", "bench"))));
  }

  @TearDown
  public void tearDown() {
    System.setOut(original);
    if (logLevel.equals("INFO") && sink.bytes == 0) {
      throw new IllegalStateException("no summary line was written at INFO");
    }
  }

  @Benchmark
  public byte[] signIn() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
