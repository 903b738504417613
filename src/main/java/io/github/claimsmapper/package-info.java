/**
 * The façade: {@link io.github.claimsmapper.ClaimsMapper} turns a Cognito event into the response
 * the trigger returns. Used by the Lambda handler and the command line alike. Beside it, the
 * lookups of a sign-in: the rounds of reads, the sources' caches and their {@code onMissing} and
 * {@code onError} policies, and what the caches did ({@code Lookups}, {@code ItemCache}, {@code
 * CacheOutcome}).
 */
package io.github.claimsmapper;
