/**
 * The Lambda entry points: the trigger ({@link io.github.claimsmapper.lambda.Handler}) reads
 * settings from the environment once at cold start ({@code Wiring}: the log, the one DynamoDB
 * client, the mapping, the shadow), and answers each event through one path: the mapping of the
 * invocation from its {@code MappingSource} (a file, or {@code LiveMapping}: an AppConfig profile
 * through the extension's loopback endpoint, re-checked on the invocation path with last-known-good
 * and new versions compiled beside the sign-ins), the answer and its summary from the {@link
 * io.github.claimsmapper.ClaimsMapper} façade, the shadow's verdict ({@code ShadowMapping}), and
 * one summary line. Every step of an invocation draws on one {@code Deadline} taken from the Lambda
 * context. The AppConfig validator ({@link io.github.claimsmapper.lambda.AppConfigValidator}) runs
 * the loader's checks on a version before AppConfig deploys it.
 */
package io.github.claimsmapper.lambda;
