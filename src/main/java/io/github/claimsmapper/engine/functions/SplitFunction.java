package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import io.burt.jmespath.function.FunctionCallException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code split(string|null, separator: string) -> array of strings|null}: the parts of the string
 * between occurrences of the separator. The separator is literal text, not a regular expression,
 * and empty parts are kept, so there is always one more part than separators: {@code "a,,b"} gives
 * {@code ["a", "", "b"]}, {@code ""} gives {@code [""]}.
 *
 * <pre>{@code
 * split(event.request.userAttributes."custom:roles", ',')  ->  ["admin", "billing"]   (from "admin,billing")
 * }</pre>
 *
 * <p>A null string yields null. Errors: a separator that is not a string ({@code Invalid argument
 * type calling "split": expected string but was null}), a string that is neither string nor null,
 * and an empty separator ({@code split: the separator must not be empty}).
 */
public final class SplitFunction extends BaseFunction {
  public SplitFunction() {
    super(
        "split",
        ArgumentConstraints.typeOf(JmesPathType.STRING, JmesPathType.NULL),
        ArgumentConstraints.typeOf(JmesPathType.STRING));
  }

  @Override
  protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    T value = arguments.get(0).value();
    String separator = runtime.toString(arguments.get(1).value());
    if (separator.isEmpty()) {
      throw new FunctionCallException("split: the separator must not be empty");
    }
    if (runtime.typeOf(value) == JmesPathType.NULL) {
      return runtime.createNull();
    }
    String text = runtime.toString(value);
    List<T> parts = new ArrayList<>();
    int from = 0;
    for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, from)) {
      parts.add(runtime.createString(text.substring(from, at)));
      from = at + separator.length();
    }
    parts.add(runtime.createString(text.substring(from)));
    return runtime.createArray(parts);
  }
}
