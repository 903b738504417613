package io.github.claimsmapper.cli;

/**
 * A command cannot go on: the message for the user and the exit code to return. A command throws it
 * out of {@code call()} and {@link Main} prints the message to standard error and returns the code,
 * so that every command reports it the same way.
 */
final class CommandFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CommandFailure usage(String message) {
    return new CommandFailure(Main.USAGE, message);
  }

  static CommandFailure input(String message) {
    return new CommandFailure(Main.PROBLEMS, message);
  }

  int exitCode() {
    return exitCode;
  }
}
