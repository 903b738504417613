package io.github.claimsmapper.benchmarks.warm;

import static io.github.claimsmapper.benchmarks.warm.Drivers.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.claimsmapper.benchmarks.baseline.BaselineQueryHandler;
import io.github.claimsmapper.benchmarks.common.LambdaContext;
import io.github.claimsmapper.benchmarks.jmh.BenchFiles;
import io.github.claimsmapper.benchmarks.tools.Stats;
import io.github.claimsmapper.benchmarks.warm.Drivers.Contender;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.lambda.Settings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Warm end to end with a query, in one JVM: our Lambda handler with {@code
 * benchmarks/mappings/get-and-query.yaml} (one GetItem, one Query) against the hand-written {@link
 * BaselineQueryHandler} making the same two calls, both against the same local DynamoDB-compatible
 * server on loopback. The target: ours at most 1.1 times the baseline's median. Measured as {@link
 * WarmDriver} measures: a bounded warm-up, then interleaved rounds whose order alternates.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.claimsmapper.benchmarks.warm.QueryWarmDriver
 * --endpoint http://127.0.0.1:PORT [--table T] [--warmup N] [--rounds R] [--per-round M]
 * [--max-seconds S] [--out DIR]}; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set (any values).
 */
public final class QueryWarmDriver {
  private QueryWarmDriver() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Drivers.options(args);
    URI endpoint = TableSetup.requireLoopback(URI.create(options.get("endpoint")));
    String table = options.getOrDefault("table", "bench-users");
    String memberships = table + "-memberships";
    Drivers.Plan plan = Drivers.plan(options, 2000, 200, 150);

