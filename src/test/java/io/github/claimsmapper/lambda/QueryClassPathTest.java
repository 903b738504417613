package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.QueryTables;
import io.github.claimsmapper.testing.SecondLane;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query code paths load only when a mapping uses them: a fresh JVM builds the handler and
 * answers one sign-in against dynalite, logging every class it loads. With a GetItem mapping (the
 * bundled seed mapping) none of the classes that read queries and forEach lists are loaded, nor the
 * cache's key (no cache is configured); with {@code config/memberships.yaml} they are, which shows
 * the log would see them.
 */
@Tag("slow") // two fresh JVMs; excluded by the fast loop only
@SecondLane
class QueryClassPathTest {
  static final List<String> QUERY_CLASSES =
      List.of(
          "io.github.claimsmapper.lookup.QueryReads",
          "io.github.claimsmapper.config.QueryParser",
          "io.github.claimsmapper.config.QueryParts",
          "io.github.claimsmapper.engine.QueryPlan",
          "io.github.claimsmapper.source.DynamoDbQuery",
          "io.github.claimsmapper.source.QueryRequest",
          "io.github.claimsmapper.source.QueryResult");
  // The SDK's own model.QueryRequest is not among them: the client loads it on the GetItem path
  // too, without this project's query code (seen on the main line before query sources existed).

  private List<String> lastLoaded = List.of();

  /** Run in the fresh JVM: {@code Probe EVENT} builds the handler from the environment. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      Handler handler = new Handler(Wiring.from(Settings.from(System.getenv())));
      for (int attempt = 1; ; attempt++) { // a cold client's first call may miss a loaded deadline
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
          handler.handleRequest(
              new ByteArrayInputStream(Files.readAllBytes(Path.of(args[0]))), out, null);
          System.out.println(out.toString(StandardCharsets.UTF_8));
          return;
        } catch (io.github.claimsmapper.SignInDenied denied) {
          if (attempt == 3) {
            throw denied;
          }
        }
      }
    }
  }

  List<String> queryClassesLoaded(Path file, Map<String, String> env, Path dir) throws Exception {
    // the mapping with the longest time budget: a cold client on a loaded machine is slow
    Path mapping = dir.resolve(file.getFileName());
    Files.writeString(
        mapping, Files.readString(file).replace("\nsource:\n", "\nsource:\n  timeout: 4500ms\n"));
    List<String> loaded =
        HandlerClassPathTest.classesLoaded(
            dir,
            mapping,
            "claimsToAddOrOverride",
            environment -> {
              environment.clear();
              environment.putAll(env);
              environment.put("CLAIMS_CONFIG", mapping.toString());
              environment.put("DYNAMODB_ENDPOINT", Dynalite.shared().endpoint().toString());
              environment.put("AWS_REGION", "us-east-1");
              environment.put("AWS_ACCESS_KEY_ID", "test");
              environment.put("AWS_SECRET_ACCESS_KEY", "test");
              environment.put("LOG_LEVEL", "ERROR");
            },
            Probe.class,
            "events/v2-authentication.json");
    assertTrue(loaded.contains(Handler.class.getName()), "the log lists the classes");
    lastLoaded = loaded;
    return QUERY_CLASSES.stream().filter(loaded::contains).toList();
  }

  @Test
  void aGetItemMappingLoadsNoneOfTheQueryCode(@TempDir Path dir) throws Exception {
    String table = Dynalite.shared().sampleUserTable("classpath-users");
    Map<String, String> env = new HashMap<>();
    env.put("TABLE_NAME", table);
    assertEquals(List.of(), queryClassesLoaded(Path.of("config/claims.yaml"), env, dir));
    assertEquals(List.of(), lastLoaded.stream().filter(c -> c.endsWith("ItemCache$Key")).toList());
  }

  @Test
  void aQueryMappingLoadsItWhichTheLogWouldShow(@TempDir Path dir) throws Exception {
    List<String> loaded =
        queryClassesLoaded(Path.of("config/memberships.yaml"), QueryTables.shared().env(), dir);
    assertEquals(QUERY_CLASSES, loaded);
  }
}
