package io.github.claimsmapper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nesting is bounded before the library parses an expression: deep enough input overflowed the
 * stack in the parser, in the library's tree builder, in the walk that finds what an expression
 * reads and in evaluation. Every form is refused at 2,000 levels with a located syntax error, and
 * the deepest of each form that is accepted compiles, is walked and evaluates on a thread with a
 * small stack.
 */
class NestingTest {
  private static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  /** One way to nest, n levels deep. */
  private static IntFunction<String> form(String name) {
    return switch (name) {
      case "parentheses" -> n -> "(".repeat(n) + "item.a" + ")".repeat(n);
      case "not" -> n -> "!".repeat(n) + "item.a";
      case "or" -> n -> "item.a" + " || item.a".repeat(n);
      case "and" -> n -> "item.a" + " && item.a".repeat(n);
      case "dots" -> n -> "item" + ".a".repeat(n);
      case "pipes" -> n -> "item" + " | a".repeat(n);
      case "lists" -> n -> "[".repeat(n) + "item.a" + "]".repeat(n);
      case "comparisons" -> n -> "item.a" + " == item.a".repeat(n);
      case "indexes" -> n -> "item.a" + "[0]".repeat(n);
      case "functions" -> n -> "abs(".repeat(n) + "`1`" + ")".repeat(n);
      case "literal" -> n -> "`" + "[".repeat(n) + "1" + "]".repeat(n) + "`";
      case "filters" -> n -> "item.a" + "[?a".repeat(n) + "]".repeat(n);
      default -> throw new IllegalArgumentException(name);
    };
  }

  static String[] forms() {
    return FORMS;
  }

  private static final String[] FORMS = {
    "parentheses",
    "not",
    "or",
    "and",
    "dots",
    "pipes",
    "lists",
    "comparisons",
    "indexes",
    "functions",
    "literal",
    "filters"
  };

  @ParameterizedTest
  @MethodSource("forms")
  void twoThousandLevelsAreALocatedSyntaxError(String name) {
    String text = form(name).apply(2000);
    ExpressionSyntaxException e =
        assertThrows(ExpressionSyntaxException.class, () -> COMPILER.compile(text));
    assertTrue(
        e.getMessage().startsWith("the expression nests more than 256 levels"), e::getMessage);
    assertTrue(e.offset() > 0 && e.offset() < text.length(), "located inside the text");
  }

  @Test
  void theDeepestAcceptedOfEveryFormCompilesAndEvaluatesOnASmallStack() throws Exception {
    List<String> deepest = new ArrayList<>();
    for (String name : FORMS) {
      IntFunction<String> form = form(name);
      int n = 1; // accepted
      int refused = 2000;
      while (refused - n > 1) {
        int middle = (n + refused) / 2;
        if (accepted(form.apply(middle))) {
          n = middle;
        } else {
          refused = middle;
        }
      }
      assertTrue(n >= 100, name + ": only " + n + " levels accepted");
      deepest.add(form.apply(n));
    }
    JsonNode envelope = Json.MAPPER.readTree("{\"item\": {\"a\": 1}, \"event\": {}}");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                for (String text : deepest) {
                  Expression expression = COMPILER.compile(text);
                  expression.attributesRead("item");
                  expression.evaluate(envelope);
                  COMPILER.compileCondition("$.rules[0].when", text).test(envelope);
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "small-stack",
            512 * 1024);
    thread.start();
    thread.join();
    assertNull(failure.get(), () -> "failed: " + failure.get());
  }

  @Test
  void realExpressionsStayFarBelowTheBound() throws Exception {
    String text =
        "contains(['a', 'b', 'c'], event.callerContext.clientId) && (item.plan == 'gold' ||"
            + " item.plan == 'silver') && !contains(item.roles[?starts_with(@, 'x')], 'x-y')";
    assertEquals(text, COMPILER.compile(text).text());
  }

  private static boolean accepted(String text) {
    try {
      COMPILER.compile(text);
      return true;
    } catch (ExpressionSyntaxException e) {
      return false;
    }
  }
}
