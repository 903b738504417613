package io.github.claimsmapper.engine.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.FunctionCallException;
import java.io.IOException;

/**
 * {@code from_json(string|null) -> any}: the value of a JSON text, such as Cognito's {@code
 * identities} attribute of federated users, a JSON array encoded in a string.
 *
 * <pre>{@code
 * from_json(event.request.userAttributes.identities)[0].providerName  ->  "Google"
 *     (from "[{\"userId\":\"109876543210\",\"providerName\":\"Google\",\"providerType\":\"Google\",\"primary\":true}]")
 * }</pre>
 *
 * <p>Null yields null (a user who never signed in through a federated provider has no {@code
 * identities}, and the claim is left out). The text must be exactly one standard JSON value (no
 * comments, single quotes or trailing text); anything else is an error whose message never contains
 * the text, which may be personal data: {@code from_json: the argument is not valid JSON}. Any
 * other type is an error: jmespath-java's type error, naming the function and the types. The tree
 * is built by the runtime ({@link Adapter#parseString}), so decimals are as precise as the
 * runtime's JSON parser keeps them.
 */
public final class FromJsonFunction extends NullPropagating {
  private static final String INVALID = "from_json: the argument is not valid JSON";
  private static final JsonFactory STRICT = JsonFactory.builder().build();

  public FromJsonFunction() {
    super("from_json", JmesPathType.STRING);
  }

  @Override
  <T> T applyTo(Adapter<T> runtime, T value) {
    String text = runtime.toString(value);
    // Runtimes' parsers may accept an empty text or ignore trailing text; check strictly first.
    if (!isOneJsonValue(text)) {
      throw new FunctionCallException(INVALID);
    }
    try {
      return runtime.parseString(text);
    } catch (RuntimeException e) {
      // no cause: parser messages quote the offending text
      throw new FunctionCallException(INVALID);
    }
  }

  private static boolean isOneJsonValue(String text) {
    try (JsonParser parser = STRICT.createParser(text)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