    DynamoDbClient client = TableSetup.client(endpoint);
    // the tables are made by the setup step (run.sh: QueryWarmDriver$Setup, with the full SDK)

    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.put("AWS_REGION", "us-east-1");
    env.put("TABLE_NAME", table);
    env.put("MEMBERSHIPS_TABLE", memberships);
    env.put("DYNAMODB_ENDPOINT", endpoint.toString());
    env.put("CLAIMS_CONFIG", "benchmarks/mappings/get-and-query.yaml");
    env.put("LOG_LEVEL", "INFO");
    List<Contender> contenders = List.of(
        new Contender("ours get+query", new Handler(Wiring.from(Settings.from(env)))),
        new Contender("baseline get+query", new BaselineQueryHandler(client, table, memberships)));
    byte[] event = BenchFiles.bytes(BenchFiles.V2_EVENT);
    Context context = new LambdaContext("warm-query");
    byte[] ours = null;
    for (int attempt = 1; ours == null; attempt++) { // the first, cold call may miss even 4.5 s here
      try {
        ours = invoke(contenders.get(0).handler(), event, context);
      } catch (RuntimeException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
    byte[] theirs = invoke(contenders.get(1).handler(), event, context);
    if (!Json.MAPPER.readTree(ours).equals(Json.MAPPER.readTree(theirs))) {
      throw new IllegalStateException("the baseline answers differently from ours:\n"
          + new String(ours, StandardCharsets.UTF_8) + "\n" + new String(theirs, StandardCharsets.UTF_8));
    }

    int warmed = Drivers.warmUp(contenders, plan.warmup(), plan.maxNanos(), event, context);
    double[][] samples = new double[2][plan.rounds() * plan.perRound()];
    double[][] roundMedians = new double[2][plan.rounds()];
    int[] counts = new int[2];
    int roundsDone = 0;
    long measureStart = System.nanoTime();
    for (int r = 0; r < plan.rounds() && System.nanoTime() - measureStart < plan.maxNanos(); r++) {
      for (int k = 0; k < 2; k++) {
        int index = (k + r) % 2; // alternate who goes first
        double[] round = new double[plan.perRound()];
        for (int j = 0; j < plan.perRound(); j++) {
          long t = System.nanoTime();
          invoke(contenders.get(index).handler(), event, context);
          round[j] = (System.nanoTime() - t) / 1e3;
        }
        System.arraycopy(round, 0, samples[index], counts[index], plan.perRound());
        counts[index] += plan.perRound();
        roundMedians[index][r] = new Stats(round).median();
      }
      roundsDone++;
    }
    Stats oursStats = new Stats(Arrays.copyOf(samples[0], counts[0]));
    Stats baseStats = new Stats(Arrays.copyOf(samples[1], counts[1]));
    double[] ratios = new double[roundsDone];
    for (int r = 0; r < roundsDone; r++) {
      ratios[r] = roundMedians[0][r] / roundMedians[1][r];
    }
    Stats ratioStats = new Stats(ratios);
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "warm-up: %d invocations each; measured: %d rounds x %d invocations each%n",
        warmed, roundsDone, plan.perRound()));
    report.append(String.format(Locale.ROOT, "%-20s %10s %10s %10s%n", "handler", "median_us", "p90_us", "p99_us"));
    for (int i = 0; i < 2; i++) {
      Stats s = i == 0 ? oursStats : baseStats;
      report.append(String.format(Locale.ROOT, "%-20s %10.1f %10.1f %10.1f%n", contenders.get(i).name(),
          s.median(), s.percentile(90), s.percentile(99)));
    }
    report.append(String.format(Locale.ROOT, "WARM-QUERY ours_median_us=%.1f baseline_median_us=%.1f ratio_median=%.3f"
            + " ratio_p99=%.3f round_ratio_median=%.3f round_ratio_min=%.3f round_ratio_max=%.3f n=%d%n",
        oursStats.median(), baseStats.median(), oursStats.median() / baseStats.median(),
        oursStats.percentile(99) / baseStats.percentile(99), ratioStats.median(), ratioStats.min(), ratioStats.max(),
        counts[0]));
    System.out.print(report);
    Files.writeString(plan.out().resolve("warm-query-summary.txt"), report);
    client.close();
  }

  /**
   * Creates the tables: {@code Setup ENDPOINT TABLE} (the user table of {@link TableSetup} and
   * {@code TABLE-memberships}). Run with the full SDK on the class path: the waiter is not in the
   * minimized main jar.
   */
  public static final class Setup {
    public static void main(String[] args) {
      URI endpoint = TableSetup.requireLoopback(URI.create(args[0]));
      TableSetup.ensure(endpoint, args[1]);
      try (DynamoDbClient client = TableSetup.client(endpoint)) {
        membershipsTable(client, args[1] + "-memberships", BenchFiles.json(BenchFiles.V2_EVENT).path("userName").asText());
      }
      System.out.println("tables " + args[1] + " and " + args[1] + "-memberships ready");
    }
  }

  /** The memberships table (pk, sk) with three memberships of the event's user, one as admin. */
  static void membershipsTable(DynamoDbClient client, String table, String userName) {
    try {
      client.createTable(b -> b.tableName(table)
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
          .keySchema(
              KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
          .billingMode(BillingMode.PAY_PER_REQUEST));
      client.waiter().waitUntilTableExists(b -> b.tableName(table));
    } catch (ResourceInUseException alreadyThere) {
      // created by an earlier run against the same server
    }
    String pk = "USER#" + userName;
    String[][] rows = {{"PROFILE", null, null}, {"TENANT#acme", "acme", "admin"},
        {"TENANT#globex", "globex", "viewer"}, {"TENANT#initech", "initech", "viewer"}};
    for (String[] row : rows) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("pk", AttributeValue.fromS(pk));
      item.put("sk", AttributeValue.fromS(row[0]));
      if (row[1] != null) {
        item.put("tenant_id", AttributeValue.fromS(row[1]));
        item.put("role", AttributeValue.fromS(row[2]));
      }
      client.putItem(b -> b.tableName(table).item(item));
    }
  }
}
