package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One case: a folder with {@code event.json}, optionally {@code item.json} (the primary source's
 * item) and {@code items/NAME.json} (the item of the source NAME). A source with no file finds no
 * item, as if the table held none for the key.
 *
 * @param name the folder's name
 * @param dir the folder
 * @param event the event
 * @param items the items by source name
 */
record CaseFolder(String name, Path dir, JsonNode event, Map<String, JsonNode> items) {
  static final String EVENT = "event.json";

  CaseFolder {
    items = Map.copyOf(items);
  }

  /**
   * The cases under {@code dir}: its sub-folders in name order, or {@code dir} itself when it holds
   * an event.
   */
  static List<Path> list(Path dir) throws CommandFailure {
    if (!Files.isDirectory(dir)) {
      throw CommandFailure.usage(dir + ": no such folder");
    }
    if (Files.isRegularFile(dir.resolve(EVENT))) {
      return List.of(dir);
    }
    List<Path> cases;
    try (Stream<Path> entries = Files.list(dir)) {
      cases =
          entries
              .filter(Files::isDirectory)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw CommandFailure.usage(
          dir + ": cannot list the folder (" + e.getClass().getSimpleName() + ")");
    }
    if (cases.isEmpty()) {
      throw CommandFailure.usage(dir + ": no cases (a case is a folder with " + EVENT + ")");
    }
    return cases;
  }

  /** Reads a case's event and items. */
  static CaseFolder read(Path dir) throws CommandFailure {
    JsonNode event = JsonInput.read(dir.resolve(EVENT), "event");
    Map<String, JsonNode> items = new LinkedHashMap<>();
    Path primary = dir.resolve(ItemFiles.PRIMARY + ".json");
    if (Files.isRegularFile(primary)) {
      items.put(ItemFiles.PRIMARY, JsonInput.readItemOrItems(primary));
    }
    Path named = dir.resolve("items");
    if (Files.isDirectory(named)) {
      List<Path> files;
      try (Stream<Path> entries = Files.list(named)) {
        files = entries.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      } catch (IOException e) {
        throw CommandFailure.input(
            named + ": cannot list the folder (" + e.getClass().getSimpleName() + ")");
      }
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        String source = fileName.substring(0, fileName.length() - ".json".length());
        if (!ItemFiles.NAME.matcher(source).matches()) {
          throw CommandFailure.input(
              file + ": not a source name (letters, digits and _, not starting with a digit)");
        }
        if (items.containsKey(source)) {
          throw CommandFailure.input(
              file
                  + ": the item of '"
                  + source
                  + "' is given twice (also "
                  + primary.getFileName()
                  + ")");
        }
        items.put(source, JsonInput.readItemOrItems(file));
      }
    }
    return new CaseFolder(dir.getFileName().toString(), dir, event, items);
  }

  /** The items as a source: names without a file find no item. */
  ItemFiles source() {
    return new ItemFiles(items, Set.of(), null);
  }
}
