package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code unique(array|null) -> array|null}: the array without repeated elements, each kept where it
 * first occurs. Elements are equal when they are the same JSON value: numbers by value ({@code 1}
 * and {@code 1.0} are one number), objects whatever their key order, arrays element by element;
 * {@code "1"} and {@code 1} differ.
 *
 * <pre>{@code
 * unique(item.roles)  ->  ["admin", "billing"]   (from ["admin", "billing", "admin"])
 * }</pre>
 *
 * <p>Null yields null. Any other type is an error: jmespath-java's type error, naming the function
 * and the types.
 */
public final class UniqueFunction extends NullPropagating {
  public UniqueFunction() {
    super("unique", JmesPathType.ARRAY);
  }

  @Override
  <T> T applyTo(Adapter<T> runtime, T value) {
    Set<String> seen = new HashSet<>();
    List<T> kept = new ArrayList<>();
    for (T element : runtime.toList(value)) {
      StringBuilder key = new StringBuilder();
      appendKey(runtime, element, key);
      if (seen.add(key.toString())) {
        kept.add(element);
      }
    }
    return runtime.createArray(kept);
  }

  /** Appends a text that is the same for two values exactly when they are equal JSON values. */
  private static <T> void appendKey(Adapter<T> runtime, T value, StringBuilder key) {
    switch (runtime.typeOf(value)) {
      case NULL:
        key.append('n');
        break;
      case BOOLEAN:
        key.append(runtime.isTruthy(value) ? 't' : 'f');
        break;
      case NUMBER:
        key.append('#').append(canonical(runtime.toNumber(value))).append(';');
        break;
      case STRING:
        appendQuoted(runtime.toString(value), key);
        break;
      case ARRAY:
        key.append('[');
        for (T element : runtime.toList(value)) {
          appendKey(runtime, element, key);
          key.append(',');
        }
        key.append(']');
        break;
      case OBJECT:
        Map<String, T> sorted = new TreeMap<>();
        for (T name : runtime.getPropertyNames(value)) {
          sorted.put(runtime.toString(name), runtime.getProperty(value, name));
        }
        key.append('{');
        for (Map.Entry<String, T> entry : sorted.entrySet()) {
          appendQuoted(entry.getKey(), key);
          key.append(':');
          appendKey(runtime, entry.getValue(), key);
          key.append(',');
        }
        key.append('}');
        break;
      default:
        throw new IllegalStateException("unknown JMESPath type " + runtime.typeOf(value));
    }
  }

  private static String canonical(Number number) {
    BigDecimal decimal;
    if (number instanceof BigDecimal exact) {
      decimal = exact;
    } else {
      try {
        decimal = new BigDecimal(number.toString());
      } catch (NumberFormatException e) {
        return number.toString(); // NaN or infinity: not JSON, but equal to itself
      }
    }
    // toString, not toPlainString: stays short whatever the exponent
    return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toString();
  }

  private static void appendQuoted(String text, StringBuilder key) {
    key.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        key.append('\\');
      }
      key.append(c);
    }
    key.append('"');
  }
}
