/**
 * JMESPath functions for mapping authors beyond jmespath-java's built-ins, and replacements of the
 * built-ins that would compute through {@code double} or build unbounded text: a claim is exact or
 * its evaluation fails, and no expression can allocate without bound. {@link
 * io.github.claimsmapper.engine.functions.MappingFunctions#all()} lists them for registration.
 *
 * <p>Shared rules: the functions are generic over the runtime's value type, stateless and
 * thread-safe. A null subject (the first argument; every argument of {@code concat}) yields null,
 * so a missing attribute leaves the claim out instead of failing the sign-in. Any other wrong type
 * is an error raised at call time, naming the function and the expected and actual types, never the
 * value. Depends on jmespath-java and Jackson only.
 */
package io.github.claimsmapper.engine.functions;
