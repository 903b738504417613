package io.github.claimsmapper.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code diff} renders through both mappings: one event ({@code --event FILE}) with its items
 * (the item options of {@code render}), or a folder of cases ({@code --cases DIR}), each case with
 * its own event and items.
 */
final class DiffInputs {
  @Mixin ItemOptions items = new ItemOptions();

  @Option(
      names = "--event",
      paramLabel = "FILE",
      description = "A Cognito pre token generation event (JSON).")
  Path event;

  @Option(
      names = "--cases",
      paramLabel = "DIR",
      description = "A folder of cases (instead of --event and the item options).")
  Path cases;

  /** Fails the command unless exactly one of the two inputs is given, and the items with it. */
  void check() throws CommandFailure {
    if ((event == null) == (cases == null)) {
      throw CommandFailure.usage(
          "give either --event FILE (with --item, --no-item or --endpoint) or --cases DIR");
    }
    if (cases != null && items.any()) {
      throw CommandFailure.usage(
          "--cases DIR takes its items from the case folders: --item, --no-item and --endpoint go"
              + " with --event");
    }
  }
}
