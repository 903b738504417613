package io.github.claimsmapper.cognito;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.EventFacts;
import io.github.claimsmapper.engine.Overrides;
import io.github.claimsmapper.engine.Targets;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre token generation event. Every field is optional (the console's test event is {@code
 * {"request": {}, "response": {}}}) and unknown fields are kept as they are.
 */
public final class CognitoEvent {
  public static final String CLIENT_CREDENTIALS = "TokenGeneration_ClientCredentials";

  private final ObjectNode json;
  private final EventVersion version;

  private CognitoEvent(ObjectNode json) {
    this.json = json;
    JsonNode v = json.get("version");
    this.version = EventVersion.of(v != null && v.isValueNode() ? v.asText() : null);
  }

  /**
   * The most an event may take: Lambda passes at most 6 MB (6,291,456 bytes) to a synchronously
   * invoked function, so no larger input is an event Cognito sent.
   */
  public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

  /**
   * Reads the invocation's input: one JSON value of at most {@value #MAX_EVENT_BYTES} bytes and
   * nothing after it but whitespace. Whether it is an object is {@link #of}'s to check.
   *
   * @throws IOException when the input is not that; the message names none of its content
   */
  public static JsonNode read(InputStream input) throws IOException {
    byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new IOException("the event is larger than " + MAX_EVENT_BYTES + " bytes");
    }
    try (JsonParser parser = Json.MAPPER.createParser(bytes)) {
      JsonNode json = Json.MAPPER.readTree(parser);
      if (json != null && parser.nextToken() != null) {
        throw new IOException("data after the event");
      }
      return json;
    }
  }

  /**
   * Wraps a parsed event.
   *
   * @throws InvalidEventException when the input is not a JSON object
   */
  public static CognitoEvent of(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new InvalidEventException("the event is not a JSON object");
    }
    if (holdsHugeNumber(json)) {
      throw new InvalidEventException("the event holds a number too large or too small to handle");
    }
    return new CognitoEvent((ObjectNode) json);
  }

  /**
   * A decimal whose plain form would run past {@value #MAX_NUMBER_DIGITS} digits ({@code 1E+10000}
   * takes 11 characters to write) is no Cognito event's; writing it out would fail or balloon.
   */
  private static boolean holdsHugeNumber(JsonNode node) {
    if (node.isBigDecimal()) {
      java.math.BigDecimal value = node.decimalValue();
      return Math.abs((long) value.scale()) > MAX_NUMBER_DIGITS
          || (long) value.precision() - value.scale() > MAX_NUMBER_DIGITS;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (holdsHugeNumber(child)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The most digits a number in an event may take written out (DynamoDB's own range is 1E-130 to
   * 1E+126).
   */
  static final int MAX_NUMBER_DIGITS = 400;

  public ObjectNode json() {
    return json;
  }

  public EventVersion version() {
    return version;
  }

  /** The trigger source, or null. */
  public String triggerSource() {
    JsonNode t = json.get("triggerSource");
    return t != null && t.isTextual() ? t.textValue() : null;
  }

  /**
   * The user's {@code sub} (Cognito's pseudonymous, immutable user id), or null: a
   * client-credentials event has no user.
   */
  public String sub() {
    JsonNode sub = json.path("request").path("userAttributes").get("sub");
    return sub != null && sub.isTextual() ? sub.textValue() : null;
  }

  /** The app client id, or null. */
  public String clientId() {
    JsonNode id = json.path("callerContext").get("clientId");
    return id != null && id.isTextual() ? id.textValue() : null;
  }

  /** True for a machine-to-machine token (V3 client credentials): no user, no ID token. */
  public boolean isClientCredentials() {
    return CLIENT_CREDENTIALS.equals(triggerSource());
  }

  /** Which parts of a mapping apply to this event. */
  public Targets targets() {
    boolean machine = isClientCredentials();
    return new Targets(!machine, version != EventVersion.V1, !machine, version == EventVersion.V1);
  }

  /** What the plan needs of this event besides what its expressions read. */
  public EventFacts facts() {
    JsonNode current = json.path("request").path("groupConfiguration");
    JsonNode preferred = current.path("preferredRole");
    return new EventFacts(
        targets(),
        clientId(),
        new Overrides.Groups(
            strings(current.path("groupsToOverride")),
            strings(current.path("iamRolesToOverride")),
            preferred.isTextual() ? preferred.textValue() : null));
  }

  /**
   * The strings of an array; anything else in it, or a value that is no array, is not a name
   * Cognito sent.
   */
  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(
          v -> {
            if (v.isTextual()) {
              strings.add(v.textValue());
            }
          });
    }
    return strings;
  }
}
