package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an expression reads of a source, from the library's parse tree. */
class ReferencesTest {
  static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  /**
   * Expected: the attribute names, comma-separated; "-" for none; "*" for the whole item. Inside a
   * filter or a projection, {@code item} is a property of each element, not the source; a pipe is a
   * step like a dot.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "item.first_name => first_name",
        "item.first_name || item.last_name => first_name,last_name",
        "item.tenant.id => tenant",
        "item.\"custom:tenant\" => custom:tenant",
        "item.\"a\\\"b\" => a\"b",
        "event.userName => -",
        "event.item.x => -",
        "'item.x' => -",
        "`{\"item\": 1}` => -",
        "item => *",
        "keys(item) => *",
        "item.* => *",
        "item[0] => *",
        "@.item.plan => plan",
        "values(@) => *",
        "*.first_name => *",
        "event.request.scopes[*] => -",
        "[item.a, item.b] => a,b",
        "{x: item.a} => a",
        "concat(item.a, '-', item.b) => a,b",
        "item.\"quoted.dot\".x => quoted.dot",
        "item.tags[?@ == 'x'] => tags",
        "item.list[*].name => list",
        "sort_by(item.list, &name)[0].name => list",
        "event.list[?name == item.a] => -",
        "item.a[0] || item.b.c => a,b",
        "!item.a => a",
        "item.a == `1` => a",
        "item || item.a => *",
        "!item => *",
        "to_string(item) => *",
        "length(@) => *",
        "[item][0].a => *",
        "{x: item}.x.a => *",
        "item | a => a",
        "@ | item.a => a",
        "item[*].a => *",
        "item[] => *",
        "item[0:1] => *",
        "contains(keys(event), 'item') => -",
      })
  void attributes(String expression, String expected) throws Exception {
    Optional<Set<String>> actual = COMPILER.compile(expression).attributesRead("item");
    assertEquals(expected(expected), actual);
  }

  /** The expected reads as written in the tables: names comma-separated, "-" none, "*" whole. */
  static Optional<Set<String>> expected(String written) {
    if (written.equals("*")) {
      return Optional.empty();
    }
    return Optional.of(written.equals("-") ? Set.of() : Set.of(written.split(",")));
  }
}
