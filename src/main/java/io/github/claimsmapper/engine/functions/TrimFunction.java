package io.github.claimsmapper.engine.functions;

/**
 * {@code trim(string|null) -> string|null}: the string without leading and trailing white space,
 * Unicode white space included ({@link String#strip()}: also the ideographic space U+3000; not the
 * no-break space U+00A0, which Java does not count as white space).
 *
 * <pre>{@code
 * trim(item.display_name)  ->  "Jane Doe"   (from "  Jane Doe\n")
 * }</pre>
 *
 * <p>Null yields null. Any other type is an error: jmespath-java's type error, naming the function
 * and the types.
 */
public final class TrimFunction extends StringTransform {
  public TrimFunction() {
    super("trim");
  }

  @Override
  String transform(String value) {
    return value.strip();
  }
}
