package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.function.Function;

/**
 * The functions of this package, for registration next to the JMESPath built-ins:
 *
 * <pre>{@code
 * RuntimeConfiguration.builder()
 *     .withSilentTypeErrors(false)
 *     .withFunctionRegistry(FunctionRegistry.defaultRegistry().extend(MappingFunctions.all()))
 *     .build();
 * }</pre>
 *
 * <p>{@code to_number}, {@code abs}, {@code ceil}, {@code floor}, {@code sum} and {@code avg}
 * replace the built-ins of the same names (a later registration wins), which compute through {@code
 * double}: these are exact or fail (see {@link ExactNumbers}); {@code join} replaces the built-in
 * to check the length of its result before building it (see {@link TextLimit}), and {@code
 * contains} to find values in an array as {@code ==} compares them (see {@link ContainsFunction}).
 */
public final class MappingFunctions {
  private MappingFunctions() {}

  /** A new array of one instance of each function; the functions are stateless and thread-safe. */
  public static Function[] all() {
    return new Function[] {
      new LowerFunction(),
      new UpperFunction(),
      new TrimFunction(),
      new SplitFunction(),
      new ReplaceFunction(),
      new ConcatFunction(),
      new ToBooleanFunction(),
      new FromJsonFunction(),
      new UniqueFunction(),
      new ToNumberFunction(),
      new ExactArithmetic.Abs(),
      ExactArithmetic.ToInteger.ceil(),
      ExactArithmetic.ToInteger.floor(),
      new ExactArithmetic.Sum(),
      new ExactArithmetic.Avg(),
      new JoinFunction(),
      new ContainsFunction(),
    };
  }
}
