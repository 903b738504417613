package io.github.claimsmapper.resilience;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.lambda.Handler;
import io.github.claimsmapper.lambda.Settings;
import io.github.claimsmapper.lambda.Wiring;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real handler the way Lambda does, capturing its log lines and timing each call. */
final class LambdaRun {
  private LambdaRun() {}

  /** A handler built from an environment, with what it writes to standard output captured. */
  static final class CapturedHandler {
    final Handler handler;
    private final ByteArrayOutputStream out;

    private CapturedHandler(Handler handler, ByteArrayOutputStream out) {
      this.handler = handler;
      this.out = out;
    }

    /**
     * The handler Lambda builds from {@code env}, items from DynamoDB as there, its log lines
     * written to a buffer instead of standard output.
     */
    static CapturedHandler of(Map<String, String> env) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Handler handler =
          new Handler(
              Wiring.from(
                  Settings.from(env), null, new PrintStream(out, true, StandardCharsets.UTF_8)));
      return new CapturedHandler(handler, out);
    }

    /** Every line logged so far. */
    String log() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    /** The log lines, parsed. */
    List<JsonNode> lines() {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : log().split("\n")) {
        if (!line.isBlank()) {
          try {
            lines.add(Json.MAPPER.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException("a log line that is not JSON: " + line, e);
          }
        }
      }
      return lines;
    }

    /** The one summary line of an invocation. */
    JsonNode invocation(String requestId) {
      List<JsonNode> found =
          lines().stream().filter(l -> requestId.equals(l.path("requestId").asText(null))).toList();
      if (found.size() != 1) {
        throw new AssertionError(
            found.size() + " invocation lines for " + requestId + " in:\n" + log());
      }
      return found.get(0);
    }

    /** The log lines that mention a reference ({@code ref <id>: ...}), messages only. */
    List<String> messagesFor(String requestId) {
      return lines().stream()
          .map(l -> l.path("message").asText(""))
          .filter(m -> m.startsWith("ref " + requestId + ":"))
          .toList();
    }

    Result invoke(byte[] event, String requestId, int remainingMillis) {
      return LambdaRun.invoke(handler, event, new TestContext(requestId, remainingMillis));
    }

    Result invoke(byte[] event, String requestId) {
      return invoke(event, requestId, 5000);
    }
  }

  /** What one call did: the response or the denial, and how long it took. */
  record Result(ObjectNode response, SignInDenied denied, Duration took) {
    boolean allowed() {
      return response != null;
    }

    ObjectNode responseOrFail() {
      if (response == null) {
        throw new AssertionError(
            "expected a response, the sign-in was denied: " + denied.getMessage());
      }
      return response;
    }

    SignInDenied deniedOrFail() {
      if (denied == null) {
        throw new AssertionError("expected a denial, got a response: " + Json.compact(response));
      }
      return denied;
    }
  }

  /**
   * Calls the handler and times it ({@link System#nanoTime}). A {@link SignInDenied} is a result;
   * any other exception fails the caller's test.
   */
  static Result invoke(Handler handler, byte[] event, Context context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long start = System.nanoTime();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, context);
    } catch (SignInDenied denied) {
      return new Result(null, denied, Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    try {
      JsonNode response = Json.MAPPER.readTree(out.toByteArray());
      if (!response.isObject()) {
        throw new AssertionError("the handler wrote something other than an object: " + out);
      }
      return new Result((ObjectNode) response, null, took);
    } catch (IOException e) {
      throw new AssertionError("the handler wrote something that is not JSON: " + out, e);
    }
  }
}
