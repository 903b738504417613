package io.github.claimsmapper.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.engine.EvaluationException;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.ExpressionCompiler;
import io.github.claimsmapper.engine.ExpressionSyntaxException;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.properties.SafetyPropertiesTest.Mapping;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The projection never changes an answer: a lookup asks DynamoDB only for the attributes the plan
 * says its expressions read (from the JMESPath parse tree), so evaluating over the projected item
 * must give exactly what evaluating over the whole item gives. If the references under-reported, a
 * claim would silently vanish; these properties would see it.
 */
class ProjectionPropertiesTest {
  static final int TRIES = 300;
  static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  /**
   * The item as DynamoDB answers a request: only the requested attributes, or all when none are
   * named.
   */
  static ObjectNode projected(ObjectNode item, Optional<Set<String>> attributes) {
    return attributes.map(names -> item.deepCopy().retain(names)).orElseGet(item::deepCopy);
  }

  // ---- one expression over the envelope

  @Property(tries = TRIES)
  void anExpressionGivesTheSameOverTheProjectedItem(
      @ForAll("expressions") String text,
      @ForAll("items") ObjectNode item,
      @ForAll("events") ObjectNode event) {
    Expression expression;
    try {
      expression = COMPILER.compile(text);
    } catch (ExpressionSyntaxException e) {
      throw new AssertionError(
          "the generator wrote an invalid expression: " + text + ": " + e.getMessage(), e);
    }
    Optional<Set<String>> read = expression.attributesRead("item");
    assertEquals(
        evaluate(expression, envelope(event, item)),
        evaluate(expression, envelope(event, projected(item, read))),
        () -> text + " reads " + read.map(Set::toString).orElse("the whole item"));
  }

  private static ObjectNode envelope(ObjectNode event, ObjectNode item) {
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.set("event", event);
    envelope.set("item", item);
    return envelope;
  }

  /** The value, or the fact that it failed (both sides must agree). */
  private static String evaluate(Expression expression, ObjectNode envelope) {
    try {
      return Json.compact(expression.evaluate(envelope.deepCopy()));
    } catch (EvaluationException e) {
      return "fails: " + e.getMessage();
    }
  }

  @Provide
  Arbitrary<String> expressions() {
    return Arbitraries.randomValue(r -> expression(r, 3));
  }

  @Provide
  Arbitrary<ObjectNode> items() {
    return Arbitraries.randomValue(Generators::item);
  }

  @Provide
  Arbitrary<ObjectNode> events() {
    return Arbitraries.randomValue(r -> Generators.event(r, Generators.ClientId.ANY));
  }

  static final List<String> NAMES =
      List.of(
          "a",
          "b",
          "name",
          "tenant",
          "roles",
          "list",
          "nested",
          "\"custom:x\"",
          "\"a.b\"",
          "id",
          "item",
          "event",
          "inner");

  /**
   * A small JMESPath grammar whose paths start at the envelope, the item, or the current element.
   */
  static String expression(Random r, int depth) {
    if (depth == 0) {
      return leaf(r);
    }
    String a = expression(r, depth - 1);
    String b = expression(r, depth - 1);
    return switch (r.nextInt(16)) {
      case 0 -> a + " || " + b;
      case 1 -> a + " && " + b;
      case 2 -> "!" + paren(a);
      case 3 -> paren(a) + " == " + paren(b);
      case 4 -> "[" + a + ", " + b + "]";
      case 5 -> "{x: " + a + ", y: " + b + "}";
      case 6 -> paren(a) + " | " + path(r);
      case 7 -> paren(a) + "." + path(r);
      case 8 -> paren(a) + "[?" + b + "]";
      case 9 -> paren(a) + "[*]." + path(r);
      case 10 ->
          Generators.pick(
                  r,
                  List.of("length", "keys", "values", "to_string", "type", "to_array", "not_null"))
              + "("
              + a
              + ")";
      case 11 -> "sort_by(to_array(" + a + "), &to_string(" + path(r) + "))";
      case 12 -> "map(&" + b + ", to_array(" + a + "))";
      case 13 -> paren(a) + Generators.pick(r, List.of("[0]", "[-1]", "[]", "[0:2]", ".*", "[*]"));
      case 14 -> "contains(to_array(" + a + "), " + b + ")";
      default -> leaf(r);
    };
  }

  private static String paren(String expression) {
    return "(" + expression + ")";
  }

  private static String leaf(Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> "item";
      case 1 -> "@";
      case 2 -> "`1`";
      case 3 -> "'" + Generators.pick(r, List.of("a", "x", "USER#zqv")) + "'";
      case 4 -> "@.item." + path(r);
      case 5 -> "event." + path(r);
      case 6 -> "*." + path(r);
      default -> "item." + path(r);
    };
  }

  private static String path(Random r) {
    String path = Generators.pick(r, NAMES);
    return Generators.chance(r, 0.3) ? path + "." + Generators.pick(r, NAMES) : path;
  }

  // ---- whole generated mappings through the façade

  @Property(tries = TRIES)
  void aMappingAnswersTheSameWhenTheStoreHonoursTheProjection(
      @ForAll("mappings") Mapping mapping,
      @ForAll("events") ObjectNode event,
      @ForAll("items") ObjectNode item) {
    MappingPlan plan = SafetyPropertiesTest.load(mapping);
    Assume.that(!plan.sources().isEmpty());
    List<ItemRequest> requests = new ArrayList<>();
    String whole = answer(plan, event, request -> Optional.of(item.deepCopy()));
    String projected =
        answer(
            plan,
            event,
            request -> {
              requests.add(request);
              return Optional.of(projected(item, request.attributes()));
            });
    assertEquals(whole, projected, () -> "requests: " + requests);
  }

  private static String answer(MappingPlan plan, ObjectNode event, ItemSource items) {
    List<String> log = new ArrayList<>();
    try {
      ObjectNode response =
          new ClaimsMapper(plan, items, (level, message) -> log.add(level + " " + message))
              .respond(event.deepCopy(), "ref-1");
      return Json.compact(response) + "\n" + String.join("\n", log);
    } catch (SignInDenied denied) {
      return denied.explanation() + "\n" + String.join("\n", log);
    }
  }

  @Provide
  Arbitrary<Mapping> mappings() {
    return new SafetyPropertiesTest().mappings();
  }
}
