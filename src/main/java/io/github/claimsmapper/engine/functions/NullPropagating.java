package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.List;

/**
 * A function of one argument of one type or null. Null yields null, so that an attribute a user
 * does not have leaves the claim out instead of failing the sign-in; any other type is an error
 * (jmespath-java's type error, naming the function and the types).
 */
abstract class NullPropagating extends BaseFunction {
  NullPropagating(String name, JmesPathType type) {
    super(name, ArgumentConstraints.typeOf(type, JmesPathType.NULL));
  }

  /** The result for {@code value}, which is of the function's type. */
  abstract <T> T applyTo(Adapter<T> runtime, T value);

  @Override
  protected final <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    T value = arguments.get(0).value();
    if (runtime.typeOf(value) == JmesPathType.NULL) {
      return runtime.createNull();
    }
    return applyTo(runtime, value);
  }
}
