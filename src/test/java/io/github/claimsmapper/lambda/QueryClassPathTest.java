package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.QueryTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The query code paths load only when a mapping uses them: a fresh JVM builds the handler and
 * answers one sign-in against dynalite, logging every class it loads. With a GetItem mapping (the
 * bundled seed mapping) none of the classes that read queries and forEach lists are loaded; with
 * {@code config/memberships.yaml} they are, which shows the log would see them.
 */
@Tag("slow") // two fresh JVMs; excluded by the fast loop only
class QueryClassPathTest {
  static final List<String> QUERY_CLASSES =
      List.of(
          "io.github.claimsmapper.QueryReads",
          "io.github.claimsmapper.config.QueryParser",
          "io.github.claimsmapper.config.QueryParts",
          "io.github.claimsmapper.engine.QueryPlan",
          "io.github.claimsmapper.engine.ElementReferences",
          "io.github.claimsmapper.source.DynamoDbQuery",
          "io.github.claimsmapper.source.QueryRequest",
          "io.github.claimsmapper.source.QueryResult",
          "software.amazon.awssdk.services.dynamodb.model.QueryRequest");

  /** Run in the fresh JVM: {@code Probe EVENT} builds the handler from the environment. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      Handler handler = new Handler(Settings.from(System.getenv()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(Files.readAllBytes(Path.of(args[0]))), out, null);
      System.out.println(out.toString(StandardCharsets.UTF_8));
    }
  }

  static List<String> queryClassesLoaded(Path mapping, Map<String, String> env, Path dir)
      throws Exception {
    Path log = dir.resolve(mapping.getFileName() + ".classes.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName(),
                "events/v2-authentication.json")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("probe.out").toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("CLAIMS_CONFIG", mapping.toString());
    builder.environment().put("DYNAMODB_ENDPOINT", Dynalite.shared().endpoint().toString());
    builder.environment().put("AWS_REGION", "us-east-1");
    builder.environment().put("AWS_ACCESS_KEY_ID", "test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    builder.environment().put("LOG_LEVEL", "ERROR");
    Process process = builder.start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished");
    String out = Files.readString(dir.resolve("probe.out"));
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("claimsToAddOrOverride"), "it answered: " + out);
    List<String> loaded =
        Files.readAllLines(log).stream()
            .map(line -> line.replaceFirst("^(\\[[^]]*\\])+\\s*", ""))
            .map(line -> line.split(" ")[0])
            .toList();
    assertTrue(loaded.contains(Handler.class.getName()), "the log lists the classes");
    return QUERY_CLASSES.stream().filter(loaded::contains).toList();
  }

  @Test
  void aGetItemMappingLoadsNoneOfTheQueryCode(@TempDir Path dir) throws Exception {
    String table = Dynalite.uniqueTableName("classpath-users");
    Dynalite.shared().createTable(table, "id", ScalarAttributeType.S, null, null);
    Dynalite.shared()
        .put(
            table,
            (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.MAPPER.readTree(Files.readString(Path.of("events/items/user.json"))));
    Map<String, String> env = new HashMap<>();
    env.put("TABLE_NAME", table);
    assertEquals(List.of(), queryClassesLoaded(Path.of("config/claims.yaml"), env, dir));
  }

  @Test
  void aQueryMappingLoadsItWhichTheLogWouldShow(@TempDir Path dir) throws Exception {
    List<String> loaded =
        queryClassesLoaded(Path.of("config/memberships.yaml"), QueryTables.shared().env(), dir);
    assertEquals(QUERY_CLASSES, loaded);
  }
}
