package io.github.claimsmapper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

@SecondLane
class DynaliteTest {

  @TempDir Path dir;

  Path fakeInstall(String serverJs) throws IOException {
    Files.createDirectories(dir.resolve("node_modules").resolve("dynalite"));
    Files.writeString(dir.resolve("server.js"), serverJs);
    return dir;
  }

  @Test
  void sharesOneServerWhoseTablesAreActive() {
    Dynalite dynalite = Dynalite.shared();
    String table = Dynalite.uniqueTableName("harness");
    dynalite.createTable(table, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);

    assertSame(dynalite, Dynalite.shared());
    assertEquals("127.0.0.1", dynalite.endpoint().getHost());
    assertEquals(
        TableStatus.ACTIVE,
        dynalite.client().describeTable(b -> b.tableName(table)).table().tableStatus());
  }

  @Test
  void reportsAServerThatStopsWithItsStderr() throws IOException {
    Path install = fakeInstall("console.error('boom: no such module'); process.exit(3)\n");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Dynalite.start(install, Duration.ofSeconds(20)));

    assertEquals(
        "dynalite (node server.js in "
            + install
            + ") stopped before printing its port (its output ended); stderr:\n"
            + "boom: no such module\n",
        e.getMessage());
  }

  @Test
  void reportsAServerThatNeverPrintsItsPort() throws IOException {
    Path install =
        fakeInstall("console.error('listening somewhere'); setInterval(() => {}, 1000)\n");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Dynalite.start(install, Duration.ofMillis(1500)));

    assertEquals(
        "dynalite (node server.js in "
            + install
            + ") did not print its port within PT1.5S; stderr:\nlistening somewhere\n",
        e.getMessage());
  }

  @Test
  void reportsAMissingInstall() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Dynalite.start(dir, Duration.ofSeconds(1)));

    assertEquals(
        "dynalite is not installed in "
            + dir
            + "; run `npm ci` there (mvn does it in process-test-resources)",
        e.getMessage());
  }

  @Test
  void stopsItsServerByClosingStdin() throws IOException, InterruptedException {
    Path install =
        fakeInstall(
            """
            process.stdout.write('PORT 1\\n')
            process.stdin.on('end', () => process.exit(0))
            process.stdin.resume()
            """);
    Dynalite dynalite = Dynalite.start(install, Duration.ofSeconds(20));

    assertEquals(1, dynalite.endpoint().getPort());
    dynalite.stop();
    assertTrue(dynalite.stopped(), "the server is still running");
  }

  /**
   * Lookups given up at their deadline close their connections mid-request; the server every test
   * shares must outlive them (it died, and every later test against it failed).
   */
  @Test
  void outlivesClientsThatAbandonTheirCalls() throws InterruptedException {
    Dynalite db = Dynalite.shared();
    String table = Dynalite.uniqueTableName("abandoned");
    db.createTable(table, "id", ScalarAttributeType.S, null, null);
    DynamoDbItemSource source =
        new DynamoDbItemSource(
            DynamoDbClients.create(
                Region.US_EAST_1,
                Optional.of(db.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Duration.ofSeconds(2),
                Duration.ofMillis(600),
                2));
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      int thread = t;
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 150; i++) {
                  ItemRequest request =
                      new ItemRequest(
                          "item",
                          table,
                          Map.of("id", TextNode.valueOf("u" + thread + "-" + i)),
                          false,
                          Optional.empty());
                  try {
                    source.findAll(List.of(request), Duration.ofMillis(1 + i % 7));
                  } catch (SourceException givenUp) {
                    // most are given up mid-call: that is the point
                  }
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Thread.sleep(500);
    assertFalse(db.stopped(), "the shared server died");
    db.put(table, Json.MAPPER.createObjectNode().put("id", "after"));
  }
}
