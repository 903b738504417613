package io.github.claimsmapper.benchmarks.tools;

import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.lambda.Settings;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Map;

/**
 * One cold path without the network: builds the handler from a mapping file (CLAIMS_CONFIG) and
 * answers one event, then prints the milliseconds that took. With an event-only mapping
 * (benchmarks/mappings/event-only.yaml) no DynamoDB client is built, so a fresh JVM running this
 * shows the loader, the engine and the façade alone. Run it per jar, alternating, with Lambda's
 * flags: {@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp JAR:CLASSES
 * io.github.claimsmapper.benchmarks.tools.HandlerFromFile MAPPING EVENT}.
 */
public final class HandlerFromFile {
  private HandlerFromFile() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    Handler handler =
        new Handler(Wiring.from(
            Settings.from(
                Map.of("CLAIMS_CONFIG", args[0], "AWS_REGION", "us-east-1", "LOG_LEVEL", "ERROR"))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream event = new FileInputStream(args[1])) {
      handler.handleRequest(event, out, null);
    }
    if (out.size() == 0) {
      throw new IllegalStateException("no response");
    }
    System.out.println((System.nanoTime() - start) / 1_000_000);
  }
}
