package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The extension client against a raw loopback server that writes exactly the bytes a test scripts:
 * chunked bodies, bodies to the end of the stream, a server that trickles one byte at a time,
 * oversized and cut-off answers, and what is not HTTP.
 */
class AppConfigClientTest {
  static final AppConfigProfile PROFILE = new AppConfigProfile("app", "env", "my profile");
  static final long SLACK_MILLIS = 2_000;

  /** Serves one connection with a script, then closes it; records the request line. */
  interface Script {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  static final class RawServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicReference<String> requestLine = new AtomicReference<>();

    RawServer(Script script) throws IOException {
      socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
      Thread thread =
          new Thread(
              () -> {
                try (Socket client = socket.accept()) {
                  InputStream in = client.getInputStream();
                  StringBuilder line = new StringBuilder();
                  for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                    line.append((char) c);
                  }
                  requestLine.set(line.toString().strip());
                  script.write(client.getOutputStream());
                  client.getOutputStream().flush();
                } catch (IOException | InterruptedException e) {
                  // the client gave up: what the test is about
                }
              },
              "raw-server");
      thread.setDaemon(true);
      thread.start();
    }

    AppConfigClient client(int maxBody) {
      return new AppConfigClient(socket.getLocalPort(), PROFILE, maxBody);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsAChunkedBodyAndSendsAnEncodedPath() throws Exception {
    try (RawServer server =
        new RawServer(
            out ->
                out.write(
                    ascii(
                        "HTTP/1.1 200 OK\r\n"
                            + "Configuration-Version: 7\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"
                            + "5\r\n"
                            + "versi\r\n"
                            + "6;x=y\r\n"
                            + "on: 1\n\r\n"
                            + "0\r\n\r\n")))) {
      AppConfigClient.Answer answer = server.client(1024).fetch(null, Duration.ofSeconds(5));
      assertEquals(new AppConfigClient.Content(Optional.of("7"), "version: 1\n"), answer);
      assertEquals(
          "GET /applications/app/environments/env/configurations/my%20profile HTTP/1.1",
          server.requestLine.get());
    }
  }

  @Test
  void readsABodyToTheEndOfTheStreamWhenNoLengthIsGiven() throws Exception {
    try (RawServer server =
        new RawServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\n\r\nversion: 1\n")))) {
      assertEquals(
          new AppConfigClient.Content(Optional.empty(), "version: 1\n"),
          server.client(1024).fetch(null, Duration.ofSeconds(5)));
    }
  }

  @Test
  void theVersionHeldIsNotReadAgain() throws Exception {
    try (RawServer server =
        new RawServer(
            out -> {
              out.write(
                  ascii(
                      "HTTP/1.1 200 OK\r\n"
                          + "configuration-version: 7\r\n"
                          + "Content-Length: 100000\r\n\r\n"));
              out.flush();
              Thread.sleep(60_000); // a body that never comes: the client must not wait for it
            })) {
      long started = System.nanoTime();
      assertEquals(
          new AppConfigClient.Unchanged("7"),
          server.client(1 << 20).fetch("7", Duration.ofSeconds(5)));
      assertTrue((System.nanoTime() - started) / 1_000_000 < SLACK_MILLIS);
    }
  }

  @Test
  void aServerThatTricklesIsCutOffAtTheDeadline() throws Exception {
    try (RawServer server =
        new RawServer(
            out -> {
              out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
              for (int i = 0; i < 1000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(
                    20); // each byte well within any per-read timeout; the whole far beyond the
                // deadline
              }
            })) {
      long started = System.nanoTime();
      AppConfigClient.Unavailable e =
          assertThrows(
              AppConfigClient.Unavailable.class,
              () -> server.client(1 << 20).fetch(null, Duration.ofMillis(300)));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(
          "the AppConfig extension did not answer within 300 ms for appconfig:app/env/my profile",
          e.getMessage());
      assertTrue(millis < 300 + SLACK_MILLIS, millis + " ms");
    }
  }

  @Test
  void anOversizedBodyIsNotRead() throws Exception {
    try (RawServer server =
        new RawServer(out -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2048\r\n\r\n")))) {
      AppConfigClient.Unavailable e =
          assertThrows(
              AppConfigClient.Unavailable.class,
              () -> server.client(1024).fetch(null, Duration.ofSeconds(5)));
      assertEquals(
          "the configuration appconfig:app/env/my profile is larger than 1024 bytes: not read",
          e.getMessage());
    }
    try (RawServer server = new RawServer(out -> out.write(new byte[4096]))) {
      assertThrows(
          AppConfigClient.Unavailable.class,
          () -> server.client(1024).fetch(null, Duration.ofSeconds(5)));
    }
  }

  @Test
  void aCutOffAnswerAndOneThatIsNotHttpAreFailures() throws Exception {
    try (RawServer server =
        new RawServer(
            out -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nversion")))) {
      AppConfigClient.Unavailable e =
          assertThrows(
              AppConfigClient.Unavailable.class,
              () -> server.client(1024).fetch(null, Duration.ofSeconds(5)));
      assertEquals(
          "the AppConfig extension closed the connection in the middle of its answer for"
              + " appconfig:app/env/my profile",
          e.getMessage());
    }
    try (RawServer server = new RawServer(out -> out.write(ascii("SSH-2.0-OpenSSH\r\n")))) {
      int port = server.socket.getLocalPort();
      AppConfigClient.Unavailable e =
          assertThrows(
              AppConfigClient.Unavailable.class,
              () -> server.client(1024).fetch(null, Duration.ofSeconds(5)));
      assertEquals(
          "the AppConfig extension at port "
              + port
              + " did not answer HTTP for appconfig:app/env/my profile",
          e.getMessage());
    }
  }

  @Test
  void aSettingThatIsNotThreeNamesIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AppConfigProfile.parse("CLAIMS_CONFIG", "appconfig:app/env"));
    assertEquals(
        "CLAIMS_CONFIG must be appconfig:APPLICATION/ENVIRONMENT/PROFILE (three AppConfig names or"
            + " ids of 1 to 64 characters, no slash)",
        e.getMessage());
    assertEquals(Optional.empty(), AppConfigProfile.parse("CLAIMS_CONFIG", "/opt/claims.yaml"));
  }
}
