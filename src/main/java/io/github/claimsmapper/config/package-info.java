/**
 * Turns a mapping file into a {@link io.github.claimsmapper.engine.MappingPlan}: YAML with
 * locations, environment placeholders, structural and semantic checks (Cognito's rules), and
 * compilation of every expression. Every problem is collected and reported at once as a {@link
 * io.github.claimsmapper.config.Diagnostic} with {@code file:line:column}; an invalid file never
 * yields a plan.
 *
 * <p>Each section of the file has its own parser, and each parser returns what it read (a part of
 * the plan, and every expression it compiled) instead of leaving it in shared fields, so the order
 * parsers run in cannot change the result. The readers of {@link
 * io.github.claimsmapper.config.Fields} return {@code Optional}: after a mistake there is no value,
 * never a default standing in for it.
 *
 * <p>The parsers run in the function's cold start, so they are written with plain loops and
 * conditionals rather than lambdas and streams: each lambda is a class the JVM defines on first
 * use, and the split into parsers had added 42 of them (about 6% more time to load the bundled
 * mapping in a fresh JVM). Loading it now defines fewer classes than the single compiler did.
 */
package io.github.claimsmapper.config;
