package io.github.claimsmapper.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The preview page's server: the page and its assets from the jar, and four API calls passed to a
 * {@link Workbench}. Listens on 127.0.0.1 only; every request passes the {@link Guard} first.
 */
public final class PreviewServer implements AutoCloseable {
  /** Headers on every answer: nothing of the page runs inline, is framed, sniffed or cached. */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
          "X-Content-Type-Options",
          "nosniff",
          "X-Frame-Options",
          "DENY",
          "Referrer-Policy",
          "no-referrer",
          "Cache-Control",
          "no-store",
          "Cross-Origin-Resource-Policy",
          "same-origin");

  /** One file of the page: its name among this package's resources, and its media type. */
  private record Asset(String file, String type) {}

  /** The page's files, by path. */
  private static final Map<String, Asset> ASSETS =
      Map.of(
          "/", new Asset("index.html", "text/html; charset=utf-8"),
          "/app.js", new Asset("app.js", "text/javascript; charset=utf-8"),
          "/editor.js", new Asset("editor.js", "text/javascript; charset=utf-8"),
          "/app.css", new Asset("app.css", "text/css; charset=utf-8"));

  private static final Set<String> API =
      Set.of("/api/state", "/api/preview", "/api/tests", "/api/save");

  private final HttpServer server;
  private final ExecutorService workers;
  private final Guard guard;
  private final Workbench workbench;
  private final int maxBodyBytes;
  private final Consumer<String> log;
  private final Map<String, byte[]> assets;

  private PreviewServer(
      HttpServer server,
      ExecutorService workers,
      Workbench workbench,
      int maxBodyBytes,
      Consumer<String> log) {
    this.server = server;
    this.workers = workers;
    this.guard = new Guard(server.getAddress().getPort());
    this.workbench = workbench;
    this.maxBodyBytes = maxBodyBytes;
    this.log = log;
    this.assets = loadAssets();
  }

  /**
   * Starts serving on 127.0.0.1.
   *
   * @param port the port, or 0 for any free one
   * @param maxBodyBytes the largest request body read; larger ones are answered 413 unread
   * @param log where unexpected errors are reported (the command's standard error)
   */
  public static PreviewServer start(
      Workbench workbench, int port, int maxBodyBytes, Consumer<String> log) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    AtomicInteger count = new AtomicInteger();
    // two workers: a burst of keystrokes queues instead of taking every core of the machine
    ExecutorService workers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "serve-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    PreviewServer preview = new PreviewServer(server, workers, workbench, maxBodyBytes, log);
    server.createContext("/", preview::handle);
    server.setExecutor(workers);
    server.start();
    return preview;
  }

  /** The page's address, with the token: what the user opens. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port() + "/?token=" + guard.token());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      Optional<Guard.Refused> refused =
          guard.check(
              method,
              exchange.getRequestHeaders().getFirst("Host"),
              exchange.getRequestHeaders().getFirst("Origin"),
              uri.getRawQuery(),
              exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
      if (refused.isPresent()) {
        error(exchange, refused.get().status(), refused.get().message());
        return;
      }
      String path = uri.getPath();
      Asset asset = ASSETS.get(path);
      if (asset != null) {
        if (!method.equals("GET")) {
          error(exchange, 405, "method not allowed");
          return;
        }
        if (path.equals("/")) {
          exchange.getResponseHeaders().add("Set-Cookie", guard.cookie());
        }
        send(exchange, 200, asset.type(), assets.get(path));
        return;
      }
      api(exchange, method, path);
    } catch (RuntimeException | Error e) {
      // never a stack trace on the page: the class and message go to the command's output
      log.accept(
          "serve: unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      try {
        error(exchange, 500, "unexpected error: " + e.getClass().getSimpleName());
      } catch (IOException | RuntimeException ignored) {
        // the answer had already begun; the connection is closed above
      }
    }
  }

  private void api(HttpExchange exchange, String method, String path) throws IOException {
    if (!API.contains(path)) {
      error(exchange, 404, "not found");
      return;
    }
    boolean post = !path.equals("/api/state");
    if (!method.equals(post ? "POST" : "GET")) {
      error(exchange, 405, "method not allowed");
      return;
    }
    try {
      JsonNode answer;
      if (!post) {
        answer = workbench.state();
      } else {
        JsonNode request = body(exchange);
        answer =
            switch (path) {
              case "/api/preview" -> workbench.preview(request);
              case "/api/tests" -> workbench.tests(request);
              default -> workbench.save(request);
            };
      }
      send(
          exchange,
          200,
          "application/json; charset=utf-8",
          Json.compact(answer).getBytes(StandardCharsets.UTF_8));
    } catch (Workbench.Refusal refusal) {
      error(exchange, refusal.status(), refusal.getMessage());
    }
  }

  /** The request's JSON object, read up to the cap. */
  private JsonNode body(HttpExchange exchange) throws Workbench.Refusal, IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (tooLong(declared)) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(maxBodyBytes + 1);
    }
    if (bytes.length > maxBodyBytes) {
      throw tooLarge();
    }
    try {
      JsonNode json = Json.MAPPER.readTree(bytes);
      if (json == null || !json.isObject()) {
        throw Workbench.Refusal.malformed("the request must be a JSON object");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw Workbench.Refusal.malformed("the request is not valid JSON");
    }
  }

  private boolean tooLong(String declared) {
    try {
      return declared != null && Long.parseLong(declared.strip()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Workbench.Refusal tooLarge() {
    return Workbench.Refusal.tooLarge(
        "refused: the request is larger than " + maxBodyBytes + " bytes");
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode body = Json.MAPPER.createObjectNode().put("error", message);
    send(
        exchange,
        status,
        "application/json; charset=utf-8",
        Json.compact(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    SECURITY_HEADERS.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    // the answer is flushed before the exchange is closed: closing it first reads what is left of
    // the request, and a body refused unread (413) may never come
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, byte[]> loadAssets() {
    Map<String, byte[]> loaded = new HashMap<>();
    ASSETS.forEach(
        (path, asset) -> {
          try (InputStream in = PreviewServer.class.getResourceAsStream(asset.file())) {
            if (in == null) {
              throw new IllegalStateException("the jar lacks the page's " + asset.file());
            }
            loaded.put(path, in.readAllBytes());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return Map.copyOf(loaded);
  }
}
