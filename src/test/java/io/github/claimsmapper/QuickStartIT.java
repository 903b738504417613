package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start as a newcomer runs it, against the shaded jar in its own JVM: the
 * command after {@code &&} is taken from the README verbatim, and what it prints on standard output
 * can be piped to {@code jq}: one JSON document, no terminal codes. (The {@code mvn} part is this
 * very build; {@code .mvn/jvm.config} keeps Maven's own output free of them.)
 */
class QuickStartIT {
  // Bytes on purpose: standard output is checked byte for byte; the record is never compared.
  @SuppressWarnings("ArrayRecordComponent")
  record Result(int exit, byte[] out, String err) {}

  static Result runJar(List<String> args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ShadedJarIT.JAR.toString()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new Result(process.exitValue(), out, err);
  }

  static List<String> quickStartJarArgs() throws Exception {
    Matcher line =
        Pattern.compile(
                "(?m)^mvn -B -q package -DskipTests && java -jar target/cognito-claims-mapper\\.jar"
                    + " (.+)$")
            .matcher(Files.readString(Path.of("README.md")));
    assertTrue(line.find(), "the README's quick start builds, then runs the jar");
    return Arrays.asList(line.group(1).strip().split("\\s+"));
  }

  @Test
  void theQuickStartPrintsOnlyTheResponseJsonOnStandardOutput() throws Exception {
    Result result = runJar(quickStartJarArgs());
    assertEquals(0, result.exit(), result.err());
    String out = new String(result.out(), StandardCharsets.UTF_8);
    assertFalse(out.contains("\u001b"), "no terminal escape codes on standard output");
    JsonNode response = Json.MAPPER.readTree(out);
    assertTrue(response.has("response"), out);
    assertEquals(
        out.strip(),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response).strip(),
        "standard output is exactly one JSON document");
    assertFalse(result.err().contains("\u001b"), "no terminal codes on standard error either");
  }

  @Test
  void theJarPrintsTheProjectVersion() throws Exception {
    Matcher version =
        Pattern.compile(
                "<artifactId>cognito-claims-mapper</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(version.find());
    Result result = runJar(List.of("--version"));
    assertEquals(0, result.exit(), result.err());
    assertEquals(
        "cognito-claims-mapper " + version.group(1) + "\n",
        new String(result.out(), StandardCharsets.UTF_8));
  }

  @Test
  void theJarBundlesTheMappingTheBuildWasGiven() throws Exception {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ShadedJarIT.JAR.toFile())) {
      byte[] bundled = jar.getInputStream(jar.getEntry("config/claims.yaml")).readAllBytes();
      Path expected = Path.of(System.getProperty("claims.config", "config/claims.yaml"));
      assertEquals(Files.readString(expected), new String(bundled, StandardCharsets.UTF_8));
    }
  }
}
