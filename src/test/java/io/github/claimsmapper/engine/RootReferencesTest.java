package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RootReferencesTest {

  /** Expected: the attribute names, comma-separated; "-" for none; "*" for the whole item. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '~', value = {
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
  })
  void attributes(String expression, String expected) {
    Optional<Set<String>> actual = RootReferences.attributes(expression, "item");
    if (expected.equals("*")) {
      assertEquals(Optional.empty(), actual);
    } else {
      assertEquals(Optional.of(expected.equals("-") ? Set.of() : Set.of(expected.split(","))), actual);
    }
  }
}
