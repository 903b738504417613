package io.github.claimsmapper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.claimsmapper.json.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the least-privilege IAM policy for the DynamoDB reads of a mapping. */
@Command(
    name = "iam-policy",
    header = "Prints the least-privilege IAM policy for the tables a mapping reads.",
    mixinStandardHelpOptions = true,
    description =
        "Derives from a mapping file, as the function compiles it, the IAM policy document its role"
            + " needs: dynamodb:GetItem (and dynamodb:BatchGetItem only when two lookups can share"
            + " a round) on exactly the tables the mapping reads, each limited by the"
            + " dynamodb:Attributes condition key to its key attributes and the attributes the"
            + " function projects, and by dynamodb:Select to SPECIFIC_ATTRIBUTES. A table some"
            + " lookup reads whole gets no attribute condition. A query source gets"
            + " dynamodb:Query on exactly the table or index it queries (table/NAME/index/INDEX),"
            + " with the same conditions; a forEach source, dynamodb:BatchGetItem and GetItem on"
            + " its table. Table names from $${env:NAME}"
            + " placeholders are resolved as the function resolves them (--env, the process"
            + " environment, the default); pass --env NAME='$${Param}' to leave a CloudFormation"
            + " !Sub reference in their place. A table the mapping names by its ARN (a table in"
            + " another account or region) keeps that ARN; --partition, --region and --account"
            + " build the ARNs of tables named by name.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:policy printed", "1:invalid mapping", "2:usage error", "3:unexpected error"})
final class IamPolicyCommand extends PrintingCommand {
  @Mixin MappingFile mapping = new MappingFile();

  @Option(
      names = "--partition",
      paramLabel = "PARTITION",
      defaultValue = "aws",
      description = "ARN partition of the tables (default: ${DEFAULT-VALUE}).")
  String partition;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      defaultValue = "*",
      description =
          "Region of the tables (default: ${DEFAULT-VALUE}, any: name it to narrow the policy).")
  String region;

  @Option(
      names = "--account",
      paramLabel = "ACCOUNT",
      defaultValue = "*",
      description =
          "Account id of the tables (default: ${DEFAULT-VALUE}, any: name it to narrow the"
              + " policy).")
  String account;

  @Mixin EnvOptions env = new EnvOptions();

  @Override
  int run(PrintWriter out, PrintWriter err) throws CommandFailure, JsonProcessingException {
    ReadPolicy reads = ReadPolicy.of(mapping.load(env, err, "no policy derived").plan());
    out.println(
        Json.MAPPER
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(reads.document(partition, region, account)));
    if (reads.tables().isEmpty() && reads.queries().resources().isEmpty()) {
      err.println(
          mapping.config
              + ": the mapping reads no table: the function needs no DynamoDB permission");
    }
    return Main.OK;
  }
}
