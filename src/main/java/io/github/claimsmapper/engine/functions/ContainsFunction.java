package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.List;

/**
 * {@code contains(array|string, any) -> boolean}, replacing the built-in, which looks for the value
 * in an array by the JSON library's own equality: {@code contains([1.0], `1`)} was false although
 * {@code `1.0` == `1`} is true. Here an element matches exactly when {@code ==} would say so (the
 * runtime's comparison: numbers by exact value, arrays and objects deeply). On a string it is the
 * built-in's substring test.
 */
public final class ContainsFunction extends BaseFunction {
  public ContainsFunction() {
    super(
        "contains",
        ArgumentConstraints.typeOf(JmesPathType.ARRAY, JmesPathType.STRING),
        ArgumentConstraints.anyValue());
  }

  @Override
  protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    T haystack = arguments.get(0).value();
    T needle = arguments.get(1).value();
    if (runtime.typeOf(haystack) == JmesPathType.STRING) {
      return runtime.createBoolean(runtime.toString(haystack).contains(runtime.toString(needle)));
    }
    JmesPathType type = runtime.typeOf(needle);
    for (T element : runtime.toList(haystack)) {
      if (runtime.typeOf(element) == type && runtime.compare(element, needle) == 0) {
        return runtime.createBoolean(true);
      }
    }
    return runtime.createBoolean(false);
  }
}
