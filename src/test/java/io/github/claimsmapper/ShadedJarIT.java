package io.github.claimsmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.RawHttp;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped artifact, not the classes the unit tests see: the shaded jar run as the command line
 * (a separate JVM) and loaded on its own class loader as the Lambda handler, reading from the real
 * DynamoDB-compatible server. Catches what shading can break (a missing service file, an excluded
 * class the SDK loads by name).
 */
class ShadedJarIT {
  static final Path JAR =
      Path.of(System.getProperty("shaded.jar", "target/cognito-claims-mapper.jar"));

  /** A fresh JVM of the running JDK with {@code args}: the jar as a user or Lambda runs it. */
  static ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  @Test
  void theCommandLineRendersFromTheJar() throws Exception {
    Dynalite db = Dynalite.shared();
    String table = db.sampleUserTable("jar-cli");
    // The seed mapping with the longest lookup time the loader allows: a fresh JVM's first GetItem
    // (client start-up included) on a loaded 2-core machine can outlast the default second, and
    // what this test checks is the jar, not the time. A run whose lookup still timed out is run
    // again, at most twice.
    Path mapping = Files.createDirectories(Path.of("target/shaded-jar-it")).resolve("claims.yaml");
    Files.writeString(
        mapping,
        Files.readString(Path.of("config/claims.yaml"))
            .replaceFirst("\nsource:\n", "\nsource:\n  timeout: 4500ms\n"));
    ProcessBuilder render =
        java(
            "-jar",
            JAR.toString(),
            "render",
            "--config",
            mapping.toString(),
            "--event",
            "events/v2-authentication.json",
            "--endpoint",
            db.endpoint().toString(),
            "--region",
            "us-east-1",
            "--env",
            "TABLE_NAME=" + table,
            "--compact");
    render.environment().put("AWS_ACCESS_KEY_ID", "test");
    render.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    byte[] out = null;
    String err = "";
    int exit = -1;
    for (int attempt = 0; attempt < 3 && exit != 0; attempt++) {
      Process process = render.start();
      out = process.getInputStream().readAllBytes();
      err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      exit = process.exitValue();
      if (exit != 0 && !err.contains("timed out")) {
        break;
      }
    }
    assertEquals(0, exit, err);
    JsonNode expected =
        Json.MAPPER.readTree(
            Files.readString(Path.of("src/test/resources/golden/seed-v2/expected.json")));
    assertEquals(expected, Json.MAPPER.readTree(out).get("response"));
  }

  @Test
  void thePreviewPageIsServedFromTheJarAlone() throws Exception {
    Process process =
        java("-jar", JAR.toString(), "serve", "--config", "config/claims.yaml")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = lines.readLine();
      Matcher url =
          Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/\\?(token=\\S+)$")
              .matcher(String.valueOf(first));
      assertTrue(url.find(), "the URL: " + first);
      int port = Integer.parseInt(url.group(1));
      List<String> host = List.of("Host: 127.0.0.1:" + port);
      for (String asset : List.of("/", "/app.js", "/editor.js", "/app.css")) {
        assertEquals(
            200, RawHttp.send(port, "GET", asset + "?" + url.group(2), host, null).status(), asset);
      }
      JsonNode state =
          Json.MAPPER.readTree(
              RawHttp.send(port, "GET", "/api/state?" + url.group(2), host, null).body());
      // the samples and the item come from the jar, not from the working folder
      assertEquals(8, state.get("samples").size(), state.toString());
      assertEquals(
          Files.readString(Path.of("events/items/user.json")), state.at("/items/item").asText());
    } finally {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRegionalClientFromTheJarResolvesItsEndpointAndSigns() throws Exception {
    // the jar leaves out other services' metadata and unreferenced SDK classes: a client for a
    // real region (not the endpoint override the other tests use) must still resolve and sign
    Process process =
        java("-cp", JAR.toString(), "src/test/jar-checks/RegionalSigning.java")
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    assertEquals(
        "https://dynamodb.eu-west-1.amazonaws.com/ signed=true\nstopped: stop before sending\n",
        out);
  }

  @Test
  void theLambdaHandlerRunsFromTheJarOnItsOwnClassLoader() throws Exception {
    Dynalite db = Dynalite.shared();
    String table = db.sampleUserTable("jar-lambda");
    Map<String, String> env =
        Map.of(
            "AWS_REGION",
            "us-east-1",
            "TABLE_NAME",
            table,
            "DYNAMODB_ENDPOINT",
            db.endpoint().toString(),
            "LOG_LEVEL",
            "ERROR");
    try (URLClassLoader jar =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> settings = jar.loadClass("io.github.claimsmapper.lambda.Settings");
      Object parsed = settings.getMethod("from", Map.class).invoke(null, env);
      Class<?> wiring = jar.loadClass("io.github.claimsmapper.lambda.Wiring");
      Object wired = wiring.getMethod("from", settings).invoke(null, parsed);
      Class<?> handlerClass = jar.loadClass("io.github.claimsmapper.lambda.Handler");
      Object handler = handlerClass.getConstructor(wiring).newInstance(wired);
      Class<?> context = jar.loadClass("com.amazonaws.services.lambda.runtime.Context");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      // On a loaded 2-core machine the first GetItem of a fresh client can outlast its attempt
      // timeouts; what this test checks is the class loader, so a denied sign-in is tried again
      // (the client is warm then), at most twice.
      for (int attempt = 0; ; attempt++) {
        try {
          handlerClass
              .getMethod("handleRequest", InputStream.class, OutputStream.class, context)
              .invoke(
                  handler,
                  new ByteArrayInputStream(
                      Files.readAllBytes(Path.of("events/v2-authentication.json"))),
                  out,
                  null);
          break;
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (attempt == 2 || !e.getCause().getClass().getSimpleName().equals("SignInDenied")) {
            throw e;
          }
          out.reset();
        }
      }
      JsonNode expected =
          Json.MAPPER.readTree(
              Files.readString(Path.of("src/test/resources/golden/seed-v2/expected.json")));
      assertEquals(expected, Json.MAPPER.readTree(out.toByteArray()).get("response"));
    }
  }

  /**
   * The function loads the checked JSON form the build wrote from the bundled mapping: no YAML
   * parser at start-up.
   */
  @Test
  void theJarBundlesTheCheckedFormOfItsMappingBesideTheYaml() throws Exception {
    Path mapping = Path.of(System.getProperty("claims.config", "config/claims.yaml"));
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
      assertEquals(
          Files.readString(mapping),
          new String(
              jar.getInputStream(jar.getEntry("config/claims.yaml")).readAllBytes(),
              StandardCharsets.UTF_8));
      assertEquals(
          new io.github.claimsmapper.config.MappingLoader(Map.of()).load(mapping).checkedJson(),
          new String(
              jar.getInputStream(jar.getEntry("config/claims.json")).readAllBytes(),
              StandardCharsets.UTF_8));
    }
  }

  /**
   * The licence and notice in the jar are the project's own, not a dependency's that came first.
   */
  @Test
  void theJarCarriesTheProjectsLicenceAndNotice() throws Exception {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
      for (String name : new String[] {"LICENSE", "NOTICE"}) {
        assertEquals(
            Files.readString(Path.of(name)),
            new String(
                jar.getInputStream(jar.getEntry("META-INF/" + name)).readAllBytes(),
                StandardCharsets.UTF_8),
            name);
      }
    }
  }
}
