package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import java.util.Optional;

/**
 * {@code to_boolean(any) -> boolean|null}: {@code true} and {@code false} unchanged, the strings
 * {@code "true"} and {@code "false"} (exactly so, lower case) as booleans. Cognito custom
 * attributes are always strings, so this is how a flag becomes a boolean claim.
 *
 * <pre>{@code
 * to_boolean(event.request.userAttributes."custom:mfa_enrolled")  ->  true   (from "true")
 * }</pre>
 *
 * <p>Like the built-in {@code to_number}, it converts only what converts losslessly and
 * unambiguously; everything else ({@code "TRUE"}, {@code "yes"}, {@code "1"}, {@code ""}, numbers,
 * arrays, objects, null) yields null, never an error. Combine with {@code ||} for a fallback:
 * {@code to_boolean(x) || `false`}.
 */
public final class ToBooleanFunction extends Conversion {
  public ToBooleanFunction() {
    super("to_boolean", JmesPathType.BOOLEAN);
  }

  @Override
  <T> Optional<T> fromString(Adapter<T> runtime, String text) {
    return switch (text) {
      case "true" -> Optional.of(runtime.createBoolean(true));
      case "false" -> Optional.of(runtime.createBoolean(false));
      default -> Optional.empty();
    };
  }
}
