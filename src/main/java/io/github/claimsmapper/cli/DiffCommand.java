package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.cognito.ResponseDiff;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Shows what a change of mapping does to the tokens, for one event or a folder of cases. */
@Command(
    name = "diff",
    header = "Shows how the tokens change between two versions of a mapping.",
    mixinStandardHelpOptions = true,
    description =
        "Renders the same inputs through OLD and NEW, as the function would, and prints what"
            + " changes: the lookups (table, key, failure policies, attributes read, ...), then per"
            + " input the claims added, changed and removed, suppressions, scopes, the group"
            + " override, allowed or denied. Values are compact JSON. Inputs: --event FILE with the"
            + " item options of 'render', or --cases DIR, where every sub-folder of DIR is a case"
            + " with event.json and optionally item.json (the primary source's item) and"
            + " items/NAME.json (the item of source NAME); a source without a file finds no item.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no change",
      "1:changes",
      "2:no comparison: usage error, invalid mapping, or an unreadable event or item (as diff(1):"
          + " trouble)",
      "3:unexpected error"
    })
final class DiffCommand extends PrintingCommand {
  static final String REFERENCE = "diff";
  static final int CHANGES = 1;

  @Parameters(index = "0", paramLabel = "OLD", description = "The mapping as it was.")
  Path oldMapping;

  @Parameters(index = "1", paramLabel = "NEW", description = "The mapping as it is now.")
  Path newMapping;

  @Mixin DiffInputs inputs = new DiffInputs();

  @Mixin EnvOptions env = new EnvOptions();

  @Override
  int run(PrintWriter out, PrintWriter err) {
    try {
      inputs.check();
      MappingLoader loader = new MappingLoader(env.environment());
      MappingPlan before = load(loader, oldMapping, err);
      MappingPlan after = load(loader, newMapping, err);
      if (before == null || after == null) {
        return Main.USAGE;
      }
      List<String> lookups = SourceDiff.between(before, after);
      return inputs.event != null
          ? one(before, after, lookups, out)
          : folder(before, after, lookups, out);
    } catch (CommandFailure failure) {
      err.println(failure.getMessage());
      return Main.USAGE;
    }
  }

  private static MappingPlan load(MappingLoader loader, Path file, PrintWriter err) {
    try {
      return Mappings.load(loader, file, err, "cannot compare", Main.USAGE);
    } catch (CommandFailure failure) {
      err.println(failure.getMessage());
      return null;
    }
  }

  private int one(MappingPlan before, MappingPlan after, List<String> lookups, PrintWriter out)
      throws CommandFailure {
    JsonNode eventJson = JsonInput.read(inputs.event, "event");
    ItemFiles itemFiles = inputs.items.source();
    List<String> changes = new ArrayList<>(lookups);
    changes.addAll(
        changes(
            Outcome.render(before, itemFiles, eventJson, REFERENCE),
            Outcome.render(after, itemFiles, eventJson, REFERENCE)));
    if (itemFiles.unanswered().contains(ItemFiles.PRIMARY)) {
      throw CommandFailure.usage(
          "a mapping reads an item: give --item FILE, --no-item, or --endpoint URL to read it from"
              + " DynamoDB");
    }
    changes.forEach(out::println);
    out.println(count(changes.size()));
    return changes.isEmpty() ? Main.OK : CHANGES;
  }

  private int folder(MappingPlan before, MappingPlan after, List<String> lookups, PrintWriter out)
      throws CommandFailure {
    if (!lookups.isEmpty()) {
      out.println("lookups: " + count(lookups.size()));
      lookups.forEach(change -> out.println("  " + change));
    }
    int changed = 0;
    int unchanged = 0;
    int failed = 0;
    for (Path dir : CaseFolder.list(inputs.cases)) {
      CaseFolder folder;
      try {
        folder = CaseFolder.read(dir);
      } catch (CommandFailure failure) {
        out.println(dir.getFileName() + ": not compared: " + failure.getMessage());
        failed++;
        continue;
      }
      List<String> changes =
          changes(
              Outcome.render(before, folder.source(), folder.event(), REFERENCE),
              Outcome.render(after, folder.source(), folder.event(), REFERENCE));
      out.println(folder.name() + ": " + count(changes.size()));
      changes.forEach(change -> out.println("  " + change));
      if (changes.isEmpty()) {
        unchanged++;
      } else {
        changed++;
      }
    }
    int total = changed + unchanged + failed;
    out.println(
        total
            + (total == 1 ? " case: " : " cases: ")
            + changed
            + " changed, "
            + unchanged
            + " unchanged"
            + (failed > 0 ? ", " + failed + " not compared" : ""));
    return failed > 0 ? Main.USAGE : changed > 0 || !lookups.isEmpty() ? CHANGES : Main.OK;
  }

  /** The diff engine's changes, with their values: the command runs on the developer's own data. */
  static List<String> changes(Outcome before, Outcome after) {
    return ResponseDiff.between(
            before.response(), before.explanation(), after.response(), after.explanation())
        .stream()
        .map(ResponseDiff.Change::text)
        .toList();
  }

  private static String count(int changes) {
    return changes == 0 ? "no changes" : changes + (changes == 1 ? " change" : " changes");
  }
}
