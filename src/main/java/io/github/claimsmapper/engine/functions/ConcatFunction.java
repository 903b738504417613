package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import io.burt.jmespath.function.FunctionCallException;
import java.util.List;

/**
 * {@code concat(value, value...) -> string|null}: one or more strings, numbers and booleans joined
 * as text. Numbers are written as their JSON text but never in exponent form ({@code 1.50} stays
 * {@code "1.50"}, {@code 1E+3} becomes {@code "1000"}); booleans as {@code "true"}/{@code "false"}.
 *
 * <pre>{@code
 * concat('tenant:', item.tenant.id, ':', item.seats)  ->  "tenant:t-42:25"   (item.seats is the number 25)
 * }</pre>
 *
 * <p>Any null argument makes the whole result null, as with a {@code ${...}} template: a claim
 * built from a missing value is left out rather than sent half-built. An array or object is an
 * error: jmespath-java's type error, naming the function and the types. No arguments is a syntax
 * error when the expression is compiled.
 */
public final class ConcatFunction extends BaseFunction {
  public ConcatFunction() {
    super(
        "concat",
        ArgumentConstraints.listOf(
            1,
            ArgumentConstraints.typeOf(
                JmesPathType.STRING,
                JmesPathType.NUMBER,
                JmesPathType.BOOLEAN,
                JmesPathType.NULL)));
  }

  @Override
  protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    StringBuilder text = new StringBuilder();
    for (FunctionArgument<T> argument : arguments) {
      T value = argument.value();
      switch (runtime.typeOf(value)) {
        case NULL:
          return runtime.createNull();
        case NUMBER:
          text.append(plain(runtime.toNumber(value)));
          break;
        case BOOLEAN:
          text.append(runtime.isTruthy(value));
          break;
        default:
          text.append(runtime.toString(value));
          break;
      }
      TextLimit.check("concat", text.length());
    }
    return runtime.createString(text.toString());
  }

  private static String plain(Number number) {
    try {
      return ExactNumbers.plain(number);
    } catch (ArithmeticException e) {
      throw new FunctionCallException(
          "concat: a number argument is "
              + ExactNumbers.refusal(e, "too large or too small to write without an exponent"));
    }
  }
}
