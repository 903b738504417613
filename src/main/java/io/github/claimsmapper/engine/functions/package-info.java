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
 *
 * <p>The classes, by role:
 *
 * <ul>
 *   <li>Registration: {@link MappingFunctions} lists one instance of each function.
 *   <li>Text: {@link LowerFunction} and {@link UpperFunction} (by {@code Locale.ROOT}), {@link
 *       TrimFunction} (Unicode white space), {@link SplitFunction} (a literal separator, empty
 *       parts kept), {@link ReplaceFunction} (literal search and replacement), {@link
 *       ConcatFunction} (strings, numbers and booleans joined as text; any null makes it null),
 *       {@link JoinFunction} (the built-in with its length checked before the text is built).
 *   <li>Conversion and values: {@link ToBooleanFunction} ({@code "true"} and {@code "false"}),
 *       {@link ToNumberFunction} (replacing the built-in: a numeric string becomes exactly that
 *       number), {@link FromJsonFunction} (the value of a JSON text, such as Cognito's {@code
 *       identities}), {@link UniqueFunction} (repeated elements removed, the first kept), {@link
 *       ContainsFunction} (replacing the built-in: an element matches as {@code ==} compares).
 *   <li>Numbers and bounds: {@code ExactArithmetic}, the base and the exact versions of {@code
 *       abs}, {@code ceil}, {@code floor}, {@code sum} and {@code avg}; {@link ExactNumbers},
 *       numbers as the engine handles them, exact and bounded in digits; {@link TextLimit}, the
 *       longest text a function may build.
 *   <li>Shared bases: {@code NullPropagating}, one argument of one type, null yields null; {@code
 *       StringTransform}, a string to a string; {@code TextSearch}, a string and a literal text
 *       searched for in it (an empty search is an error); {@code Conversion}, a {@code to_TYPE}
 *       that yields null for what does not convert.
 * </ul>
 */
package io.github.claimsmapper.engine.functions;
