package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Numbers as the engine handles them: exact ({@link BigDecimal}, never a {@code double} on the way)
 * and bounded, so that a value a user can type ({@code "1e9999999"}: nine characters) is refused at
 * once instead of growing into millions of digits. A number fits when its plain form (no exponent)
 * has at most {@value #MAX_DIGITS} digits before and after the point: as many as the JSON reader
 * takes in one number, so every number an event can carry fits; DynamoDB's own range (1E-130 to
 * 1E+126, 38 digits) is well inside it. Every conversion here is exact or throws {@link
 * ArithmeticException} with a message that names no value.
 */
public final class ExactNumbers {
  /** The most digits a number may have on either side of the point, written out plainly. */
  public static final int MAX_DIGITS = 1000;

  /** Longer texts cannot hold a number that fits; refused before any parsing. */
  private static final int MAX_TEXT = 2 * MAX_DIGITS + 16;

  /** The exponent digits checked before BigDecimal sees them: beyond int range it throws. */
  private static final int MAX_EXPONENT_DIGITS = 9;

  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  static final String TOO_LARGE =
      "too large or too small to handle exactly (at most "
          + MAX_DIGITS
          + " digits before and after the point)";

  private static final String NOT_FINITE = "not finite";

  private ExactNumbers() {}

  /**
   * What made this class refuse a number, for a message about it: {@code not finite}, or else
   * {@code outOfBounds}, what the caller cannot do with a number too large or too small.
   */
  public static String refusal(ArithmeticException e, String outOfBounds) {
    return e.getMessage().contains(NOT_FINITE) ? NOT_FINITE : outOfBounds;
  }

  /** True when the plain form of {@code value} stays within the bounds. */
  public static boolean fits(BigDecimal value) {
    long scale = value.scale();
    return Math.abs(scale) <= MAX_DIGITS && value.precision() - scale <= MAX_DIGITS;
  }

  /**
   * Reads a JSON number text ({@code 42}, {@code -1.50}, {@code 1e3}; no sign '+', no leading
   * zeros, no spaces).
   *
   * @return the exact value, or empty when the text is not a JSON number
   * @throws ArithmeticException when it is one, but too large or too small
   */
  public static Optional<BigDecimal> parse(String text) {
    if (text.length() > MAX_TEXT) {
      if (text.chars()
          .allMatch(
              c ->
                  c == '-'
                      || c == '.'
                      || c == '+'
                      || c == 'e'
                      || c == 'E'
                      || (c >= '0' && c <= '9'))) {
        throw new ArithmeticException("the number is " + TOO_LARGE);
      }
      return Optional.empty();
    }
    if (!JSON_NUMBER.matcher(text).matches()) {
      return Optional.empty();
    }
    int e = Math.max(text.indexOf('e'), text.indexOf('E'));
    if (e >= 0) {
      String exponent = text.substring(e + 1).replaceFirst("^[+-]?0*", "");
      if (exponent.length() > MAX_EXPONENT_DIGITS) {
        throw new ArithmeticException("the number is " + TOO_LARGE);
      }
    }
    return Optional.of(checked(new BigDecimal(text)));
  }

  /**
   * The exact value of a number as a runtime holds it. A {@code double} counts as the decimal its
   * shortest text denotes ({@code 0.1} is 0.1, not the binary fraction nearest to it).
   *
   * @throws ArithmeticException when it is not finite, or too large or too small
   */
  public static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal exact) {
      return checked(exact);
    }
    if (number instanceof BigInteger integer) {
      return checked(new BigDecimal(integer));
    }
    if (number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte) {
      return BigDecimal.valueOf(number.longValue());
    }
    double d = number.doubleValue();
    if (!Double.isFinite(d)) {
      throw new ArithmeticException("the number is " + NOT_FINITE);
    }
    String shortest = Double.toString(d);
    BigDecimal decimal = new BigDecimal(shortest);
    // "1.0E-7" would otherwise become 0.00000010
    return checked(shortest.indexOf('E') >= 0 ? decimal.stripTrailingZeros() : decimal);
  }

  /**
   * The number written out without exponent ({@code 1E+3} is {@code 1000}, {@code 1.50} stays
   * {@code 1.50}).
   */
  public static String plain(Number number) {
    return decimal(number).toPlainString();
  }

  /**
   * A runtime value for an exact number: integers that fit a long as such, others through the
   * runtime's own JSON reader, which keeps them exact (the engine's reads decimals as BigDecimal),
   * never through {@code double}.
   *
   * @throws ArithmeticException when it is too large or too small
   */
  public static <T> T create(Adapter<T> runtime, BigDecimal value) {
    checked(value);
    if (value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0) {
      BigInteger integer = value.toBigIntegerExact();
      if (integer.bitLength() < 64) {
        return runtime.createNumber(integer.longValue());
      }
      return runtime.parseString(integer.toString());
    }
    return runtime.parseString(value.toPlainString());
  }

  private static BigDecimal checked(BigDecimal value) {
    if (!fits(value)) {
      throw new ArithmeticException("the number is " + TOO_LARGE);
    }
    return value;
  }
}
