package io.github.claimsmapper.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS AppConfig Lambda extension's local endpoint as documented, on a free loopback port:
 * {@code GET /applications/A/environments/E/configurations/P} answers the deployed version's
 * content with its {@code Configuration-Version} and {@code Content-Type} headers, and 404 for a
 * profile it does not know. Tests deploy versions and make it fail: an error status, a slow answer,
 * silence (the connection is accepted and nothing is sent), or down (nothing listens).
 */
public final class AppConfigExtension implements AutoCloseable {
  /** How the next requests are answered. */
  public enum Behaviour {
    SERVE,
    ERROR_500,
    SLOW,
    SILENT
  }

  private record Deployed(String version, String content) {}

  private final Map<String, Deployed> profiles = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final int port;
  private volatile HttpServer server;
  private volatile Behaviour behaviour = Behaviour.SERVE;
  private volatile long slowMillis;

  private AppConfigExtension(int port) throws IOException {
    this.server = listen(port);
    this.port = server.getAddress().getPort();
  }

  /** Starts on a free loopback port. */
  public static AppConfigExtension start() throws IOException {
    return new AppConfigExtension(0);
  }

  private HttpServer listen(int on) throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 50);
    http.createContext("/", this::answer);
    http.setExecutor(
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "appconfig-extension");
              thread.setDaemon(true);
              return thread;
            }));
    http.start();
    return http;
  }

  public int port() {
    return port;
  }

  /** Deploys {@code content} as {@code version} of the profile {@code app/env/profile}. */
  public AppConfigExtension deploy(
      String app, String env, String profile, String version, String content) {
    profiles.put(
        "/applications/" + app + "/environments/" + env + "/configurations/" + profile,
        new Deployed(version, content));
    return this;
  }

  public void behave(Behaviour next) {
    this.behaviour = next;
  }

  /** Answers after {@code millis}. */
  public void slow(long millis) {
    this.slowMillis = millis;
    this.behaviour = Behaviour.SLOW;
  }

  /** How many requests arrived. */
  public int requests() {
    return requests.get();
  }

  /** Stops listening: connections are refused. */
  public void down() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  public void up() throws IOException {
    server = listen(port);
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      Behaviour now = behaviour;
      if (now == Behaviour.SILENT) {
        closing.await(60, TimeUnit.SECONDS);
        return;
      }
      if (now == Behaviour.SLOW) {
        Thread.sleep(slowMillis);
      }
      if (now == Behaviour.ERROR_500) {
        send(exchange, 500, "{\"Message\":\"internal error\"}", null);
        return;
      }
      Deployed deployed = profiles.get(exchange.getRequestURI().getPath());
      if (deployed == null || !"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 404, "{\"Message\":\"no such configuration\"}", null);
        return;
      }
      send(exchange, 200, deployed.content(), deployed.version());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body, String version)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", version == null ? "application/json" : "application/x-yaml");
    if (version != null) {
      exchange.getResponseHeaders().set("Configuration-Version", version);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
