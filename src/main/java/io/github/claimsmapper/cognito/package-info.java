/**
 * The only code that knows Cognito's pre token generation event and response shapes (versions 1, 2
 * and 3): reads what the mapping needs from the event and writes the overrides into the version's
 * response container.
 */
package io.github.claimsmapper.cognito;
