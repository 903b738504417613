package io.github.claimsmapper.engine;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which top-level attributes of a root name (such as {@code item}) an expression reads, computed
 * from its parse tree ({@link Shape}), so the lookup asks only for those. Conservative by design:
 * any use it cannot pin to {@code item.name} (the whole {@code item}, {@code item[...]}, {@code
 * item.*}, {@code keys(item)}, {@code @}, a wildcard over the envelope) means "the whole item".
 * Reading too much costs bytes; reading too little would silently drop claims.
 *
 * <p>It follows what each step is given: the envelope, the root's value, or something else (a value
 * that holds none of the root's attributes but those already named). Only a property step may be
 * given the envelope or the root's value; anything else that is (a function, a comparison, a
 * projection, the result itself) reads the whole of it.
 */
final class References {
  /** What a step is given. */
  private enum Value {
    ENVELOPE,
    ROOT,
    OTHER
  }

  private final String root;
  private final Set<String> names = new LinkedHashSet<>();
  private boolean whole;

  private References(String root) {
    this.root = root;
  }

  /**
   * The attribute names an expression reads through {@code root}.
   *
   * @return the attribute names read through {@code root}, or empty when the expression may need
   *     everything under it
   */
  static Optional<Set<String>> attributes(Shape expression, String root) {
    References references = new References(root);
    references.consume(references.walk(expression, Value.ENVELOPE));
    return references.whole
        ? Optional.empty()
        : Optional.of(Collections.unmodifiableSet(references.names));
  }

  /**
   * A value used other than by naming one of its properties: if it is the envelope or the root, all
   * of it is read.
   */
  private void consume(Value value) {
    if (value != Value.OTHER) {
      whole = true;
    }
  }

  private Value walk(Shape shape, Value in) {
    if (shape instanceof Shape.Current) {
      return in;
    }
    if (shape instanceof Shape.Property property) {
      return property(property.name(), in);
    }
    if (shape instanceof Shape.Sequence sequence) {
      Value value = in;
      for (Shape step : sequence.steps()) {
        value = walk(step, value);
      }
      return value;
    }
    if (shape instanceof Shape.Literal) {
      return Value.OTHER;
    }
    if (shape instanceof Shape.Projection projection) {
      consume(in);
      walk(projection.each(), Value.OTHER);
    } else if (shape instanceof Shape.Selection selection) {
      consume(in);
      consume(walk(selection.test(), Value.OTHER));
    } else if (shape instanceof Shape.Call call) {
      for (Shape argument : call.arguments()) {
        // a reference is applied by the function to elements of its other arguments, consumed here
        // too
        consume(
            argument instanceof Shape.Reference reference
                ? walk(reference.expression(), Value.OTHER)
                : walk(argument, in));
      }
    } else if (shape instanceof Shape.Operator operator) {
      operator.operands().forEach(operand -> consume(walk(operand, in)));
    } else if (shape instanceof Shape.Build build) {
      build.parts().forEach(part -> consume(walk(part, in)));
    } else if (shape instanceof Shape.Reference reference) {
      consume(walk(reference.expression(), in));
    } else {
      consume(in); // Whole steps, and any node the recorder could not take apart
    }
    return Value.OTHER;
  }

  private Value property(String name, Value in) {
    switch (in) {
      case ENVELOPE:
        return name.equals(root) ? Value.ROOT : Value.OTHER;
      case ROOT:
        names.add(name);
        return Value.OTHER;
      default:
        return Value.OTHER;
    }
  }
}
