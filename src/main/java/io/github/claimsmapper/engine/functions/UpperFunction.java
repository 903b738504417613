package io.github.claimsmapper.engine.functions;

import java.util.Locale;

/**
 * {@code upper(string|null) -> string|null}: the string in upper case, by the rules of no
 * particular language ({@link Locale#ROOT}; {@code "ß"} becomes {@code "SS"}).
 *
 * <pre>{@code
 * upper(event.request.userAttributes."custom:country")  ->  "DE"   (from "de")
 * }</pre>
 *
 * <p>Null yields null. Any other type is an error: jmespath-java's type error, naming the function
 * and the types.
 */
public final class UpperFunction extends StringTransform {
  public UpperFunction() {
    super("upper");
  }

  @Override
  String transform(String value) {
    return value.toUpperCase(Locale.ROOT);
  }
}
