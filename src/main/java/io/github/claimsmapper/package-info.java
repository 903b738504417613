/**
 * The façade: {@link io.github.claimsmapper.ClaimsMapper} turns a Cognito event into the
 * response the trigger returns. Used by the Lambda handler and the command line alike.
 */
package io.github.claimsmapper;
