/**
 * The API: what a caller of the engine needs, and nothing else. {@link
 * io.github.claimsmapper.ClaimsMapper} turns a Cognito event into the response the trigger returns
 * (used by the Lambda handler and the command line alike, so a dry run is exactly what the function
 * returns); {@link io.github.claimsmapper.SignInDenied} is its neutral denial, with the path and
 * reason as data; {@link io.github.claimsmapper.Invocation} is the summary of one call (names and
 * counts, never values); {@link io.github.claimsmapper.Log} is where its lines go.
 */
package io.github.claimsmapper;
