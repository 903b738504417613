package io.github.claimsmapper.cli;

import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the mapping tests users keep with their mappings: one folder per case. */
@Command(
    name = "test",
    header = "Runs mapping test cases: PASS or FAIL per case.",
    mixinStandardHelpOptions = true,
    description = {
      "Runs mapping test cases. Every sub-folder of DIR is a case (or DIR itself,",
      "when it holds event.json):",
      "  event.json        the Cognito event",
      "  item.json         optional: the primary source's item; none: no item",
      "  items/NAME.json   optional: the item of source NAME; none: no item",
      "  mapping.yaml      optional: the case's own mapping",
      "  expect.yaml       what must hold (or expect.json), for example:",
      "    description: Jane, gold plan       # optional, free text",
      "    mapping: ../../config/claims.yaml  # optional, from the case folder",
      "    denied: false                      # optional, default false",
      "    idToken:",
      "      claims: { first_name: Jane }     # these values (others allowed)",
      "      absent: [tenant_id]              # not added",
      "      suppress: [phone_number]         # among claimsToSuppress",
      "    accessToken:                       # also scopesToAdd, scopesToSuppress",
      "      scopesToAdd: [orders-api/read]   # among scopesToAdd",
      "      scopesAbsent: [orders-api/admin] # the access token does not carry these",
      "    groups: [editors]                  # groupsToOverride; null: no override",
      "    groupsAbsent: [admins]             # no token carries these (also rolesAbsent)",
      "Items are plain JSON or DynamoDB JSON. The mapping is the case's mapping.yaml,",
      "else expect.yaml's mapping, else --config. Prints PASS or FAIL per case with",
      "the reasons, then 'N passed, M failed'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every case passed",
      "1:a case failed",
      "2:usage error (no such folder, no cases, no such --config file)",
      "3:unexpected error"
    })
final class TestCommand extends PrintingCommand {
  static final String REFERENCE = "test";
  static final String CASE_MAPPING = "mapping.yaml";
  static final int FAILED = 1;

  @Parameters(index = "0", paramLabel = "DIR", description = "The folder of cases.")
  Path dir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The mapping of the cases that name none.")
  Path config;

  @Mixin EnvOptions env = new EnvOptions();

  /** A mapping loaded for the cases: the plan, or why there is none. */
  private record Loaded(MappingPlan plan, CommandFailure failure) {
    /** Loads a mapping; an invalid one becomes the failure of every case that uses it. */
    static Loaded of(Path file, MappingLoader.Result result, ConfigException problems) {
      if (problems == null) {
        return new Loaded(result.plan(), null);
      }
      StringBuilder message = new StringBuilder(file + ": the mapping is invalid");
      problems.diagnostics().stream()
          .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
          .forEach(d -> message.append("\n  ").append(d.format()));
      return new Loaded(null, CommandFailure.input(message.toString()));
    }
  }

  /**
   * One case's result.
   *
   * @param name the case folder's name
   * @param failures why it failed, one reason a line; empty when it passed
   */
  record CaseResult(String name, List<String> failures) {
    CaseResult {
      failures = List.copyOf(failures);
    }

    boolean passed() {
      return failures.isEmpty();
    }
  }

  private final Map<Path, Loaded> plans = new HashMap<>();

  /** A file whose cases run another text of it (the preview page's editor), or null. */
  private Path replaced;

  private Loaded replacement;

  /**
   * The cases of {@code dir}, run as {@code test DIR --config config} would, except that the cases
   * whose mapping is the file {@code config} run {@code edited} instead (the text in the preview
   * page's editor; {@code problems} when it does not load).
   */
  static List<CaseResult> runEdited(
      Path dir,
      Path config,
      MappingLoader loader,
      MappingLoader.Result edited,
      ConfigException problems)
      throws CommandFailure {
    TestCommand command = new TestCommand();
    command.dir = dir;
    command.config = config;
    command.replaced = config;
    command.replacement = Loaded.of(config, edited, problems);
    return command.results(CaseFolder.list(dir), loader);
  }

  @Override
  int run(PrintWriter out, PrintWriter err) throws CommandFailure {
    if (config != null && !Files.isRegularFile(config)) {
      throw CommandFailure.usage(config + ": no such mapping file");
    }
    List<Path> cases = CaseFolder.list(dir);
    List<CaseResult> results = results(cases, new MappingLoader(env.environment()));
    for (CaseResult result : results) {
      out.println((result.passed() ? "PASS " : "FAIL ") + result.name());
      result.failures().forEach(reason -> out.println("  " + reason));
    }
    long passed = results.stream().filter(CaseResult::passed).count();
    long failed = results.size() - passed;
    out.println(passed + " passed, " + failed + " failed");
    return failed > 0 ? FAILED : Main.OK;
  }

  /** Runs every case; a case that cannot run fails with the reason. */
  private List<CaseResult> results(List<Path> cases, MappingLoader loader) {
    List<CaseResult> results = new ArrayList<>();
    for (Path folder : cases) {
      List<String> failures;
      try {
        failures = run(folder, loader);
      } catch (CommandFailure failure) {
        failures = failure.getMessage().lines().toList();
      } catch (RuntimeException e) {
        failures =
            List.of(
                "unexpected error: "
                    + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      }
      results.add(new CaseResult(folder.getFileName().toString(), failures));
    }
    return results;
  }

  private List<String> run(Path folder, MappingLoader loader) throws CommandFailure {
    Expectation expectation = Expectation.read(folder);
    MappingPlan plan = plan(mappingOf(folder, expectation), loader);
    CaseFolder inputs = CaseFolder.read(folder);
    return expectation.check(Outcome.render(plan, inputs.source(), inputs.event(), REFERENCE));
  }

  private Path mappingOf(Path folder, Expectation expectation) throws CommandFailure {
    Path own = folder.resolve(CASE_MAPPING);
    if (Files.isRegularFile(own)) {
      if (expectation.mapping() != null) {
        throw CommandFailure.input(
            own
                + ": the case has its own mapping, and expect.yaml names "
                + expectation.mapping()
                + " too");
      }
      return own;
    }
    if (expectation.mapping() != null) {
      return expectation.mapping();
    }
    if (config != null) {
      return config;
    }
    throw CommandFailure.input(
        "no mapping: give --config FILE, name it in expect.yaml (mapping: PATH), or put a "
            + CASE_MAPPING
            + " in the case folder");
  }

  /**
   * Loads each mapping once; an invalid one fails every case that uses it, with its diagnostics.
   */
  private MappingPlan plan(Path file, MappingLoader loader) throws CommandFailure {
    Loaded loaded =
        replaced != null && sameFile(file, replaced)
            ? replacement
            : plans.computeIfAbsent(
                file,
                f -> {
                  try {
                    return Loaded.of(f, loader.load(f), null);
                  } catch (ConfigException e) {
                    return Loaded.of(f, null, e);
                  }
                });
    if (loaded.failure() != null) {
      throw loaded.failure();
    }
    return loaded.plan();
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }
}
