/**
 * The Lambda entry point: reads settings from the environment once at cold start, loads the
 * mapping, builds the DynamoDB client when the mapping needs one, and answers each event
 * through the {@link io.github.claimsmapper.ClaimsMapper} façade.
 */
package io.github.claimsmapper.lambda;
