package io.github.claimsmapper.engine.functions;

import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertCallFails;
import static io.github.claimsmapper.engine.functions.FunctionsHarness.assertResult;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.burt.jmespath.function.ArgumentTypeException;
import io.burt.jmespath.function.FunctionCallException;
import org.junit.jupiter.api.Test;

class FromJsonFunctionTest {
  static final String IDENTITIES =
      "[{\"userId\":\"109876543210\",\"providerName\":\"Google\","
          + "\"providerType\":\"Google\",\"issuer\":null,\"primary\":true,\"dateCreated\":1700000000000}]";
  static final String INVALID = "from_json: the argument is not valid JSON";

  /** An input {"s": text}, the text written as a JSON string. */
  static String holding(String text) {
    ObjectNode input = JsonNodeFactory.instance.objectNode().put("s", text);
    return input.toString();
  }

  @Test
  void readsCognitoIdentities() {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event
        .putObject("event")
        .putObject("request")
        .putObject("userAttributes")
        .put("identities", IDENTITIES);
    assertResult(
        "\"Google\"",
        "from_json(event.request.userAttributes.identities)[0].providerName",
        event.toString());
    assertResult(
        IDENTITIES, "from_json(event.request.userAttributes.identities)", event.toString());
    assertResult(
        "[\"Google\"]",
        "from_json(event.request.userAttributes.identities)[?primary].providerName",
        event.toString());
  }

  @Test
  void readsEveryKindOfValue() {
    assertResult("\"text\"", "from_json(s)", holding("\"text\""));
    assertResult("42", "from_json(s)", holding("42"));
    assertResult("true", "from_json(s)", holding("true"));
    assertResult("null", "from_json(s)", holding("null"));
    assertResult(
        "{\"a\": [1, {\"b\": \"c\"}]}", "from_json(s)", holding("{\"a\": [1, {\"b\": \"c\"}]}"));
    assertResult("[]", "from_json(s)", holding(" \n [ ] \t"));
  }

  @Test
  void readsUnicode() {
    assertResult("{\"name\": \"Zoë 😀\"}", "from_json(s)", holding("{\"name\": \"Zo\\u00eb 😀\"}"));
  }

  @Test
  void nullYieldsNull() {
    assertResult(
        "null",
        "from_json(event.request.userAttributes.identities)[0].providerName",
        "{\"event\": {\"request\": {\"userAttributes\": {\"email\": \"jane@example.com\"}}}}");
  }

  @Test
  void invalidJsonIsAnErrorThatNeverQuotesTheText() {
    for (String text :
        new String[] {
          "",
          "   ",
          "jane@example.com",
          "[1] jane",
          "{\"a\": 1",
          "{'a': 1}",
          "/* jane */ 1",
          "NaN",
          "[1,]",
          "\"\\q jane\"",
          "1 2",
          "{\"a\": 1}}"
        }) {
      FunctionCallException e =
          assertCallFails(FunctionCallException.class, INVALID, "from_json(s)", holding(text));
      assertNull(e.getCause(), text);
    }
  }

  @Test
  void otherTypesAreErrors() {
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"from_json\": expected string or null but was array",
        "from_json(`[1]`)");
    assertCallFails(
        ArgumentTypeException.class,
        "Invalid argument type calling \"from_json\": expected string or null but was object",
        "from_json(@)");
  }
}
