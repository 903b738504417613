/**
 * The Lambda entry points: the trigger ({@link io.github.claimsmapper.lambda.Handler}) reads
 * settings from the environment once at cold start, loads the mapping (a file, or an AWS AppConfig
 * profile through the extension's loopback endpoint, re-checked on the invocation path with
 * last-known-good), builds the DynamoDB client when the mapping needs one, answers each event
 * through the {@link io.github.claimsmapper.ClaimsMapper} façade and, with a shadow mapping,
 * compares what the shadow would have answered. The AppConfig validator ({@link
 * io.github.claimsmapper.lambda.AppConfigValidator}) runs the loader's checks on a version before
 * AppConfig deploys it.
 */
package io.github.claimsmapper.lambda;
