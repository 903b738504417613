package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.testing.SecondLane;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the function's cold start loads: every class loaded costs start-up time and memory. A fresh
 * JVM builds the handler from a checked JSON mapping and answers one event, logging every class it
 * loads; the command line, the YAML parser and the JDK's Unicode normalization tables must not be
 * among them. The same run from the YAML shows the log would see them.
 */
@SecondLane
class HandlerClassPathTest {
  /** Packages a sign-in never needs when the mapping is the checked JSON form with ASCII names. */
  static final List<String> OFF_THE_HANDLER_PATH =
      List.of(
          "io.github.claimsmapper.cli.",
          "picocli.",
          "org.yaml.snakeyaml.",
          "com.fasterxml.jackson.dataformat.yaml.",
          "jdk.internal.icu.");

  /**
   * Run in the fresh JVM: {@code Probe MAPPING EVENT} builds the handler as Lambda does and
   * answers.
   */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      Handler handler =
          new Handler(
              Wiring.from(Settings.from(Map.of("CLAIMS_CONFIG", args[0], "LOG_LEVEL", "ERROR"))));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), out, null);
      System.out.println(out.toString(StandardCharsets.UTF_8));
    }
  }

  static List<String> loadedClasses(Path mapping, Path dir) throws Exception {
    return classesLoaded(
        dir,
        mapping,
        "\"display_name\":\"John Roe\"",
        environment -> {},
        Probe.class,
        mapping.toString(),
        "src/test/resources/golden/event-only/event.json");
  }

  /**
   * Runs {@code probe} with {@code args} in a fresh JVM, with the environment {@code environment}
   * leaves, logging every class it loads next to {@code mapping}'s name in {@code dir}; the probe
   * must finish, succeed and print {@code answer}. Returns the loaded classes' names in load order.
   */
  static List<String> classesLoaded(
      Path dir,
      Path mapping,
      String answer,
      Consumer<Map<String, String>> environment,
      Class<?> probe,
      String... args)
      throws Exception {
    Path log = dir.resolve(mapping.getFileName() + ".classes.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                probe.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("probe.out").toFile());
    environment.accept(builder.environment());
    Process process = builder.start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished");
    String out = Files.readString(dir.resolve("probe.out"));
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains(answer), "it answered: " + out);
    return Files.readAllLines(log).stream()
        .map(line -> line.replaceFirst("^(\\[[^]]*\\])+\\s*", ""))
        .map(line -> line.split(" ")[0])
        .toList();
  }

  static List<String> offThePath(List<String> classes) {
    return classes.stream()
        .filter(c -> OFF_THE_HANDLER_PATH.stream().anyMatch(c::startsWith))
        .toList();
  }

  @Test
  void theCheckedJsonFormLoadsNeitherTheYamlParserNorTheCommandLineNorUnicodeTables(
      @TempDir Path dir) throws Exception {
    Path json = dir.resolve("claims.json");
    Files.writeString(
        json,
        new MappingLoader(Map.of())
            .load(Path.of("src/test/resources/golden/event-only/mapping.yaml"))
            .checkedJson());
    List<String> classes = loadedClasses(json, dir);
    assertTrue(
        classes.contains(Handler.class.getName()), "the log lists the classes: " + classes.size());
    assertEquals(List.of(), offThePath(classes));
  }

  @Test
  void theYamlFormStillLoadsTheYamlParserWhichTheLogWouldShow(@TempDir Path dir) throws Exception {
    List<String> classes =
        loadedClasses(Path.of("src/test/resources/golden/event-only/mapping.yaml"), dir);
    assertTrue(
        offThePath(classes).stream().anyMatch(c -> c.startsWith("org.yaml.snakeyaml.")),
        "SnakeYAML is seen");
    assertTrue(
        offThePath(classes).stream()
            .noneMatch(
                c -> c.startsWith("picocli.") || c.startsWith("io.github.claimsmapper.cli.")));
  }
}
