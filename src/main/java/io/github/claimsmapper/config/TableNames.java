package io.github.claimsmapper.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a source's {@code table} may be: a table name, or a table's ARN ({@code
 * arn:aws:dynamodb:eu-west-1:111122223333:table/profiles}), which DynamoDB accepts wherever it
 * takes a table name and which is how a table in another account is read. An ARN is checked here,
 * so a mistyped one is reported with its place in the file instead of failing every lookup; a name
 * is left to DynamoDB (it may still hold a placeholder such as {@code ${TableName}} for {@code
 * iam-policy}).
 */
public final class TableNames {
  /** A DynamoDB table ARN: partition, region, 12-digit account, {@code table/} and a table name. */
  public static final Pattern TABLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}");

  private TableNames() {}

  /** True when {@code table} is given as an ARN (it starts with {@code arn:}). */
  public static boolean isArn(String table) {
    return table.startsWith("arn:");
  }

  /** Why {@code table} is not a usable table ARN, or empty when it is a name or a valid ARN. */
  static Optional<String> problem(String table) {
    if (!isArn(table) || TABLE_ARN.matcher(table).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "not a DynamoDB table ARN (expected arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME,"
            + " ACCOUNT 12 digits)");
  }
}
