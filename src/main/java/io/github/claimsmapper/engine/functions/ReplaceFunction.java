package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraints;
import java.util.List;

/**
 * {@code replace(string|null, search: string, replacement: string) -> string|null}: the string with
 * every occurrence of {@code search} replaced, left to right, by {@code replacement}. Both are
 * literal text, not regular expressions ({@code $} and {@code \} have no special meaning).
 *
 * <pre>{@code
 * replace(item.org_path, '/', ':')  ->  "acme:eu:sales"   (from "acme/eu/sales")
 * }</pre>
 *
 * <p>A null string yields null. Errors: a search or replacement that is not a string, a string that
 * is neither string nor null (both jmespath-java's type error), and an empty search ({@code
 * replace: the search string must not be empty}).
 */
public final class ReplaceFunction extends TextSearch {
  public ReplaceFunction() {
    super("replace", "search string", ArgumentConstraints.typeOf(JmesPathType.STRING));
  }

  @Override
  <T> T search(Adapter<T> runtime, String text, String search, List<String> more) {
    String replacement = more.get(0);
    if (replacement.length() > search.length()) {
      long found = 0;
      for (int at = text.indexOf(search);
          at >= 0;
          at = text.indexOf(search, at + search.length())) {
        found++;
      }
      TextLimit.check("replace", text.length() + found * (replacement.length() - search.length()));
    }
    return runtime.createString(text.replace(search, replacement));
  }
}
