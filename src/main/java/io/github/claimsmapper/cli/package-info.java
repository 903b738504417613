/**
 * The command line (picocli): thin commands that parse arguments, call the same façade and loader
 * the Lambda uses, print, and return an exit code. Never a stack trace for the user.
 *
 * <p>The classes, by role:
 *
 * <ul>
 *   <li>The frame: {@link Main}, {@code java -jar cognito-claims-mapper.jar <command>}; {@code
 *       PrintingCommand}, a command that prints to the streams {@code Main} (or a test) gave
 *       picocli; {@code CommandFailure}, a message for the user and the exit code, printed the same
 *       way for every command.
 *   <li>Shared options and inputs: {@code MappingFile}, {@code --config FILE}; {@code EnvOptions},
 *       {@code --env NAME=VALUE} for placeholders; {@code ItemOptions}, where the items of one
 *       event come from ({@code --item}, {@code --no-item}, {@code --endpoint}); {@code ItemFiles},
 *       items given offline, answering each lookup by its source's name; {@code JsonInput}, the
 *       event and item files, with located messages; {@link DynamoDbJson}, an item file in DynamoDB
 *       JSON, converted as a lookup's item is; {@code Mappings}, a mapping loaded for a command
 *       that runs it, its diagnostics printed.
 *   <li>{@code validate} and the build: {@code ValidateCommand}, the checks the function runs at
 *       init; {@code DiagnosticFormat}, its text and JSON output; {@link BundleMapping}, the build
 *       step that puts a valid mapping and its checked JSON form into the jar.
 *   <li>{@code render}: {@code RenderCommand}, what the function would return for an event; {@code
 *       Outcome}, what the façade does with one event (the response or the denial, the log lines,
 *       the steps); {@code Explanation}, the {@code --explain} lines, each pointing at a rule;
 *       {@code TokenPreview}, the claims each token would carry once Cognito applies the response,
 *       by Cognito's documented rules.
 *   <li>{@code diff}: {@code DiffCommand}, how the tokens change between two versions of a mapping;
 *       {@code DiffInputs}, one event and its items, or a folder of cases; {@code SourceDiff}, what
 *       the change does to the lookups, whatever the inputs.
 *   <li>{@code test}: {@code TestCommand}, a folder of cases, PASS or FAIL each; {@code
 *       CaseFolder}, one case's event and items; {@code Expectation}, what a case expects,
 *       partially; {@code Absences}, what the tokens must not carry.
 *   <li>{@code iam-policy}: {@code IamPolicyCommand}, the least-privilege policy of a mapping's
 *       reads; {@code ReadPolicy}, the reads a compiled plan can make and the policy that allows
 *       exactly those; {@code QueryPolicy}, its {@code dynamodb:Query} part.
 *   <li>{@code serve}: {@code ServeCommand}, the preview page; {@code MappingWorkbench}, its
 *       questions answered for one mapping file with the commands' code; {@code PreviewRendering},
 *       one sign-in rendered for the page; {@code SampleEvents}, the sample events and item bundled
 *       into the jar for it.
 * </ul>
 */
package io.github.claimsmapper.cli;
