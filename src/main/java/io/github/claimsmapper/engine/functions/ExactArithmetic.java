package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraint;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import io.burt.jmespath.function.FunctionCallException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * The base of the arithmetic built-ins replaced so that they compute exactly ({@code abs}, {@code
 * ceil}, {@code floor}, {@code sum}, {@code avg}): the library's versions go through {@code
 * double}, so {@code sum([9007199254740993])} was 9007199254740992. The result is exact or the call
 * fails with a message that names no value.
 */
abstract class ExactArithmetic extends BaseFunction {
  ExactArithmetic(String name, ArgumentConstraint argument) {
    super(name, argument);
  }

  static ArgumentConstraint number() {
    return ArgumentConstraints.typeOf(JmesPathType.NUMBER);
  }

  static ArgumentConstraint arrayOfNumbers() {
    return ArgumentConstraints.arrayOf(ArgumentConstraints.typeOf(JmesPathType.NUMBER));
  }

  /** The exact result, or null for none (such as the average of nothing). */
  abstract <T> BigDecimal compute(Adapter<T> runtime, T argument);

  @Override
  protected final <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    try {
      BigDecimal result = compute(runtime, arguments.get(0).value());
      return result == null ? runtime.createNull() : ExactNumbers.create(runtime, result);
    } catch (ArithmeticException e) {
      throw new FunctionCallException(name() + ": " + e.getMessage());
    }
  }

  static <T> BigDecimal sum(Adapter<T> runtime, T array) {
    BigDecimal sum = BigDecimal.ZERO;
    for (T element : runtime.toList(array)) {
      sum = sum.add(ExactNumbers.decimal(runtime.toNumber(element)));
    }
    return sum;
  }

  /** {@code abs(number) -> number}. */
  static final class Abs extends ExactArithmetic {
    Abs() {
      super("abs", number());
    }

    @Override
    <T> BigDecimal compute(Adapter<T> runtime, T argument) {
      return ExactNumbers.decimal(runtime.toNumber(argument)).abs();
    }
  }

  /**
   * {@code ceil(number) -> number}, the least integer not below it, and {@code floor(number) ->
   * number}, the greatest integer not above it: one rounding to an integer, in its direction.
   */
  static final class ToInteger extends ExactArithmetic {
    private final RoundingMode direction;

    private ToInteger(String name, RoundingMode direction) {
      super(name, number());
      this.direction = direction;
    }

    static ToInteger ceil() {
      return new ToInteger("ceil", RoundingMode.CEILING);
    }

    static ToInteger floor() {
      return new ToInteger("floor", RoundingMode.FLOOR);
    }

    @Override
    <T> BigDecimal compute(Adapter<T> runtime, T argument) {
      return ExactNumbers.decimal(runtime.toNumber(argument)).setScale(0, direction);
    }
  }

  /** {@code sum(array[number]) -> number}: 0 for an empty array. */
  static final class Sum extends ExactArithmetic {
    Sum() {
      super("sum", arrayOfNumbers());
    }

    @Override
    <T> BigDecimal compute(Adapter<T> runtime, T argument) {
      return sum(runtime, argument);
    }
  }

  /**
   * {@code avg(array[number]) -> number|null}: null for an empty array. Exact when the average has
   * an exact decimal form ({@code avg([1, 2])} is 1.5); otherwise rounded half-even to {@value
   * #AVG_DIGITS} significant digits, the precision of IEEE 754 decimal128 ({@code avg([1, 1, 2])}
   * is 1.333333333333333333333333333333333), as the JMESPath specification gives a rounded value
   * (its 1.3333333333333333 is a double's) and never an error for valid numbers.
   */
  static final class Avg extends ExactArithmetic {
    static final int AVG_DIGITS = 34;

    Avg() {
      super("avg", arrayOfNumbers());
    }

    @Override
    <T> BigDecimal compute(Adapter<T> runtime, T argument) {
      int count = runtime.toList(argument).size();
      if (count == 0) {
        return null;
      }
      BigDecimal sum = sum(runtime, argument);
      try {
        return sum.divide(BigDecimal.valueOf(count));
      } catch (ArithmeticException noExactForm) {
        return sum.divide(
            BigDecimal.valueOf(count), new MathContext(AVG_DIGITS, RoundingMode.HALF_EVEN));
      }
    }
  }
}
