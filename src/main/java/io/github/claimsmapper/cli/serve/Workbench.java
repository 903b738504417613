package io.github.claimsmapper.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the preview page may ask, each a JSON request answered by a JSON document. Implemented by
 * the command line over the mapping it was started with; called from the server's threads, so
 * implementations are thread-safe.
 */
public interface Workbench {
  /** The page's start: the mapping's text, the samples, the sources, what the server can do. */
  JsonNode state() throws Refusal;

  /** Diagnostics, the rendered sign-in and the difference against the saved mapping. */
  JsonNode preview(JsonNode request) throws Refusal;

  /** The mapping's test cases, run on the edited text. */
  JsonNode tests(JsonNode request) throws Refusal;

  /** Writes the edited text to the mapping file. */
  JsonNode save(JsonNode request) throws Refusal;

  /**
   * A request that is refused, with the HTTP status and the message the page shows.
   *
   * <p>Statuses: 400 a malformed request, 409 a conflict the user resolves (the file changed on
   * disk, a save not confirmed), 413 a text over its cap.
   */
  final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    private Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** 400: the request is not what the page sends. */
    public static Refusal malformed(String message) {
      return new Refusal(400, message);
    }

    /** 409: a conflict the user resolves. */
    public static Refusal conflict(String message) {
      return new Refusal(409, message);
    }

    /** 413: a text over its cap. */
    public static Refusal tooLarge(String message) {
      return new Refusal(413, message);
    }

    public int status() {
      return status;
    }
  }
}
