package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.claimsmapper.cli.CommandLineTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the commands read has a size cap and is one document: an endless or huge input is a
 * located message, never an {@code OutOfMemoryError}; data after the JSON value is refused.
 */
class BoundedInputTest {
  static final String V2 = "events/v2-authentication.json";
  static final String MAPPING = "config/claims.yaml";

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void validateOfAnEndlessFileIsAMessage() {
    Run run = run("validate", "/dev/zero");
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        "/dev/zero:1:1: $: the mapping file is larger than 1 MiB: not read\n"
            + "1 file checked: 1 error, 0 warnings\n",
        run.out());
    assertFalse(run.err().contains("Error"), run.err());
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void renderOfAnEndlessEventIsAMessage() {
    Run run = run("render", "--config", MAPPING, "--event", "/dev/zero", "--no-item");
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        "/dev/zero: the event file is larger than 6 MiB (the most Lambda passes to a function): not"
            + " read\n",
        run.err());
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void renderOfAnEndlessItemIsAMessage() {
    Run run = run("render", "--config", MAPPING, "--event", V2, "--item", "/dev/zero");
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        "/dev/zero: the item file is larger than 6 MiB (the most Lambda passes to a function): not"
            + " read\n",
        run.err());
  }

  @Test
  void aLargeMappingFileIsRefusedUnread(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "version: 1\n" + "#".repeat(1024 * 1024) + "\n");
    Run run = run("validate", big.toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        big
            + ":1:1: $: the mapping file is larger than 1 MiB: not read\n"
            + "1 file checked: 1 error, 0 warnings\n",
        run.out());
  }

  @Test
  void dataAfterTheEventIsRefusedWithItsPlace(@TempDir Path dir) throws IOException {
    Path event = dir.resolve("event.json");
    Files.writeString(
        event, Files.readString(Path.of(V2)).strip() + "\n{\"userName\": \"second\"}\n");
    int lines = (int) Files.readString(Path.of(V2)).strip().lines().count();
    Run run = run("render", "--config", MAPPING, "--event", event.toString(), "--no-item");
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        event
            + ":"
            + (lines + 1)
            + ":1: not valid JSON: data after the event (a file holds one JSON value)\n",
        run.err());
  }

  @Test
  void garbageAfterAnItemIsRefusedWithItsPlace(@TempDir Path dir) throws IOException {
    Path item = dir.resolve("item.json");
    Files.writeString(item, "{\"id\": \"USER#x\"} trailing");
    Run run = run("render", "--config", MAPPING, "--event", V2, "--item", item.toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals(
        item + ":1:18: not valid JSON: data after the item (a file holds one JSON value)\n",
        run.err());
  }

  @Test
  void whitespaceAfterTheEventIsFine(@TempDir Path dir) throws IOException {
    Path event = dir.resolve("event.json");
    Files.writeString(event, Files.readString(Path.of(V2)) + "\n\n  \t\n");
    Run run = run("render", "--config", MAPPING, "--event", event.toString(), "--no-item");
    assertEquals(0, run.exit(), run.err());
  }
}
