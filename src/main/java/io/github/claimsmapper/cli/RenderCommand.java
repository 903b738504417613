package io.github.claimsmapper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.ResponseView;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints exactly what the function would return for an event, with items from files or a table. */
@Command(
    name = "render",
    header = "Prints what the function would return for an event.",
    mixinStandardHelpOptions = true,
    description =
        "Prints the JSON the function would return for the event: the whole event with its"
            + " response. Items come from --item files (plain JSON or DynamoDB JSON, also the"
            + " output of 'aws dynamodb get-item') or from the table at --endpoint. Log lines,"
            + " notes and the size of the claims each token gets go to standard error. --explain"
            + " adds there, after the response, one line per step of the evaluation"
            + " (file:line:column: PATH: OUTCOME: detail; outcomes: applied, omitted, defaulted,"
            + " skipped, overridden, failed, denied, missing) and a preview of the claims the ID"
            + " and access tokens would carry.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the response was printed",
      "1:invalid mapping, unreadable input, or the function would deny the sign-in",
      "2:usage error (also: the mapping reads an item and no item option says where it comes from)",
      "3:unexpected error"
    })
final class RenderCommand extends PrintingCommand {
  static final String REFERENCE = "render";

  @Mixin MappingFile mapping = new MappingFile();

  @Option(
      names = "--event",
      required = true,
      paramLabel = "FILE",
      description = "A Cognito pre token generation event (JSON).")
  Path event;

  @Mixin ItemOptions items = new ItemOptions();

  @Option(names = "--compact", description = "Print compact JSON instead of indented JSON.")
  boolean compact;

  @Option(
      names = "--explain",
      description =
          "Also print on standard error, after the response: what became of each lookup, rule,"
              + " claim, scope list and group setting, with its file:line:column; and a preview of"
              + " the tokens' claims with their sizes. On a denial: the steps up to it.")
  boolean explain;

  @Mixin EnvOptions env = new EnvOptions();

  @Override
  int run(PrintWriter out, PrintWriter err) throws CommandFailure, JsonProcessingException {
    MappingLoader.Result loaded = mapping.load(env, err, "the function would not start");
    MappingPlan plan = loaded.plan();
    JsonNode eventJson = JsonInput.read(event, "event");
    ItemFiles itemFiles = items.source();
    Outcome outcome = Outcome.render(plan, itemFiles, eventJson, REFERENCE);
    if (itemFiles.unanswered().contains(ItemFiles.PRIMARY)) {
      throw CommandFailure.usage(
          "the mapping reads an item: give --item FILE, --no-item, or --endpoint URL to read it"
              + " from DynamoDB");
    }
    outcome.log().forEach(err::println);
    notes(itemFiles, err);
    if (outcome.denied()) {
      if (explain) {
        Explanation.lines(outcome, loaded::locate).forEach(err::println);
      }
      err.println(
          "denied: the function would fail this sign-in; the user would see: PreTokenGeneration"
              + " failed with error "
              + outcome.userMessage());
      return Main.PROBLEMS;
    }
    out.println(
        compact
            ? Json.compact(outcome.response())
            : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.response()));
    if (explain) {
      Explanation.lines(outcome, loaded::locate).forEach(err::println);
      TokenPreview.of(outcome.response()).forEach(token -> err.println(token.line()));
      err.println(TokenPreview.NOTE);
    }
    err.println(sizes(ResponseView.of(outcome.response())));
    return Main.OK;
  }

  /** Files given but not read, and sources read without a file. */
  private void notes(ItemFiles itemFiles, PrintWriter err) throws CommandFailure {
    Set<String> asked = itemFiles.asked();
    for (Map.Entry<String, Path> file : items.given().files().entrySet()) {
      if (!asked.contains(file.getKey())) {
        err.println(
            file.getValue()
                + ": note: not used: the mapping did not read "
                + (file.getKey().equals(ItemFiles.PRIMARY)
                    ? "an item"
                    : "source '" + file.getKey() + "'")
                + " for this event");
      }
    }
    for (String name : itemFiles.unanswered()) {
      err.println(
          "note: no file for source '"
              + name
              + "' (--item "
              + name
              + "=FILE): rendered as finding no item");
    }
  }

  /**
   * {@code size: idToken claims 57 bytes, accessToken claims 30 bytes}: the added claims as compact
   * JSON.
   */
  static String sizes(ResponseView view) {
    List<String> parts = new ArrayList<>();
    if (view.idToken() != null) {
      parts.add("idToken claims " + bytes(view.idToken().claims()) + " bytes");
    }
    if (view.accessToken() != null) {
      parts.add("accessToken claims " + bytes(view.accessToken().claims()) + " bytes");
    }
    return "size: " + String.join(", ", parts);
  }

  private static int bytes(JsonNode claims) {
    return Json.compact(claims).getBytes(StandardCharsets.UTF_8).length;
  }
}
