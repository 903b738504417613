package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;

import io.burt.jmespath.function.ArgumentTypeException;
import io.burt.jmespath.function.FunctionCallException;
import org.junit.jupiter.api.Test;

class ConcatFunctionTest {
  static final String ITEM =
      "{\"item\": {\"tenant\": {\"id\": \"t-42\"}, \"seats\": 25, \"price\": 1.50, \"thousand\":"
          + " 1E+3, \"tiny\": 1.0E-7, \"big\": 12345678901234567890123456789012345678, \"active\":"
          + " true, \"huge\": 1E+2000}}";

  @Test
  void joinsStringsAndNumbers() {
    assertResult("\"tenant:t-42:25\"", "concat('tenant:', item.tenant.id, ':', item.seats)", ITEM);
  }

  @Test
  void aSingleArgumentIsItsText() {
    assertResult("\"t-42\"", "concat(item.tenant.id)", ITEM);
    assertResult("\"25\"", "concat(item.seats)", ITEM);
  }

  @Test
  void numbersAreTheirJsonTextWithoutExponent() {
    assertResult(
        "\"1.50|1000|0.00000010|12345678901234567890123456789012345678\"",
        "concat(item.price, '|', item.thousand, '|', item.tiny, '|', item.big)",
        ITEM);
    // literals are read by the runtime's own parser as doubles
    assertResult(
        "\"2.5|1.0|0.0000001|100000000000000000000|-0.5|-3\"",
        "concat(`2.5`, '|', `1.0`, '|', `1.0E-7`, '|', `1e20`, '|', `-0.5`, '|', `-3`)");
  }

  @Test
  void booleansAreTrueAndFalse() {
    assertResult(
        "\"active=true,deleted=false\"",
        "concat('active=', item.active, ',deleted=', `false`)",
        ITEM);
  }

  @Test
  void edges() {
    assertResult("\"\"", "concat('')");
    assertResult("\"\"", "concat('', '')");
    assertResult("\"ü😀日本\"", "concat(a, b, '日本')", "{\"a\": \"ü\", \"b\": \"😀\"}");
  }

  @Test
  void anyNullMakesTheResultNull() {
    assertResult(
        "null",
        "concat('tenant:', item.tenant.id, ':', item.seats)",
        "{\"item\": {\"seats\": 25}}");
    assertResult("null", "concat(missing)");
    assertResult("null", "concat('a', `null`, 'b')");
  }

  @Test
  void arraysAndObjectsAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"concat\": expected string, number, boolean or null but was"
            + " array",
        "concat('roles:', item.roles)",
        "{\"item\": {\"roles\": [\"admin\"]}}");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"concat\": expected string, number, boolean or null but was"
            + " object",
        "concat(item.tenant, 'x')",
        ITEM);
    // argument types are checked before any null short-cuts the result
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"concat\": expected string, number, boolean or null but was"
            + " array",
        "concat(missing, `[]`)");
  }

  @Test
  void numbersTooLargeToWritePlainlyAreErrors() {
    assertCallFails(
        FunctionCallException.class,
        "concat: a number argument is too large or too small to write without an exponent",
        "concat(item.huge)",
        ITEM);
  }
}
