/**
 * JMESPath functions for mapping authors, on top of the 26 built-ins of jmespath-java:
 * {@code lower}, {@code upper}, {@code trim}, {@code split}, {@code replace}, {@code concat},
 * {@code to_boolean}, {@code from_json} and {@code unique}; and exact, bounded replacements of
 * the built-ins that compute through {@code double} ({@code to_number}, {@code abs}, {@code ceil},
 * {@code floor}, {@code sum}, {@code avg}) or build unbounded text ({@code join}). {@link
 * io.github.claimsmapper.engine.functions.MappingFunctions#all()} returns them for registration.
 * {@link io.github.claimsmapper.engine.functions.ExactNumbers} and {@link
 * io.github.claimsmapper.engine.functions.TextLimit} hold the bounds the engine shares.
 *
 * <p>Shared rules: the functions are generic over the runtime's value type, stateless and
 * thread-safe. A null subject (the first argument; every argument of {@code concat}) yields null,
 * so a missing attribute leaves the claim out instead of failing the sign-in. Any other wrong type
 * is an error raised at call time, naming the function and the expected and actual types, never
 * the value. Depends on jmespath-java and Jackson only.
 */
package io.github.claimsmapper.engine.functions;
