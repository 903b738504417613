package io.github.claimsmapper.engine;

import java.util.List;

/**
 * The structure of a parsed JMESPath expression, as the library's own parser built it: one record
 * per node the parser asked its node factory for (see {@link ShapeRecorder}). It exists so that
 * what an expression reads ({@link References}) comes from the one parse that also yields the
 * evaluated tree, never from a second scan of the text.
 */
sealed interface Shape {
  /** {@code @}: the current value. */
  record Current() implements Shape {}

  /** {@code name} or {@code "quoted name"}: one property of the current value. */
  record Property(String name) implements Shape {}

  /**
   * A step that reads the current value as a whole other than by one named property: an index, a
   * slice, {@code []} and {@code *} over an object (whose values it lists).
   */
  record Whole(String kind) implements Shape {}

  /** The rest of a projection, applied to each element of the current value. */
  record Projection(Shape each) implements Shape {}

  /** {@code [?test]}: keeps the elements for which {@code test} holds. */
  record Selection(Shape test) implements Shape {}

  /**
   * Comparisons, {@code &&}, {@code ||}, {@code !}: each operand is evaluated on the current value.
   */
  record Operator(String kind, List<Shape> operands) implements Shape {}

  /** A function call; each argument is evaluated on the current value. */
  record Call(String function, List<Shape> arguments) implements Shape {}

  /** {@code &expression}: a function applies it to values it chooses. */
  record Reference(Shape expression) implements Shape {}

  /** A raw string or JSON literal: reads nothing. */
  record Literal() implements Shape {}

  /** {@code [a, b]} and {@code {x: a, y: b}}: each part is evaluated on the current value. */
  record Build(List<Shape> parts) implements Shape {}

  /** {@code a.b}, {@code a | b}: each step is evaluated on the result of the one before. */
  record Sequence(List<Shape> steps) implements Shape {}

  /** A node the recorder could not take apart: assumed to read everything it is given. */
  record Unknown() implements Shape {}
}
