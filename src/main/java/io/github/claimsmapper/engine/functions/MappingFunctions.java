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
 * <p>None of the names clashes with a built-in.
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
    };
  }
}
