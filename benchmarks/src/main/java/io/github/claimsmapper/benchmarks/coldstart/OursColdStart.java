package io.github.claimsmapper.benchmarks.coldstart;

import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.benchmarks.common.LambdaContext;
import io.github.claimsmapper.benchmarks.common.Phases;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.lambda.Settings;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One cold start of our handler, in a fresh JVM: main → handler construction → one invocation →
 * one line of timings on standard output → exit. Environment as for the Lambda: AWS_REGION,
 * TABLE_NAME, DYNAMODB_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY; the mapping is the
 * {@code config/claims.yaml} bundled in the jar (no CLAIMS_CONFIG), as deployed by default.
 *
 * <p>Usage: {@code java -jar coldstart-ours.jar EVENT_FILE [whole|split]}
 * <ul>
 *   <li>{@code whole} (default): {@code new Handler(Wiring.from(Settings.from(System.getenv())))}, exactly what
 *       Lambda does, timed as one init phase.
 *   <li>{@code split}: the same steps the Handler constructor takes, one by one, each timed:
 *       {@code MappingLoader} on the bundled file (YAML, checks, JMESPath compile), then
 *       {@code DynamoDbClients.forLambda(env)}, then the façade and handler. (The handler's own
 *       JSON-lines log is package-private; this mode uses {@code Log.NONE}, and a successful
 *       sign-in logs nothing at INFO anyway.)
 * </ul>
 */
public final class OursColdStart {
  private OursColdStart() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    long mainEpochMs = System.currentTimeMillis();
    Phases.mark(Phases.MainStarted.class);
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    long tReady = System.nanoTime(); // init is timed from here: the event file is the harness's
    String mode = args.length > 1 ? args[1] : "whole";
    Map<String, String> env = System.getenv();

    long tLoad = 0;
    long tClient = 0;
    Handler handler;
    if ("split".equals(mode)) {
      String text;
      try (InputStream in = OursColdStart.class.getClassLoader().getResourceAsStream("config/claims.yaml")) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      MappingPlan plan = new MappingLoader(env).load("config/claims.yaml", text).plan();
      tLoad = System.nanoTime();
      Phases.mark(Phases.ConfigLoaded.class);
      DynamoDbClient client = DynamoDbClients.forLambda(env);
      tClient = System.nanoTime();
      Phases.mark(Phases.ClientBuilt.class);
      handler = new Handler(Wiring.of(new ClaimsMapper(plan, new DynamoDbItemSource(client), Log.NONE)));
    } else {
      handler = new Handler(Wiring.from(Settings.from(env)));
    }
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
    StringBuilder line = new StringBuilder(String.format(
        "COLDSTART handler=ours mode=%s ok=%s main_epoch_ms=%d first_epoch_ms=%d vm_start_epoch_ms=%d"
            + " init_ms=%.3f first_call_ms=%.3f main_to_first_ms=%.3f",
        mode, ok, mainEpochMs, firstEpochMs, runtime.getStartTime(),
        (tInit - tReady) / 1e6, (tFirst - tInit) / 1e6, (tFirst - t0) / 1e6));
    if ("split".equals(mode)) {
      line.append(String.format(" config_ms=%.3f client_ms=%.3f handler_ms=%.3f",
          (tLoad - tReady) / 1e6, (tClient - tLoad) / 1e6, (tInit - tClient) / 1e6));
    }
    System.out.println(line);
    if (!ok) {
      System.out.println("RESPONSE " + response);
      System.exit(1);
    }
  }
}
