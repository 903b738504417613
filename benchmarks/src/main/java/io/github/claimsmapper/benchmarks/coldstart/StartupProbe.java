package io.github.claimsmapper.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.benchmarks.common.LambdaContext;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the cold start of our handler goes, library by library: in a fresh JVM, the first use of
 * each library the init needs, in the order the handler needs them, each step timed. A step's
 * time is its marginal cost given the steps before it (class loading, static initialisation,
 * interpretation of code run for the first time). Steps 1-4 together are what {@code split} mode
 * calls "config load + compile".
 * <ol>
 *   <li>jackson: {@code Json.MAPPER} (the project's ObjectMapper) reads the event;
 *   <li>yaml: a YAML ObjectMapper (jackson-dataformat-yaml + SnakeYAML) reads config/claims.yaml
 *       into a tree;
 *   <li>jmespath: a JacksonRuntime is created and the four expressions of the seed mapping compiled;
 *   <li>loader: {@code MappingLoader} loads the bundled seed mapping (its own parse, checks, compile,
 *       with the libraries above already warm);
 *   <li>sdk-client: {@code DynamoDbClients.forLambda(env)};
 *   <li>first-call: the façade and handler are built and answer the event (one GetItem).
 * </ol>
 * Usage: {@code java -cp coldstart-ours.jar io.github.claimsmapper.benchmarks.coldstart.StartupProbe EVENT_FILE}
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    String text;
    try (InputStream in = StartupProbe.class.getClassLoader().getResourceAsStream("config/claims.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> env = System.getenv();
    long t0 = System.nanoTime();

    JsonNode parsed = Json.MAPPER.readTree(event);
    long t1 = System.nanoTime();

    JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(text);
    long t2 = System.nanoTime();

    JacksonRuntime runtime = new JacksonRuntime(RuntimeConfiguration.builder().withSilentTypeErrors(false).build());
    for (String expression : new String[] {"item.first_name", "item.last_name", "item.interesting_value", "event.userName"}) {
      runtime.compile(expression);
    }
    long t3 = System.nanoTime();

    MappingPlan plan = new MappingLoader(env).load("config/claims.yaml", text).plan();
    long t4 = System.nanoTime();

    DynamoDbClient client = DynamoDbClients.forLambda(env);
    long t5 = System.nanoTime();

    Handler handler = new Handler(Wiring.of(new ClaimsMapper(plan, new DynamoDbItemSource(client), Log.NONE)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new LambdaContext("probe"));
    long t6 = System.nanoTime();

    boolean ok = parsed.has("request") && yaml.has("version") && out.toString(StandardCharsets.UTF_8).contains("\"first_name\":\"Jane\"");
    System.out.printf("PROBE ok=%s jackson_ms=%.3f yaml_ms=%.3f jmespath_ms=%.3f loader_ms=%.3f sdk_client_ms=%.3f first_call_ms=%.3f%n",
        ok, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6, (t6 - t5) / 1e6);
  }
}
