package io.github.claimsmapper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.Json;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.source.ItemJson;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Prints exactly what the function would return for an event, with an item from a file or a table. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the JSON the function would return for EVENT: the whole event with its response.",
        "The item comes from --item (plain JSON or DynamoDB JSON, also the output of 'aws dynamodb get-item'),",
        "or is read from --endpoint with --region. Log lines go to standard error."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the response was printed",
        "1:invalid mapping, unreadable input, or the function would deny the sign-in",
        "2:usage error",
        "3:unexpected error"})
final class RenderCommand implements Callable<Integer> {
  static final String REFERENCE = "render";

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The mapping file.")
  Path config;

  @Option(names = "--event", required = true, paramLabel = "FILE", description = "A Cognito pre token generation event (JSON).")
  Path event;

  @Option(names = "--item", paramLabel = "FILE", description = "The item the lookup would return (plain JSON or DynamoDB JSON).")
  Path item;

  @Option(names = "--no-item", description = "Render as if the table held no item for the key (onMissing applies).")
  boolean noItem;

  @Option(names = "--endpoint", paramLabel = "URL", description = "Read the item from this DynamoDB endpoint instead of --item.")
  URI endpoint;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "Region for --endpoint (default: $AWS_REGION, else ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--compact", description = "Print compact JSON instead of indented JSON.")
  boolean compact;

  @Mixin EnvOptions env = new EnvOptions();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MappingPlan plan;
    try {
      MappingLoader.Result loaded = new MappingLoader(env.environment()).load(config);
      loaded.warnings().forEach(w -> err.println(w.format()));
      plan = loaded.plan();
    } catch (ConfigException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      err.println(config + ": " + e.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count()
          + " error(s): the function would not start");
      return Main.PROBLEMS;
    }
    Optional<JsonNode> eventJson = readJson(event, "event", err);
    if (eventJson.isEmpty()) {
      return Main.PROBLEMS;
    }
    ItemSource items;
    if (item != null) {
      Optional<JsonNode> itemJson = readJson(item, "item", err);
      if (itemJson.isEmpty()) {
        return Main.PROBLEMS;
      }
      Optional<ObjectNode> fixed = toItem(itemJson.get(), err);
      if (fixed.isEmpty()) {
        return Main.PROBLEMS;
      }
      if (plan.source().isEmpty()) {
        err.println(item + ": note: the mapping has no source, the item is not used");
      }
      items = request -> fixed;
    } else if (noItem) {
      items = request -> Optional.empty();
    } else if (endpoint != null) {
      items = new DynamoDbItemSource(DynamoDbClients.create(Region.of(region), Optional.of(endpoint),
          DefaultCredentialsProvider.builder().build(), Duration.ofSeconds(10), Duration.ofSeconds(5), 2));
    } else if (plan.source().isPresent()) {
      err.println("the mapping reads an item: give --item FILE, --no-item, or --endpoint URL to read it from DynamoDB");
      return Main.USAGE;
    } else {
      items = request -> Optional.empty();
    }
    Log log = (level, message) -> err.println(level + " " + message);
    try {
      ObjectNode response = new ClaimsMapper(plan, items, log).respond(eventJson.get(), REFERENCE);
      out.println(compact ? Json.compact(response) : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response));
      return Main.OK;
    } catch (SignInDenied denied) {
      err.println("denied: the function would fail this sign-in; the user would see: PreTokenGeneration failed with error "
          + denied.getMessage());
      return Main.PROBLEMS;
    }
  }

  private static Optional<JsonNode> readJson(Path file, String what, PrintWriter err) {
    try {
      return Optional.of(Json.MAPPER.readTree(Files.readString(file)));
    } catch (NoSuchFileException e) {
      err.println(file + ": no such " + what + " file");
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
      err.println(file + at + ": not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      err.println(file + ": cannot read the " + what + " file (" + e.getClass().getSimpleName() + ")");
    }
    return Optional.empty();
  }

  private Optional<ObjectNode> toItem(JsonNode json, PrintWriter err) {
    if (ItemJson.isDynamoDbJson(json)) {
      try {
        return Optional.of(ItemJson.fromDynamoDbJson(json));
      } catch (IllegalArgumentException e) {
        err.println(item + ": not a valid DynamoDB JSON item: " + e.getMessage());
        return Optional.empty();
      }
    }
    if (!json.isObject()) {
      err.println(item + ": an item is a JSON object");
      return Optional.empty();
    }
    return Optional.of((ObjectNode) json);
  }
}
