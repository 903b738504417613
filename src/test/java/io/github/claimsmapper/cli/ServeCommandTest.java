package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cli.CommandLineTest.Run;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.RawHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code serve}: starts, prints its URL, serves the page on the loopback interface only, stops. */
class ServeCommandTest {
  static final Pattern URL =
      Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/\\?token=[A-Za-z0-9_-]+)");

  /** A serve command running in a thread, until {@link #stop}. */
  static final class Serving {
    final StringWriter output = new StringWriter();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;
    int port;
    String target;

    Serving(String... args) throws InterruptedException {
      PrintWriter writer = new PrintWriter(output, true);
      thread = new Thread(() -> exit.set(Main.run(args, writer, writer)), "serve-command-test");
      thread.start();
      Matcher url = URL.matcher("");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!url.reset(output.toString()).find()) {
        assertTrue(
            System.nanoTime() < deadline && thread.isAlive(), "serve printed no URL: " + output);
        Thread.sleep(20);
      }
      port = Integer.parseInt(url.group(1));
      target = url.group(2);
    }

    RawHttp.Response page() throws Exception {
      return RawHttp.send(port, "GET", target, List.of("Host: 127.0.0.1:" + port), null);
    }

    /** Stops it as a test can (a user presses Ctrl-C); returns the exit code. */
    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(60));
      return exit.get();
    }
  }

  /**
   * Runs a documented serve command until it serves its page, then stops it (for the docs tests).
   */
  static void serveBriefly(List<String> args) throws Exception {
    Serving serving = new Serving(args.toArray(String[]::new));
    RawHttp.Response page = serving.page();
    assertEquals(200, page.status(), page.body());
    assertTrue(page.body().contains("<textarea id=\"mapping\""), page.body());
    assertEquals(0, serving.stop(), serving.output.toString());
  }

  @Test
  void servesTheBundledMappingAndStops() throws Exception {
    Serving serving = new Serving("serve", "--config", "config/claims.yaml");
    String page = serving.page().body();
    assertTrue(page.contains("<title>cognito-claims-mapper: preview</title>"), page);
    assertEquals(0, serving.stop());
    assertEquals(
        "Editing config/claims.yaml at http://127.0.0.1:"
            + serving.port
            + serving.target
            + "\nOpen that URL in a browser on this machine; Ctrl-C stops the server.\n",
        serving.output.toString());
    try (Socket socket = new Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), serving.port), 2000);
      throw new AssertionError("still listening after it stopped");
    } catch (ConnectException expected) {
      // stopped
    }
  }

  @Test
  void listensOnTheLoopbackInterfaceOnly() throws Exception {
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          others.add(address);
        }
      }
    }
    Assumptions.assumeFalse(others.isEmpty(), "this machine has no address but loopback");
    Serving serving = new Serving("serve", "--config", "config/claims.yaml");
    try {
      for (InetAddress address : others) {
        try (Socket socket = new Socket()) {
          socket.connect(new java.net.InetSocketAddress(address, serving.port), 2000);
          throw new AssertionError("reachable at " + address.getHostAddress());
        } catch (ConnectException expected) {
          // refused: nothing listens there
        }
      }
    } finally {
      assertEquals(0, serving.stop());
    }
  }

  @Test
  void twoStartsHaveDifferentTokens() throws Exception {
    Serving one = new Serving("serve", "--config", "config/claims.yaml");
    Serving two = new Serving("serve", "--config", "config/claims.yaml");
    try {
      assertTrue(!one.target.equals(two.target), one.target);
      assertEquals(
          403,
          RawHttp.send(one.port, "GET", two.target, List.of("Host: 127.0.0.1:" + one.port), null)
              .status());
    } finally {
      one.stop();
      two.stop();
    }
  }

  @Test
  void itemsNotGivenOnThePageAreReadFromTheTableAtTheEndpoint() throws Exception {
    Dynalite db = Dynalite.shared();
    String table = db.sampleUserTable("serve");
    Serving serving =
        new Serving(
            "serve",
            "--config",
            "config/claims.yaml",
            "--endpoint",
            db.endpoint().toString(),
            "--region",
            "us-east-1",
            "--env",
            "TABLE_NAME=" + table);
    try {
      String host = "127.0.0.1:" + serving.port;
      String query = serving.target.substring(1);
      JsonNode state =
          Json.MAPPER.readTree(
              RawHttp.send(
                      serving.port, "GET", "/api/state" + query, List.of("Host: " + host), null)
                  .body());
      assertTrue(state.get("table").asBoolean(), state.toString());
      assertFalse(state.get("items").has("item"), "the primary item comes from the table");
      ObjectNode request = Json.MAPPER.createObjectNode();
      request.put("mapping", Files.readString(Path.of("config/claims.yaml")));
      request.put("event", Files.readString(Path.of("events/v2-authentication.json")));
      request.putObject("items");
      RawHttp.Response answer =
          RawHttp.send(
              serving.port,
              "POST",
              "/api/preview" + query,
              List.of("Host: " + host, "Origin: http://" + host),
              Json.compact(request));
      assertEquals(200, answer.status(), answer.body());
      JsonNode render = Json.MAPPER.readTree(answer.body()).get("render");
      assertEquals(
          Json.MAPPER.readTree(
              Files.readString(Path.of("src/test/resources/golden/seed-v2/expected.json"))),
          render.get("response"));
      assertEquals("[]", render.get("notes").toString());
    } finally {
      assertEquals(0, serving.stop());
    }
  }

  @Test
  void aMissingFileOrATakenPortIsAUsageError() throws Exception {
    Run missing = run("serve", "--config", "no/such.yaml");
    assertEquals(2, missing.exit());
    assertEquals("--config no/such.yaml: no such file\n", missing.err());
    Run tests = run("serve", "--config", "config/claims.yaml", "--tests", "no/such/dir");
    assertEquals(2, tests.exit());
    assertEquals("no/such/dir: no such folder\n", tests.err());
    Run badPort = run("serve", "--config", "config/claims.yaml", "--port", "70000");
    assertEquals(2, badPort.exit());
    assertEquals("--port 70000: a port is 0 (any free one) to 65535\n", badPort.err());
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Run busy = run("serve", "--config", "config/claims.yaml", "--port", String.valueOf(port));
      assertEquals(2, busy.exit(), busy.err());
      assertTrue(busy.err().startsWith("cannot listen on 127.0.0.1:" + port + ": "), busy.err());
    }
  }
}
