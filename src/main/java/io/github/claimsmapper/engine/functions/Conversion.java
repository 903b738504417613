package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.List;
import java.util.Optional;

/**
 * A {@code to_TYPE(any) -> TYPE|null} function, by the rule of JMESPath's own {@code to_number}: a
 * value of the type is returned unchanged, a string becomes the value it stands for when it stands
 * for one, and anything else yields null rather than an error, so that {@code to_TYPE(x) ||
 * fallback} applies. Cognito's custom attributes are always strings: this is how they become typed
 * claims.
 */
abstract class Conversion extends BaseFunction {
  private final JmesPathType type;

  Conversion(String name, JmesPathType type) {
    super(name, ArgumentConstraints.anyValue());
    this.type = type;
  }

  /** The value {@code text} stands for, or empty when it stands for none. */
  abstract <T> Optional<T> fromString(Adapter<T> runtime, String text);

  @Override
  protected final <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    T value = arguments.get(0).value();
    JmesPathType given = runtime.typeOf(value);
    if (given == type) {
      return value;
    }
    if (given != JmesPathType.STRING) {
      return runtime.createNull();
    }
    return fromString(runtime, runtime.toString(value)).orElseGet(runtime::createNull);
  }
}
