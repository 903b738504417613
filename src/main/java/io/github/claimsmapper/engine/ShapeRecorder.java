package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.function.Function;
import io.burt.jmespath.node.CreateObjectNode;
import io.burt.jmespath.node.Node;
import io.burt.jmespath.node.NodeFactory;
import io.burt.jmespath.node.Operator;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A node factory for the library's parser that builds the real nodes (with the runtime's own
 * factory, so evaluation is unchanged) and notes the {@link Shape} of each one it hands out. The
 * shape of the expression is then the shape of the node the parser returns: what the expression
 * reads is computed from the library's parse tree, not from its text. One recorder per parse.
 */
final class ShapeRecorder implements NodeFactory<JsonNode> {
  /**
   * The value of an object entry. The library builds {@code CreateObjectNode.Entry} itself and
   * keeps its value private; when it cannot be read, the entry counts as reading everything.
   */
  private static final Field ENTRY_VALUE = entryValue();

  private final NodeFactory<JsonNode> nodes;
  private final IdentityHashMap<Object, Shape> shapes = new IdentityHashMap<>();

  ShapeRecorder(NodeFactory<JsonNode> nodes) {
    this.nodes = nodes;
  }

  /** The shape of a node this recorder made; {@link Shape.Unknown} for any other. */
  Shape shapeOf(Object node) {
    Shape shape = shapes.get(node);
    return shape == null ? new Shape.Unknown() : shape;
  }

  private Node<JsonNode> note(Node<JsonNode> node, Shape shape) {
    shapes.put(node, shape);
    return node;
  }

  private List<Shape> shapesOf(List<?> nodes) {
    List<Shape> out = new ArrayList<>(nodes.size());
    nodes.forEach(node -> out.add(shapeOf(node)));
    return out;
  }

  @Override
  public Node<JsonNode> createCurrent() {
    return note(nodes.createCurrent(), new Shape.Current());
  }

  @Override
  public Node<JsonNode> createProperty(String name) {
    return note(nodes.createProperty(name), new Shape.Property(name));
  }

  @Override
  public Node<JsonNode> createIndex(int index) {
    return note(nodes.createIndex(index), new Shape.Whole("index"));
  }

  @Override
  public Node<JsonNode> createSlice(Integer start, Integer stop, Integer step) {
    return note(nodes.createSlice(start, stop, step), new Shape.Whole("slice"));
  }

  @Override
  public Node<JsonNode> createProjection(Expression<JsonNode> expression) {
    return note(nodes.createProjection(expression), new Shape.Projection(shapeOf(expression)));
  }

  @Override
  public Node<JsonNode> createFlattenArray() {
    return note(nodes.createFlattenArray(), new Shape.Whole("flatten"));
  }

  @Override
  public Node<JsonNode> createFlattenObject() {
    return note(nodes.createFlattenObject(), new Shape.Whole("values"));
  }

  @Override
  public Node<JsonNode> createSelection(Expression<JsonNode> test) {
    return note(nodes.createSelection(test), new Shape.Selection(shapeOf(test)));
  }

  @Override
  public Node<JsonNode> createComparison(
      Operator operator, Expression<JsonNode> left, Expression<JsonNode> right) {
    return note(
        nodes.createComparison(operator, left, right),
        new Shape.Operator(operator.toString(), List.of(shapeOf(left), shapeOf(right))));
  }

  @Override
  public Node<JsonNode> createOr(Expression<JsonNode> left, Expression<JsonNode> right) {
    return note(
        nodes.createOr(left, right),
        new Shape.Operator("||", List.of(shapeOf(left), shapeOf(right))));
  }

  @Override
  public Node<JsonNode> createAnd(Expression<JsonNode> left, Expression<JsonNode> right) {
    return note(
        nodes.createAnd(left, right),
        new Shape.Operator("&&", List.of(shapeOf(left), shapeOf(right))));
  }

  @Override
  public Node<JsonNode> createFunctionCall(String name, List<? extends Expression<JsonNode>> args) {
    return note(nodes.createFunctionCall(name, args), new Shape.Call(name, shapesOf(args)));
  }

  @Override
  public Node<JsonNode> createFunctionCall(
      Function function, List<? extends Expression<JsonNode>> args) {
    // an unknown function is null here: the parser reports it as a parse error after building the
    // tree
    return note(
        nodes.createFunctionCall(function, args),
        new Shape.Call(function == null ? "(unknown)" : function.name(), shapesOf(args)));
  }

  @Override
  public Node<JsonNode> createExpressionReference(Expression<JsonNode> expression) {
    return note(
        nodes.createExpressionReference(expression), new Shape.Reference(shapeOf(expression)));
  }

  @Override
  public Node<JsonNode> createString(String text) {
    return note(nodes.createString(text), new Shape.Literal());
  }

  @Override
  public Node<JsonNode> createNegate(Expression<JsonNode> negated) {
    return note(nodes.createNegate(negated), new Shape.Operator("!", List.of(shapeOf(negated))));
  }

  @Override
  public Node<JsonNode> createCreateObject(List<CreateObjectNode.Entry<JsonNode>> entries) {
    List<Shape> values = new ArrayList<>(entries.size());
    for (CreateObjectNode.Entry<JsonNode> entry : entries) {
      values.add(valueShape(entry));
    }
    return note(nodes.createCreateObject(entries), new Shape.Build(values));
  }

  @Override
  public Node<JsonNode> createCreateArray(List<? extends Expression<JsonNode>> items) {
    return note(nodes.createCreateArray(items), new Shape.Build(shapesOf(items)));
  }

  @Override
  public Node<JsonNode> createJsonLiteral(String json) {
    return note(nodes.createJsonLiteral(json), new Shape.Literal());
  }

  @Override
  public Node<JsonNode> createSequence(List<Node<JsonNode>> steps) {
    return note(nodes.createSequence(steps), new Shape.Sequence(shapesOf(steps)));
  }

  private Shape valueShape(CreateObjectNode.Entry<JsonNode> entry) {
    if (ENTRY_VALUE == null) {
      return new Shape.Unknown();
    }
    try {
      return shapeOf(ENTRY_VALUE.get(entry));
    } catch (IllegalAccessException | RuntimeException e) {
      return new Shape.Unknown();
    }
  }

  private static Field entryValue() {
    try {
      Field value = CreateObjectNode.Entry.class.getDeclaredField("value");
      value.setAccessible(true);
      return value;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // every multi-select hash then reads the whole of what it is given
    }
  }
}
