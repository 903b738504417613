package io.github.claimsmapper.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * AWS AppConfig's Lambda validator for a claims mapping: {@code
 * io.github.claimsmapper.lambda.AppConfigValidator::handleRequest}, from the same jar as the
 * trigger. AppConfig calls it with {@code applicationId}, {@code configurationProfileId}, {@code
 * configurationVersion} and the base64 {@code content} of a version before deploying it; throwing
 * refuses the version. It runs exactly the checks of the {@code validate} command and of the
 * function's init, so a version it accepts is one the function will serve.
 *
 * <p>The error is the located diagnostics, one per line, each naming the version as its file
 * ({@code PROFILE@VERSION:line:column: path: message}). {@code ${env:NAME}} placeholders are
 * resolved against this function's environment: give it the trigger's variables.
 */
public final class AppConfigValidator implements RequestStreamHandler {
  /**
   * The largest event read: the content (a mapping of at most 1 MiB) base64-encoded, and the ids.
   */
  static final int MAX_EVENT_BYTES = MappingLoader.MAX_FILE_BYTES / 3 * 4 + 64 * 1024;

  /**
   * The event is one JSON object and nothing after it, with no key twice: AppConfig sends exactly
   * that, and a second {@code "content"} (or data after the object) would let the version checked
   * differ from the one a reader of the event sees.
   */
  private static final ObjectReader EVENT =
      Json.MAPPER
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Checks one version's text, throwing {@link ConfigException} with its problems. */
  interface Check {
    void run(String name, String text) throws ConfigException;
  }

  private final Check check;

  /** Used by Lambda: placeholders read the process environment. */
  public AppConfigValidator() {
    this(System.getenv());
  }

  /**
   * @param env what {@code ${env:NAME}} placeholders read
   */
  public AppConfigValidator(Map<String, String> env) {
    this(new MappingLoader(env)::load);
  }

  AppConfigValidator(Check check) {
    this.check = check;
  }

  /** A refused version; its message is what AppConfig shows. No stack trace: it is not a bug. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Accepts (writes {@code {}}) or refuses (throws {@link Refused}) the version in the event;
   * anything else thrown on the way is a refusal too, never an escape AppConfig would show as a
   * stack trace.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    try {
      answer(input, output);
    } catch (Refused refused) {
      throw refused;
    } catch (Throwable e) {
      throw new Refused(
          "the validation event could not be checked ("
              + e.getClass().getSimpleName()
              + "): refused");
    }
  }

  private void answer(InputStream input, OutputStream output) throws IOException {
    byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new Refused(
          "the validation event is larger than "
              + MAX_EVENT_BYTES
              + " bytes: the mapping is larger than "
              + MappingLoader.MAX_FILE_BYTES
              + " bytes");
    }
    JsonNode event;
    try {
      event = EVENT.readTree(bytes);
    } catch (IOException e) {
      throw new Refused(
          "the validation event is not one JSON object without repeated keys: expected"
              + " AppConfig's validator event");
    }
    JsonNode content = event == null ? null : event.get("content");
    if (content == null || !content.isTextual()) {
      throw new Refused(
          "the validation event has no content: expected AppConfig's validator event with the"
              + " configuration base64-encoded in \"content\"");
    }
    validate(name(event), content.asText());
    output.write("{}".getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Checks one version.
   *
   * @param name the file name its diagnostics carry
   * @param base64 the content as AppConfig sends it
   * @throws Refused with every problem, located, when the version must not be deployed
   */
  void validate(String name, String base64) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new Refused(name + ":1:1: $: the content is not base64");
    }
    if (decoded.length > MappingLoader.MAX_FILE_BYTES) {
      throw new Refused(name + ":1:1: $: the mapping file is larger than 1 MiB: not read");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(decoded))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Refused(name + ":1:1: $: the mapping is not UTF-8 text");
    }
    try {
      check.run(name, text);
    } catch (ConfigException e) {
      throw new Refused(e.getMessage());
    } catch (Throwable e) {
      // a version that cannot be checked is refused, never thrown out as something else: AppConfig
      // shows the message, and a stack overflow or memory error would tell the author nothing
      throw new Refused(
          name
              + ":1:1: $: the mapping could not be checked ("
              + e.getClass().getSimpleName()
              + "): refused");
    }
  }

  /** {@code PROFILE@VERSION}, each reduced to characters that cannot break a diagnostic line. */
  private static String name(JsonNode event) {
    return part(event.path("configurationProfileId").asText(""), "profile")
        + "@"
        + part(event.path("configurationVersion").asText(""), "version");
  }

  private static String part(String text, String fallback) {
    String safe = text.replaceAll("[^A-Za-z0-9._-]", "");
    return safe.isEmpty() ? fallback : safe.substring(0, Math.min(64, safe.length()));
  }
}
