package io.github.claimsmapper.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that prints: it runs with the command line's output and error streams, the ones {@link
 * Main} (or a test) gave picocli, never {@code System.out} and {@code System.err} directly.
 */
abstract class PrintingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    return run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** Runs the command; its exit code. */
  abstract int run(PrintWriter out, PrintWriter err) throws Exception;
}
