package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.List;

/** A function of one string that yields a string; null yields null, other types are errors. */
abstract class StringTransform extends BaseFunction {
  StringTransform(String name) {
    super(name, ArgumentConstraints.typeOf(JmesPathType.STRING, JmesPathType.NULL));
  }

  abstract String transform(String value);

  @Override
  protected final <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    T value = arguments.get(0).value();
    if (runtime.typeOf(value) == JmesPathType.NULL) {
      return runtime.createNull();
    }
    return runtime.createString(transform(runtime.toString(value)));
  }
}
