package io.github.claimsmapper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

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
}
