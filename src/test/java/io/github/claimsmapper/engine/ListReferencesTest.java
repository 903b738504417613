package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an expression reads of the items of a list-valued source (a query or forEach source), from
 * the library's parse tree; the projection of such a source's reads.
 */
class ListReferencesTest {
  static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  /** Expected: the attribute names, comma-separated; "-" for none; "*" for whole items. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "m[].tenant_id => tenant_id",
        "m[*].tenant_id => tenant_id",
        "m[?role == 'admin'].tenant_id => role,tenant_id",
        "m[?role == 'admin' && active].tenant_id => active,role,tenant_id",
        "m[0].display_name => display_name",
        "m[-1].a.b => a",
        "m[1:3].name => name",
        "m[?x] | [0].y => x,y",
        "m[].tags[] => tags",
        "m[].{id: tenant_id, r: role} => role,tenant_id",
        "length(m) => -",
        "length(m[?role == 'admin']) => role",
        "event.request.userAttributes.sub => -",
        "item.m => -",
        "m.tenant_id => -",
        "m => *",
        "m[0] => *",
        "m[] => *",
        "m[?role == 'admin'] => *",
        "sort_by(m, &sk)[0].a => *",
        "m[*] => *",
        "m[].* => *",
        "to_string(m) => *",
        "m[0] == `{}` => *",
        "keys(m[0]) => *",
        "* => *",
        "@ => *",
      })
  void attributes(String expression, String expected) throws Exception {
    Optional<Set<String>> actual = COMPILER.compile(expression).elementAttributesRead("m");
    assertEquals(ReferencesTest.expected(expected), actual);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " => ",
      value = {
        "USER#${m[0].id} => id",
        "${length(m)} items => -",
        "${m[0]} => *",
      })
  void templatesReadWhatTheirPartsRead(String text, String expected) throws Exception {
    Optional<Set<String>> actual = Template.compile(text, COMPILER).elementAttributesRead("m");
    assertEquals(ReferencesTest.expected(expected), actual);
  }
}
