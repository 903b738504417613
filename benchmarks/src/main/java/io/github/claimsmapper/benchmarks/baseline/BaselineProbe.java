package io.github.claimsmapper.benchmarks.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.claimsmapper.benchmarks.common.LambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline's counterpart of ours' {@code StartupProbe}: in a fresh JVM, the first use of
 * Jackson (a plain ObjectMapper reads the event), then the handler's construction (its DynamoDB
 * client: the same SDK, HTTP client and settings style), then the first invocation (one GetItem).
 * Usage: {@code java -cp baseline-handler.jar io.github.claimsmapper.benchmarks.baseline.BaselineProbe EVENT_FILE}
 */
public final class BaselineProbe {
  private BaselineProbe() {}

  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    long t0 = System.nanoTime();

    JsonNode parsed = new ObjectMapper().readTree(event);
    long t1 = System.nanoTime();

    BaselineHandler handler = new BaselineHandler();
    long t2 = System.nanoTime();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new LambdaContext("probe"));
    long t3 = System.nanoTime();

    boolean ok = parsed.has("request") && out.toString(StandardCharsets.UTF_8).contains("\"first_name\":\"Jane\"");
    System.out.printf("PROBE ok=%s jackson_ms=%.3f sdk_client_ms=%.3f first_call_ms=%.3f%n",
        ok, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
  }
}
