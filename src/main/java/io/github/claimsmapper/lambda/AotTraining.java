package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run of an ahead-of-time (AOT) cache for JDK 25 and later (JEP 483/514/515): builds
 * the function exactly as Lambda does ({@code new Handler(Wiring.from(Settings.from(env)))}, the
 * bundled mapping or {@code CLAIMS_CONFIG}) and answers sample events with it, its lookups served
 * by a {@link LoopbackTable} on 127.0.0.1, so the JVM that records the cache has loaded, linked and
 * run what a real sign-in does. Nothing leaves the machine; no AWS account is needed.
 *
 * <p>Usage (the container build in {@code deploy/container/Dockerfile} runs it):
 *
 * <pre>
 * AWS_ACCESS_KEY_ID=training AWS_SECRET_ACCESS_KEY=training \
 *   java -XX:AOTCacheOutput=claims-mapper.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
 *        -cp CLASSPATH io.github.claimsmapper.lambda.AotTraining [--item ITEM.json] [--rounds N] EVENT.json...
 * </pre>
 *
 * {@code --item} is the item the loopback table returns, in DynamoDB JSON (default: an empty item);
 * {@code --rounds} how often each event is answered (default 3). The credentials may be any values:
 * the client signs with them as it does in Lambda, and only the loopback table sees them. The cache
 * is only used by a JVM of the same build with the same class path.
 *
 * <p>Exit codes: 0 trained (a denial is an answer: the code ran); 2 usage or missing credentials.
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> processEnv, PrintStream out, PrintStream err)
      throws IOException {
    List<Path> events = new ArrayList<>();
    Path itemFile = null;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--item") && i + 1 < args.length) {
        itemFile = Path.of(args[++i]);
      } else if (args[i].equals("--rounds") && i + 1 < args.length) {
        rounds = Integer.parseInt(args[++i]);
      } else if (args[i].startsWith("--")) {
        err.println("usage: AotTraining [--item ITEM.json] [--rounds N] EVENT.json...");
        return 2;
      } else {
        events.add(Path.of(args[i]));
      }
    }
    if (events.isEmpty() || rounds < 1) {
      err.println("usage: AotTraining [--item ITEM.json] [--rounds N] EVENT.json...");
      return 2;
    }
    if (isBlank(processEnv.get("AWS_ACCESS_KEY_ID"))
        || isBlank(processEnv.get("AWS_SECRET_ACCESS_KEY"))) {
      err.println(
          "AotTraining: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values) for the"
              + " training run, so the client signs its requests as it does in Lambda; only the"
              + " loopback table sees them");
      return 2;
    }
    ObjectNode item =
        itemFile == null
            ? Json.MAPPER.createObjectNode()
            : (ObjectNode) Json.MAPPER.readTree(itemFile.toFile());
    List<byte[]> samples = new ArrayList<>();
    for (Path event : events) {
      samples.add(Files.readAllBytes(event));
    }
    try (LoopbackTable table = new LoopbackTable(item)) {
      Map<String, String> env = new HashMap<>(processEnv);
      env.put("DYNAMODB_ENDPOINT", table.endpoint());
      env.putIfAbsent("AWS_REGION", "us-east-1");
      Handler handler = new Handler(Wiring.from(Settings.from(env)));
      int answered = 0;
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < samples.size(); i++) {
          ByteArrayOutputStream response = new ByteArrayOutputStream();
          try {
            handler.handleRequest(new ByteArrayInputStream(samples.get(i)), response, null);
            answered++;
          } catch (RuntimeException denied) {
            // a denial is an answer too (Lambda reports it to Cognito as an error): the code ran
            answered++;
          }
        }
      }
      out.println(
          "AOT training: "
              + answered
              + " answers to "
              + samples.size()
              + " event(s) x "
              + rounds
              + " round(s); the loopback table answered "
              + table.answered()
              + " lookup(s)");
      if (table.answered() == 0) {
        // an event-only mapping reads no table; for any other this means the client path is not in
        // the cache
        err.println(
            "AotTraining: no lookup reached the loopback table (expected only for a mapping without"
                + " source)");
      }
      return 0;
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
