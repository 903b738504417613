package io.github.claimsmapper.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cognito.CognitoEvent;
import io.github.claimsmapper.config.TextFile;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files a user hands the commands: events and items, with located messages. */
final class JsonInput {
  /**
   * Events are at most Lambda's 6 MB payload; DynamoDB items, even as DynamoDB JSON, are smaller.
   */
  static final int MAX_FILE_BYTES = CognitoEvent.MAX_EVENT_BYTES;

  private JsonInput() {}

  /**
   * Reads one JSON document.
   *
   * @param what what the file should hold, for messages ({@code event}, {@code item})
   */
  static JsonNode read(Path file, String what) throws CommandFailure {
    String text;
    try {
      text = TextFile.read(file, MAX_FILE_BYTES);
    } catch (TextFile.TooLarge e) {
      throw CommandFailure.input(
          file
              + ": the "
              + what
              + " file is larger than "
              + TextFile.describe(MAX_FILE_BYTES)
              + " (the most Lambda passes to a function): not read");
    } catch (NoSuchFileException e) {
      throw CommandFailure.input(file + ": no such " + what + " file");
    } catch (IOException e) {
      throw CommandFailure.input(
          file + ": cannot read the " + what + " file (" + e.getClass().getSimpleName() + ")");
    }
    return parse(text, file.toString(), what);
  }

  /**
   * Reads one JSON document from text already read (the preview page's editors), with the messages
   * of {@link #read}.
   *
   * @param name names the text in messages, as a file name would ({@code event})
   */
  static JsonNode parse(String text, String name, String what) throws CommandFailure {
    try (JsonParser parser = Json.MAPPER.createParser(text)) {
      JsonNode json = Json.MAPPER.readTree(parser);
      if (json == null || json.isMissingNode()) {
        throw CommandFailure.input(name + ": the " + what + " file is empty");
      }
      JsonToken after;
      try {
        after = parser.nextToken();
      } catch (JsonProcessingException e) {
        after = JsonToken.NOT_AVAILABLE;
      }
      if (after != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw CommandFailure.input(
            name
                + ":"
                + at.getLineNr()
                + ":"
                + at.getColumnNr()
                + ": not valid JSON: data after the "
                + what
                + " (a file holds one JSON value)");
      }
      return json;
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
      throw CommandFailure.input(
          name + at + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw CommandFailure.input(
          name + ": cannot read the " + what + " file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Reads an item: a plain JSON object, or DynamoDB JSON (also {@code aws dynamodb get-item}
   * output).
   */
  static ObjectNode readItem(Path file) throws CommandFailure {
    return item(read(file, "item"), file.toString());
  }

  /**
   * Reads an item, or the items of a query or {@code forEach} source: a JSON array of items (each
   * plain or DynamoDB JSON), or the output of {@code aws dynamodb query} ({@code Items} with {@code
   * Count}).
   *
   * @return an {@link ObjectNode} for one item, an {@link ArrayNode} of them for a list
   */
  static JsonNode readItemOrItems(Path file) throws CommandFailure {
    return itemOrItems(read(file, "item"), file.toString());
  }

  /**
   * As {@link #readItemOrItems(Path)}, from JSON already read.
   *
   * @param name names the item or list in messages, as a file name would
   */
  static JsonNode itemOrItems(JsonNode read, String name) throws CommandFailure {
    JsonNode json = read;
    if (json.isObject() && json.path("Items").isArray() && json.has("Count")) {
      json = json.get("Items");
    }
    if (!json.isArray()) {
      return item(json, name);
    }
    ArrayNode items = Json.MAPPER.createArrayNode();
    for (int i = 0; i < json.size(); i++) {
      items.add(item(json.get(i), name + "[" + i + "]"));
    }
    return items;
  }

  /**
   * An item from JSON already read: a plain JSON object, or DynamoDB JSON.
   *
   * @param name names the item in messages, as a file name would
   */
  static ObjectNode item(JsonNode json, String name) throws CommandFailure {
    if (DynamoDbJson.matches(json)) {
      try {
        return DynamoDbJson.toItem(json);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.input(name + ": not a valid DynamoDB JSON item: " + e.getMessage());
      }
    }
    if (!json.isObject()) {
      throw CommandFailure.input(name + ": an item is a JSON object");
    }
    return (ObjectNode) json;
  }
}
