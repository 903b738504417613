package io.github.claimsmapper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cognito-claims-mapper.jar <command>}. */
@Command(
    name = "cognito-claims-mapper",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Validates Cognito claims mappings, renders offline what the trigger returns, compares two"
            + " versions of a mapping, runs mapping tests and serves a page that previews a mapping"
            + " as it is edited.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:problems found (invalid mapping, bad input, sign-in denied; diff: changes; test: a case"
          + " failed)",
      "2:usage error",
      "3:unexpected error"
    })
public final class Main {
  static final int OK = 0;
  static final int PROBLEMS = 1;
  static final int USAGE = 2;
  static final int UNEXPECTED = 3;

  /**
   * The commands by every name they answer to ({@code @Command}'s name and aliases, which {@code
   * CommandLineTest} holds this to), in the order help lists them. A command line that starts with
   * one of them builds only that command: picocli reads all of a command's annotations when it is
   * added, which is start-up time every run of {@code render} or {@code validate} would pay for
   * commands it does not run. Anything else (no command, an option, {@code help}, a misspelt name)
   * builds them all, so help and suggestions see every command. The names are written out, not read
   * from the annotations, for the same reason.
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("validate", ValidateCommand.class);
    commands.put("validate-config", ValidateCommand.class);
    commands.put("render", RenderCommand.class);
    commands.put("diff", DiffCommand.class);
    commands.put("test", TestCommand.class);
    commands.put("serve", ServeCommand.class);
    commands.put("iam-policy", IamPolicyCommand.class);
    commands.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(commands);
  }

  public static void main(String[] args) {
    System.exit(run(args, utf8(System.out), utf8(System.err)));
  }

  /** A writer on the process's standard stream that writes UTF-8 whatever the platform default. */
  static PrintWriter utf8(OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** Runs one command line; the exit code is returned, never thrown. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, CommandLine.defaultFactory());
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter)}, with the commands and converters made by
   * {@code factory}. Whatever is thrown, an {@link Error} included (a stack overflow, memory), ends
   * as the documented outcome: one line on standard error, no stack trace, exit code 3.
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
    try {
      return execute(args, out, err, factory);
    } catch (Throwable e) {
      err.println(unexpected(e));
      return UNEXPECTED;
    }
  }

  private static int execute(
      String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new Main(), factory);
    Class<?> named = args.length == 0 ? null : COMMANDS.get(args[0]);
    if (named != null && named != CommandLine.HelpCommand.class) {
      cli.addSubcommand(new CommandLine(named, factory));
    } else {
      COMMANDS.values().stream()
          .distinct()
          .forEach(command -> cli.addSubcommand(new CommandLine(command, factory)));
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CommandFailure failure) {
            commandLine.getErr().println(failure.getMessage());
            return failure.exitCode();
          }
          commandLine.getErr().println(unexpected(e));
          return UNEXPECTED;
        });
    return cli.execute(args);
  }

  private static String unexpected(Throwable e) {
    return "unexpected error: "
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Prints the project version, which the build writes into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IOException("version.properties is missing: the jar was not built by Maven");
        }
        properties.load(in);
      }
      return new String[] {"cognito-claims-mapper " + properties.getProperty("version")};
    }
  }
}
