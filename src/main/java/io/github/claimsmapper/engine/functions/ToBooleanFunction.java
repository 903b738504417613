package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.List;

/**
 * {@code to_boolean(any) -> boolean|null}: {@code true} and {@code false} unchanged, the strings
 * {@code "true"} and {@code "false"} (exactly so, lower case) as booleans. Cognito custom
 * attributes are always strings, so this is how a flag becomes a boolean claim.
 *
 * <pre>{@code
 * to_boolean(event.request.userAttributes."custom:mfa_enrolled")  ->  true   (from "true")
 * }</pre>
 *
 * <p>Like the built-in {@code to_number}, it converts only what converts losslessly and
 * unambiguously; everything else ({@code "TRUE"}, {@code "yes"}, {@code "1"}, {@code ""}, numbers,
 * arrays, objects, null) yields null, never an error. Combine with {@code ||} for a fallback:
 * {@code to_boolean(x) || `false`}.
 */
public final class ToBooleanFunction extends BaseFunction {
  public ToBooleanFunction() {
    super("to_boolean", ArgumentConstraints.anyValue());
  }

  @Override
  protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    T value = arguments.get(0).value();
    JmesPathType type = runtime.typeOf(value);
    if (type == JmesPathType.BOOLEAN) {
      return value;
    }
    if (type == JmesPathType.STRING) {
      String text = runtime.toString(value);
      if (text.equals("true")) {
        return runtime.createBoolean(true);
      }
      if (text.equals("false")) {
        return runtime.createBoolean(false);
      }
    }
    return runtime.createNull();
  }
}
