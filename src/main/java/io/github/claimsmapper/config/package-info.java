/**
 * Turns a mapping file into a {@link io.github.claimsmapper.engine.MappingPlan}: YAML with
 * locations, environment placeholders, structural and semantic checks (Cognito's rules), and
 * compilation of every expression. Every problem is collected and reported at once as a
 * {@link io.github.claimsmapper.config.Diagnostic} with {@code file:line:column}; an invalid file
 * never yields a plan.
 */
package io.github.claimsmapper.config;
