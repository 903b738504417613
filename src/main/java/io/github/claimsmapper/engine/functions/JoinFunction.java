package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.List;

/**
 * {@code join(glue: string, array[string]) -> string}, replacing the built-in with the same
 * behaviour plus a length check before the text is built ({@link TextLimit}): an array can hold the
 * same long string many times over for the price of one.
 */
public final class JoinFunction extends BaseFunction {
  public JoinFunction() {
    super(
        "join",
        ArgumentConstraints.typeOf(JmesPathType.STRING),
        ArgumentConstraints.arrayOf(ArgumentConstraints.typeOf(JmesPathType.STRING)));
  }

  @Override
  protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    String glue = runtime.toString(arguments.get(0).value());
    List<T> parts = runtime.toList(arguments.get(1).value());
    long length = (long) glue.length() * Math.max(0, parts.size() - 1);
    for (T part : parts) {
      length += runtime.toString(part).length();
    }
    TextLimit.check("join", length);
    StringBuilder text = new StringBuilder((int) length);
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        text.append(glue);
      }
      text.append(runtime.toString(parts.get(i)));
    }
    return runtime.createString(text.toString());
  }
}
