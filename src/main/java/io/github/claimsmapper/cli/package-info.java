/**
 * The command line (picocli): thin commands that parse arguments, call the same façade and loader
 * the Lambda uses, print, and return an exit code. Never a stack trace for the user.
 */
package io.github.claimsmapper.cli;
