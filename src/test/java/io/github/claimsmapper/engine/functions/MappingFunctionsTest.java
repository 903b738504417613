package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCompileFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.function.Function;
import io.burt.jmespath.function.FunctionCallException;
import io.burt.jmespath.function.FunctionRegistry;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappingFunctionsTest {
  /**
   * A Cognito V2 pre token generation event of a federated user, with the item, as the engine sees
   * it.
   */
  static final String ENVELOPE =
      """
      {"event": {"version": "2", "userName": "google_109876543210",
                 "request": {"userAttributes": {
                   "email": "Jane.Doe@Example.COM",
                   "custom:country": "de",
                   "custom:roles": "admin,billing",
                   "custom:mfa_enrolled": "true",
                   "identities": "[{\\"userId\\":\\"109876543210\\",\\"providerName\\":\\"Google\\",\
                     \\"providerType\\":\\"Google\\",\\"issuer\\":null,\\"primary\\":true,\
                     \\"dateCreated\\":1700000000000}]"}}},
       "item": {"display_name": "  Jane Doe\\n", "org_path": "acme/eu/sales", "tenant": {"id": "t-42"}, "seats": 25,
                "primary_role": "admin", "roles": ["admin", "billing", "admin"]}}
      """;

  @Test
  void allHasEveryFunctionOnceWithItsName() {
    List<String> names = Arrays.stream(MappingFunctions.all()).map(Function::name).toList();
    assertEquals(
        List.of(
            "lower",
            "upper",
            "trim",
            "split",
            "replace",
            "concat",
            "to_boolean",
            "from_json",
            "unique",
            "to_number",
            "abs",
            "ceil",
            "floor",
            "sum",
            "avg",
            "join",
            "contains"),
        names);
  }

  /**
   * Only the arithmetic built-ins that go through double, join (which builds text before anything
   * can bound it) and contains (which compared numbers by the JSON library's equality, not as ==
   * does) are replaced, on purpose.
   */
  @Test
  void onlyTheInexactBuiltInsAreReplaced() {
    FunctionRegistry builtIns = FunctionRegistry.defaultRegistry();
    List<String> replaced =
        Arrays.stream(MappingFunctions.all())
            .map(Function::name)
            .filter(name -> builtIns.getFunction(name) != null)
            .toList();
    assertEquals(
        List.of("to_number", "abs", "ceil", "floor", "sum", "avg", "join", "contains"), replaced);
  }

  /**
   * Each function's declared number of arguments, one line each: the library checks a call against
   * the declaration when the mapping loads, so only the declarations are ours to pin.
   */
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "lower('A', 'B') => expected 1 but was 2",
        "upper() => expected 1 but was 0",
        "trim('a', 'b') => expected 1 but was 2",
        "split('a,b') => expected 2 but was 1",
        "split('a,b', ',', ',') => expected 2 but was 3",
        "replace('a', 'b') => expected 3 but was 2",
        "concat() => expected at least 1 but was 0",
        "to_boolean('true', 'false') => expected 1 but was 2",
        "from_json() => expected 1 but was 0",
        "unique(`[]`, `[]`) => expected 1 but was 2",
      })
  void eachFunctionDeclaresItsArity(String call, String arity) {
    String name = call.substring(0, call.indexOf('('));
    assertCompileFails("invalid arity calling \"" + name + "\" (" + arity + ")", call);
  }

  @Test
  void registrationExtendsTheBuiltIns() {
    FunctionRegistry registry = FunctionRegistry.defaultRegistry().extend(MappingFunctions.all());
    assertEquals("starts_with", registry.getFunction("starts_with").name());
    for (Function function : MappingFunctions.all()) {
      assertEquals(function.getClass(), registry.getFunction(function.name()).getClass());
    }
  }

  @Test
  void eachCallReturnsANewArray() {
    assertNotSame(MappingFunctions.all(), MappingFunctions.all());
  }

  @Test
  void documentedExamples() {
    assertResult("\"jane.doe@example.com\"", "lower(event.request.userAttributes.email)", ENVELOPE);
    assertResult("\"DE\"", "upper(event.request.userAttributes.\"custom:country\")", ENVELOPE);
    assertResult("\"Jane Doe\"", "trim(item.display_name)", ENVELOPE);
    assertResult(
        "[\"admin\", \"billing\"]",
        "split(event.request.userAttributes.\"custom:roles\", ',')",
        ENVELOPE);
    assertResult("\"acme:eu:sales\"", "replace(item.org_path, '/', ':')", ENVELOPE);
    assertResult(
        "\"tenant:t-42:25\"", "concat('tenant:', item.tenant.id, ':', item.seats)", ENVELOPE);
    assertResult(
        "true", "to_boolean(event.request.userAttributes.\"custom:mfa_enrolled\")", ENVELOPE);
    assertResult(
        "\"Google\"",
        "from_json(event.request.userAttributes.identities)[0].providerName",
        ENVELOPE);
    assertResult("[\"admin\", \"billing\"]", "unique(item.roles)", ENVELOPE);
  }

  @Test
  void functionsCompose() {
    assertResult(
        "\"admin billing\"",
        "join(' ', unique(split(lower(replace(event.request.userAttributes.\"custom:roles\", ';',"
            + " ',')), ',')))",
        "{\"event\": {\"request\": {\"userAttributes\": {\"custom:roles\":"
            + " \"Admin;billing,ADMIN\"}}}}");
    assertResult(
        "\"google:jane.doe@example.com\"",
        "concat(lower(from_json(event.request.userAttributes.identities)[0].providerName), ':',"
            + " lower(event.request.userAttributes.email))",
        ENVELOPE);
  }

  @Test
  void silentTypeErrorsTurnTypeErrorsButNotValueErrorsIntoNull() {
    JacksonRuntime silent =
        new JacksonRuntime(
            RuntimeConfiguration.builder()
                .withSilentTypeErrors(true)
                .withFunctionRegistry(
                    FunctionRegistry.defaultRegistry().extend(MappingFunctions.all()))
                .build());
    JsonNode empty = FunctionsHarness.json("{}");
    assertSame(NullNode.getInstance(), silent.compile("lower(`1`)").search(empty));
    FunctionCallException e =
        assertThrows(
            FunctionCallException.class, () -> silent.compile("from_json('{')").search(empty));
    assertEquals("from_json: the argument is not valid JSON", e.getMessage());
  }

  @Test
  void errorsSurfaceThroughTheRegisteredRuntime() {
    assertCallFails(
        FunctionCallException.class,
        "split: the separator must not be empty",
        "split(event.request.userAttributes.\"custom:roles\", '')",
        ENVELOPE);
  }
}
