package io.github.claimsmapper.engine.functions;

import java.util.Locale;

/**
 * {@code lower(string|null) -> string|null}: the string in lower case, by the rules of no
 * particular language ({@link Locale#ROOT}).
 *
 * <pre>{@code
 * lower(event.request.userAttributes.email)  ->  "jane.doe@example.com"   (from "Jane.Doe@Example.COM")
 * }</pre>
 *
 * <p>Null yields null. Any other type is an error: jmespath-java's type error, naming the function
 * and the types.
 */
public final class LowerFunction extends StringTransform {
  public LowerFunction() {
    super("lower");
  }

  @Override
  String transform(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
