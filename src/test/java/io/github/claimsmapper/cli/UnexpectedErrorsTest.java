package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * No command prints a stack trace: a mapping nested deeper than the bound is a located problem in
 * every command that loads one (it overflowed the stack, printed the JVM's trace and exited 1), and
 * anything else thrown, an {@link Error} included, is one line and exit code 3.
 */
class UnexpectedErrorsTest {
  private static final String DEEP = "!".repeat(2000) + "item.a";

  private static void assertNoStackTrace(CommandLineTest.Run run) {
    String all = run.out() + run.err();
    assertFalse(
        all.contains("\tat ") || all.contains("Exception in") || all.contains("Error:"), all);
  }

  private static Path deepMapping(Path dir) throws Exception {
    Path file = dir.resolve("deep.yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "source:\n"
            + "  table: users\n"
            + "  key: { id: \"USER#${event.userName}\" }\n"
            + "idToken:\n"
            + "  claims:\n"
            + "    deep: \""
            + DEEP
            + "\"\n");
    return file;
  }

  private static void assertLocated(CommandLineTest.Run run, Path file) {
    assertTrue(
        run.err()
            .contains(
                file
                    + ":7:268: $.idToken.claims.deep: invalid JMESPath expression:"
                    + " the expression nests more than 256 levels"),
        run.err());
    assertNoStackTrace(run);
  }

  @Test
  void everyCommandReportsDeepNestingAtItsPlace(@TempDir Path dir) throws Exception {
    Path file = deepMapping(dir);
    CommandLineTest.Run validate = CommandLineTest.run("validate", file.toString());
    assertEquals(1, validate.exit());
    assertTrue(validate.out().contains(file + ":7:268: $.idToken.claims.deep:"), validate.out());
    assertNoStackTrace(validate);

    CommandLineTest.Run emit =
        CommandLineTest.run(
            "validate", "--emit-json", dir.resolve("out.json").toString(), file.toString());
    assertEquals(1, emit.exit());
    assertTrue(emit.out().contains(file + ":7:268:"), emit.out());
    assertFalse(Files.exists(dir.resolve("out.json")));
    assertNoStackTrace(emit);

    CommandLineTest.Run render =
        CommandLineTest.run(
            "render",
            "--config",
            file.toString(),
            "--event",
            "events/v2-authentication.json",
            "--item",
            "events/items/user.json");
    assertEquals(1, render.exit());
    assertLocated(render, file);

    CommandLineTest.Run diff =
        CommandLineTest.run(
            "diff",
            "config/claims.yaml",
            file.toString(),
            "--event",
            "events/v2-authentication.json",
            "--item",
            "events/items/user.json");
    assertEquals(2, diff.exit());
    assertLocated(diff, file);

    CommandLineTest.Run policy = CommandLineTest.run("iam-policy", "--config", file.toString());
    assertEquals(1, policy.exit());
    assertLocated(policy, file);

    Path cases = dir.resolve("cases");
    Path one = cases.resolve("one");
    Files.createDirectories(one);
    Files.copy(Path.of("events/v2-authentication.json"), one.resolve("event.json"));
    Files.copy(Path.of("events/items/user.json"), one.resolve("item.json"));
    Files.writeString(one.resolve("expect.yaml"), "denied: false\n");
    CommandLineTest.Run test =
        CommandLineTest.run("test", cases.toString(), "--config", file.toString());
    assertEquals(1, test.exit(), test.err());
    assertTrue(test.out().contains("FAIL one"), test.out());
    assertTrue(
        test.out().contains(file + ":7:268: $.idToken.claims.deep: invalid JMESPath expression:"),
        test.out());
    assertNoStackTrace(test);
  }

  /** Makes the converter of {@code validate --format} throw, as any unforeseen failure would. */
  private static final class Failing implements CommandLine.IFactory {
    private final Throwable failure;

    Failing(Throwable failure) {
      this.failure = failure;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == DiagnosticFormat.Converter.class) {
        if (failure instanceof Error error) {
          throw error;
        }
        throw (Exception) failure;
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** Makes validate's loader throw for one file, as an unforeseen failure would. */
  private static final class FailingLoad implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      K made = CommandLine.defaultFactory().create(type);
      if (made instanceof ValidateCommand validate) {
        validate.loaders =
            environment ->
                file -> {
                  if (file.toString().endsWith("claims.yaml")) {
                    throw new StackOverflowError();
                  }
                  return new io.github.claimsmapper.config.MappingLoader(environment).load(file);
                };
      }
      return made;
    }
  }

  @Test
  void validateLocatesAnUnexpectedErrorAtItsFileAndChecksTheOthers() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new String[] {"validate", "config/claims.yaml", "config/tenant-rbac.yaml"},
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new FailingLoad());
    assertEquals(3, exit, err.toString());
    assertEquals(
        "config/claims.yaml:1:1: $: unexpected error while checking this file"
            + " (StackOverflowError): not checked\n"
            + "2 files checked: 1 error, 0 warnings\n",
        out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void anErrorThrownInACommandIsOneLineAndExitThree() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new String[] {"validate", "config/claims.yaml"},
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new Failing(new StackOverflowError()));
    assertEquals(3, exit, err.toString());
    assertEquals("unexpected error: StackOverflowError\n", err.toString());
    assertEquals("", out.toString());
  }
}
