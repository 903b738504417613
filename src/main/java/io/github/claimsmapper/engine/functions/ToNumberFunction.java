package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.FunctionCallException;
import java.util.Optional;

/**
 * {@code to_number(any) -> number|null}, replacing the built-in, which reads strings as {@code
 * double} and then clamps to a long: {@code "12345678901234567890123"} became 9223372036854775807
 * and {@code "9007199254740993"} lost its last digit. Here a number is returned unchanged and a
 * string that is a JSON number ({@code "42"}, {@code "-1.50"}, {@code "1e3"}) becomes exactly that
 * number.
 *
 * <pre>{@code
 * to_number(event.request.userAttributes."custom:seats")  ->  25   (from "25")
 * }</pre>
 *
 * <p>Any other string ({@code "lots"}, {@code " 25"}, {@code "0x19"}, {@code "NaN"}) and any other
 * type yield null, as the built-in does. A number too large or too small to write out in {@value
 * ExactNumbers#MAX_DIGITS} digits either side of the point ({@code "1e9999999"}) is an error:
 * {@code to_number: the number is too large or too small to handle exactly (...)}.
 */
public final class ToNumberFunction extends Conversion {
  public ToNumberFunction() {
    super("to_number", JmesPathType.NUMBER);
  }

  @Override
  <T> Optional<T> fromString(Adapter<T> runtime, String text) {
    try {
      return ExactNumbers.parse(text).map(number -> ExactNumbers.create(runtime, number));
    } catch (ArithmeticException e) {
      throw new FunctionCallException("to_number: " + e.getMessage());
    }
  }
}
