package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cli.serve.PreviewServer;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.config.TextFile;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Serves the preview page: edit a mapping in a browser and see what it does as you type. */
@Command(
    name = "serve",
    header = "Serves a page on which a mapping is edited and its tokens seen as you type.",
    mixinStandardHelpOptions = true,
    description =
        "Serves, on 127.0.0.1 only, a page with the mapping in an editor: the problems 'validate'"
            + " finds, at their lines, as you type; a sample or edited event and its items; the"
            + " response, the ID and access token claims and the steps of 'render --explain'; the"
            + " changes 'diff' lists against the file as saved (or --baseline); the cases of"
            + " --tests DIR; and a save that writes the file back, after confirming. Prints the"
            + " page's URL, with a token every request needs, and serves until stopped (Ctrl-C)."
            + " Placeholders ${env:NAME} read only --env values (and their defaults), never the"
            + " process environment, so nothing of it reaches the page.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "1:the mapping file cannot be read",
      "2:usage error (also: the port is taken)",
      "3:unexpected error"
    })
final class ServeCommand extends PrintingCommand {
  /**
   * The largest request: what one render reads at most, a mapping file and an event with its items
   * (each text is checked against its own cap too).
   */
  static final int MAX_BODY_BYTES = MappingLoader.MAX_FILE_BYTES + JsonInput.MAX_FILE_BYTES;

  @Mixin MappingFile mapping = new MappingFile();

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "The mapping the changes are shown against (default: the --config file as saved).")
  Path baseline;

  @Option(
      names = "--tests",
      paramLabel = "DIR",
      description =
          "A folder of test cases (as for 'test DIR --config FILE'), run on the edited mapping on"
              + " demand.")
  Path tests;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "The port on 127.0.0.1 (default: any free port).")
  int port;

  @Mixin ItemOptions items = new ItemOptions();

  @Option(
      names = "--env",
      paramLabel = "NAME=VALUE",
      description =
          "Value for a $${env:NAME} placeholder (repeatable); unlike the other commands, serve"
              + " does not read the process environment, so the page never shows it.")
  Map<String, String> env = new LinkedHashMap<>();

  @Override
  int run(PrintWriter out, PrintWriter err) throws CommandFailure {
    if (port < 0 || port > 65_535) {
      throw CommandFailure.usage("--port " + port + ": a port is 0 (any free one) to 65535");
    }
    Path file = mapping.config;
    readable(file, "--config");
    if (baseline != null) {
      readable(baseline, "--baseline");
    }
    if (tests != null && !Files.isDirectory(tests)) {
      throw CommandFailure.usage(tests + ": no such folder");
    }
    MappingWorkbench workbench =
        new MappingWorkbench(
            file, baseline, tests, new MappingLoader(env), items.table(), startItems());
    PreviewServer server;
    try {
      server = PreviewServer.start(workbench, port, MAX_BODY_BYTES, err::println);
    } catch (BindException e) {
      throw CommandFailure.usage("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CommandFailure(
          Main.UNEXPECTED, "cannot start the server: " + e.getClass().getSimpleName());
    }
    try (server) {
      out.println("Editing " + file + " at " + server.url());
      out.println("Open that URL in a browser on this machine; Ctrl-C stops the server.");
      // serves until interrupted (the tests) or until the JVM exits (Ctrl-C)
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Main.OK;
  }

  /** The items the page starts with: the --item files as written, else the sample item. */
  private ObjectNode startItems() throws CommandFailure {
    ItemOptions.Given given = items.given();
    ObjectNode start = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, Path> item : given.files().entrySet()) {
      JsonInput.readItemOrItems(item.getValue()); // refuse a broken file here, as render would
      try {
        start.put(item.getKey(), TextFile.read(item.getValue(), JsonInput.MAX_FILE_BYTES));
      } catch (IOException e) {
        throw CommandFailure.input(item.getValue() + ": cannot read the item file");
      }
    }
    given.absent().forEach(start::putNull);
    if (!start.has(ItemFiles.PRIMARY) && !items.any()) {
      start.put(ItemFiles.PRIMARY, SampleEvents.text(SampleEvents.ITEM));
    }
    return start;
  }

  private static void readable(Path file, String option) throws CommandFailure {
    if (!Files.isRegularFile(file)) {
      throw CommandFailure.usage(option + " " + file + ": no such file");
    }
  }
}
