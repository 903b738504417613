package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.source.ItemSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where items come from when rendering one event: {@code --item [NAME=]FILE} (repeatable), {@code
 * --no-item}, {@code --endpoint URL [--region REGION]}.
 */
final class ItemOptions {
  @Option(
      names = "--item",
      paramLabel = "[NAME=]FILE",
      description =
          "An item a lookup returns: plain JSON or DynamoDB JSON (also the output of 'aws dynamodb"
              + " get-item'). FILE is the primary source's item; NAME=FILE the item of source NAME"
              + " (under 'sources'); NAME= with no file: that source finds no item. Repeatable."
              + " Named sources without a file find no item; the primary source needs --item,"
              + " --no-item or --endpoint.")
  List<String> items = new ArrayList<>();

  @Option(
      names = "--no-item",
      description =
          "Render as if the table held no item for the primary source's key (onMissing applies).")
  boolean noItem;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "Read the items not given with --item from this DynamoDB endpoint (credentials from the"
              + " default AWS chain).")
  URI endpoint;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "Region for --endpoint (default: $AWS_REGION, else ${DEFAULT-VALUE}).")
  String region;

  /**
   * The files given, by source name (in the order given), with no item for the names given without
   * a file.
   */
  record Given(Map<String, Path> files, Set<String> absent) {}

  /** Sorts the {@code --item} arguments into sources. */
  Given given() throws CommandFailure {
    Map<String, Path> files = new LinkedHashMap<>();
    Set<String> absent = new HashSet<>();
    Set<String> seen = new HashSet<>();
    if (noItem) {
      absent.add(ItemFiles.PRIMARY);
      seen.add(ItemFiles.PRIMARY);
    }
    for (String argument : items) {
      String name = ItemFiles.PRIMARY;
      String file = argument;
      int eq = argument.indexOf('=');
      // NAME=FILE, unless the whole argument is the name of an existing file (paths may contain
      // '=')
      if (eq > 0
          && ItemFiles.NAME.matcher(argument.substring(0, eq)).matches()
          && !Files.exists(Path.of(argument))) {
        name = argument.substring(0, eq);
        file = argument.substring(eq + 1);
      }
      if (!seen.add(name)) {
        throw CommandFailure.usage(
            name.equals(ItemFiles.PRIMARY)
                ? "one primary item only: --item FILE, --item item=FILE and --no-item exclude each"
                    + " other (give the items of named sources as --item NAME=FILE)"
                : "--item " + name + "=... is given twice");
      }
      if (file.isEmpty()) {
        absent.add(name);
      } else {
        files.put(name, Path.of(file));
      }
    }
    return new Given(files, absent);
  }

  /** Reads the item files and, with {@code --endpoint}, connects to the table for the rest. */
  ItemFiles source() throws CommandFailure {
    Given given = given();
    Map<String, JsonNode> read = new LinkedHashMap<>();
    for (Map.Entry<String, Path> file : given.files().entrySet()) {
      read.put(file.getKey(), JsonInput.readItemOrItems(file.getValue()));
    }
    ItemSource table = table();
    return new ItemFiles(read, given.absent(), table);
  }

  /** The table at {@code --endpoint}, or null without one. */
  ItemSource table() {
    return endpoint == null
        ? null
        : new DynamoDbItemSource(
            DynamoDbClients.create(
                Region.of(region),
                Optional.of(endpoint),
                DefaultCredentialsProvider.builder().build(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                2));
  }

  /** Whether any item option was given at all. */
  boolean any() {
    return !items.isEmpty() || noItem || endpoint != null;
  }
}
