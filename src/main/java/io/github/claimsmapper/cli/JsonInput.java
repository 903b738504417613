package io.github.claimsmapper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Json;
import io.github.claimsmapper.source.ItemJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files a user hands the commands: events and items, with located messages. */
final class JsonInput {
  private JsonInput() {}

  /**
   * Reads one JSON document.
   *
   * @param what what the file should hold, for messages ({@code event}, {@code item})
   */
  static JsonNode read(Path file, String what) throws CommandFailure {
    try {
      JsonNode json = Json.MAPPER.readTree(Files.readString(file));
      if (json == null || json.isMissingNode()) {
        throw CommandFailure.input(file + ": the " + what + " file is empty");
      }
      return json;
    } catch (NoSuchFileException e) {
      throw CommandFailure.input(file + ": no such " + what + " file");
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
      throw CommandFailure.input(file + at + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw CommandFailure.input(file + ": cannot read the " + what + " file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reads an item: a plain JSON object, or DynamoDB JSON (also {@code aws dynamodb get-item} output). */
  static ObjectNode readItem(Path file) throws CommandFailure {
    JsonNode json = read(file, "item");
    if (ItemJson.isDynamoDbJson(json)) {
      try {
        return ItemJson.fromDynamoDbJson(json);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.input(file + ": not a valid DynamoDB JSON item: " + e.getMessage());
      }
    }
    if (!json.isObject()) {
      throw CommandFailure.input(file + ": an item is a JSON object");
    }
    return (ObjectNode) json;
  }
}
