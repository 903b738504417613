package io.github.claimsmapper.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP API, with {@code
 * java.net.http}: the few commands the browser tests need, without a Selenium dependency. Finds
 * {@code chromedriver} and {@code chromium} on the PATH (Debian's {@code chromium} and {@code
 * chromium-driver} packages) or at the system properties {@code chromedriver} and {@code chromium}.
 */
public final class WebDriver implements AutoCloseable {
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Process driver;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String session;

  /** The chromedriver and Chromium binaries, when both are installed. */
  public record Binaries(Path driver, Path browser) {}

  /** Where chromedriver and Chromium are, or empty when either is missing. */
  public static Optional<Binaries> find() {
    Optional<Path> driver = binary("chromedriver", List.of("chromedriver"));
    Optional<Path> browser =
        binary("chromium", List.of("chromium", "chromium-browser", "google-chrome"));
    return driver.isPresent() && browser.isPresent()
        ? Optional.of(new Binaries(driver.get(), browser.get()))
        : Optional.empty();
  }

  private static Optional<Path> binary(String property, List<String> names) {
    String given = System.getProperty(property);
    if (given != null) {
      return Optional.of(Path.of(given)).filter(Files::isExecutable);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : names) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts chromedriver and a headless browser window of the given size. */
  public WebDriver(Binaries binaries, int width, int height)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    driver =
        new ProcessBuilder(binaries.driver().toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    base = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        if (call("GET", "/status", null).path("ready").asBoolean()) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        driver.destroyForcibly();
        throw new IOException("chromedriver did not start");
      }
      Thread.sleep(100);
    }
    ObjectNode capabilities = Json.MAPPER.createObjectNode();
    ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
    always.put("browserName", "chrome");
    ObjectNode options = always.putObject("goog:chromeOptions");
    options.put("binary", binaries.browser().toString());
    ArrayNode args = options.putArray("args");
    for (String arg :
        List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--window-size=" + width + "," + height)) {
      args.add(arg);
    }
    JsonNode created;
    try {
      created = call("POST", "/session", capabilities);
    } catch (IOException | RuntimeException e) {
      driver.destroyForcibly();
      throw e;
    }
    session = "/session/" + created.get("sessionId").asText();
    call("POST", session + "/timeouts", Json.MAPPER.createObjectNode().put("script", 60_000));
  }

  private final String base;

  public void open(String url) throws IOException, InterruptedException {
    call("POST", session + "/url", Json.MAPPER.createObjectNode().put("url", url));
  }

  /** Runs a script in the page ({@code arguments[0]}... are {@code args}) and returns its value. */
  public JsonNode script(String body, Object... args) throws IOException, InterruptedException {
    ObjectNode request = Json.MAPPER.createObjectNode().put("script", body);
    request.set("args", Json.MAPPER.valueToTree(args));
    return call("POST", session + "/execute/sync", request);
  }

  /** Polls a script until its value satisfies {@code done}; fails after a minute. */
  public JsonNode waitFor(String description, String body, Predicate<JsonNode> done, Object... args)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode value = script(body, args);
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + description + "; last value: " + value);
      }
      Thread.sleep(20);
      value = script(body, args);
    }
    return value;
  }

  /** The element a CSS selector finds first. */
  public String find(String css) throws IOException, InterruptedException {
    ObjectNode request =
        Json.MAPPER.createObjectNode().put("using", "css selector").put("value", css);
    return call("POST", session + "/element", request).get(ELEMENT).asText();
  }

  public void click(String css) throws IOException, InterruptedException {
    call("POST", session + "/element/" + find(css) + "/click", Json.MAPPER.createObjectNode());
  }

  /**
   * Types into the focused element with key actions, as a user at the keyboard does: each character
   * a key down and a key up, where the caret is ({@code \n} is Enter, {@code \b} Backspace).
   */
  public void type(String text) throws IOException, InterruptedException {
    ObjectNode request = Json.MAPPER.createObjectNode();
    ObjectNode keyboard = request.putArray("actions").addObject();
    keyboard.put("type", "key").put("id", "keyboard");
    ArrayNode actions = keyboard.putArray("actions");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String key = c == '\n' ? "\uE007" : c == '\b' ? "\uE003" : String.valueOf(c);
      actions.addObject().put("type", "keyDown").put("value", key);
      actions.addObject().put("type", "keyUp").put("value", key);
    }
    call("POST", session + "/actions", request);
  }

  /** The visible page as PNG. */
  public byte[] screenshot() throws IOException, InterruptedException {
    return Base64.getDecoder().decode(call("GET", session + "/screenshot", null).asText());
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        call("DELETE", session, null);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the driver is stopped below either way
    } finally {
      driver.destroy();
    }
  }

  private JsonNode call(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(Json.compact(body)));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode value = Json.MAPPER.readTree(response.body()).path("value");
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "WebDriver "
              + method
              + " "
              + path
              + ": "
              + value.path("error").asText()
              + ": "
              + value.path("message").asText());
    }
    return value;
  }
}
