/**
 * The only code that knows Cognito's pre token generation event and response shapes (versions 1, 2
 * and 3). {@link io.github.claimsmapper.cognito.CognitoEvent} reads what the mapping needs from the
 * event (its {@link io.github.claimsmapper.cognito.EventVersion}; a malformed one is an {@link
 * io.github.claimsmapper.cognito.InvalidEventException}); {@link
 * io.github.claimsmapper.cognito.CognitoResponse} writes the overrides into the version's response
 * container; {@link io.github.claimsmapper.cognito.ResponseView} reads a response back as claims,
 * scopes and groups per token, and {@link io.github.claimsmapper.cognito.ResponseDiff} compares two
 * of them (the {@code diff} command, the shadow mapping).
 */
package io.github.claimsmapper.cognito;
