package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The double-quoted names of an expression, found in the library's parse tree: how each is used and
 * whether it is read from the envelope. Expected: "name use envelope|other" entries joined by ";",
 * "-" for none.
 */
class QuotedNamesTest {
  private static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "item.plan != \"free\" => free COMPARED envelope",
        "\"free\" == item.plan => free COMPARED envelope",
        "contains(item.roles, \"admin\") => admin STRING_ARGUMENT envelope",
        "contains(\"roles\", 'admin') => roles FIELD envelope",
        "starts_with(item.plan, \"gold\") => gold STRING_ARGUMENT envelope",
        "concat('a', \"b\", 'c') => b STRING_ARGUMENT envelope",
        "length(\"items\") => items FIELD envelope",
        "\"free\" => free FIELD envelope",
        "\"item\".plan => item FIELD envelope",
        "!\"flag\" => flag FIELD envelope",
        "[\"a\", item.b] => a FIELD envelope",
        "{x: \"a\"} => a FIELD envelope",
        "item.\"custom:tenant\" => -",
        "item.\"a\".\"b\" => -",
        "item.users[?role == \"admin\"] => admin COMPARED other",
        "item.users[?\"user-id\" == 'x'] => user-id COMPARED other",
        "item | \"plan\" => plan FIELD other",
        "\"item\" | plan => item FIELD envelope",
        "item.list[*].\"a\" => -",
        "sort_by(item.list, &\"a\") => a FIELD other",
        "'say \"hi\"' => -",
        "`\"json\"` => -",
        "\"a\\\"b\" == 'x' => a\"b COMPARED envelope",
        "item.a == \"x\" || item.b == \"y\" => x COMPARED envelope;y COMPARED envelope",
      })
  void usesAndWhereTheyAreRead(String expression, String expected) throws Exception {
    COMPILER.compile(expression); // only expressions that compile are looked at
    List<QuotedNames.Quoted> found = QuotedNames.in(expression);
    String actual =
        found.isEmpty()
            ? "-"
            : found.stream()
                .map(q -> q.name() + " " + q.use() + " " + (q.ofEnvelope() ? "envelope" : "other"))
                .collect(Collectors.joining(";"));
    assertEquals(expected, actual);
    for (QuotedNames.Quoted quoted : found) {
      assertEquals('"', expression.charAt(quoted.offset()), "the offset is the opening quote");
    }
  }
}
