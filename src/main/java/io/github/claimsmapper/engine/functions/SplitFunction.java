package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
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
public final class SplitFunction extends TextSearch {
  public SplitFunction() {
    super("split", "separator");
  }

  @Override
  <T> T search(Adapter<T> runtime, String text, String separator, List<String> more) {
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
