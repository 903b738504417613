package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.cognito.EventVersion;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sample events and item of {@code events/}, bundled into the jar for the preview page, which
 * must work from the jar alone. A class path folder cannot be listed, so the files are named here;
 * a test checks that every file of {@code events/} is.
 */
final class SampleEvents {
  /** The events, in the order the page offers them; the first is its default. */
  static final List<String> EVENTS =
      List.of(
          "v2-authentication.json",
          "v2-refresh.json",
          "v3-authentication.json",
          "v3-client-credentials.json",
          "v1-hosted-auth.json",
          "v1-federated.json",
          "console-test.json",
          "cognito-local-v0.json");

  /** The primary source's sample item. */
  static final String ITEM = "items/user.json";

  /** Every trigger source Cognito sends (the contract's list), for the page's choice. */
  static final List<String> TRIGGER_SOURCES =
      List.of(
          "TokenGeneration_HostedAuth",
          "TokenGeneration_Authentication",
          "TokenGeneration_NewPasswordChallenge",
          "TokenGeneration_AuthenticateDevice",
          "TokenGeneration_RefreshTokens",
          "TokenGeneration_ClientCredentials");

  private SampleEvents() {}

  /** A bundled file's text, by its name under {@code events/}. */
  static String text(String name) {
    try (InputStream in = SampleEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks events/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code V2 · TokenGeneration_Authentication}: the version the function reads the event as, and
   * its trigger source.
   */
  static String label(String text) {
    try {
      JsonNode event = Json.MAPPER.readTree(text);
      EventVersion version = EventVersion.of(event.path("version").asText(null));
      String trigger = event.path("triggerSource").asText("no triggerSource");
      return version.name() + " · " + trigger;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
