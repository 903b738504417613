package io.github.claimsmapper.engine;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which top-level attributes of a root name an expression reads, computed from its parse tree
 * ({@link Shape}), so the lookup asks only for those. The root is an item ({@code item}: {@link
 * #attributes}) or a list of items (a query or {@code forEach} source: {@link #elementAttributes}).
 * Conservative by design: any use it cannot pin to a name (the whole {@code item}, {@code
 * item[...]}, {@code item.*}, {@code keys(item)}, {@code @}, a wildcard over the envelope) means
 * "the whole item". Reading too much costs bytes; reading too little would silently drop claims.
 *
 * <p>For a list, {@code memberships[].tenant_id}, {@code memberships[?role == 'admin'].tenant_id}
 * and {@code memberships[0].display_name} pin names; the list or an item used whole ({@code
 * memberships}, {@code memberships[0]}, {@code sort_by(memberships, &x)}) means every attribute.
 * {@code length(memberships)} reads none.
 *
 * <p>It follows what each step is given: the envelope, the list, one item, or something else (a
 * value that holds none of the items' attributes but those already named). Only a property step may
 * be given the envelope or an item; anything else that is (a function, a comparison, a projection,
 * the result itself) reads the whole of it.
 */
final class References {
  /** What a step is given. */
  private enum Value {
    ENVELOPE,
    LIST,
    ELEMENT,
    OTHER
  }

  private final String root;
  private final Value rootValue;
  private final Set<String> names = new LinkedHashSet<>();
  private boolean whole;

  private References(String root, Value rootValue) {
    this.root = root;
    this.rootValue = rootValue;
  }

  /**
   * The attribute names an expression reads through {@code root}.
   *
   * @return the attribute names read through {@code root}, or empty when the expression may need
   *     everything under it
   */
  static Optional<Set<String>> attributes(Shape expression, String root) {
    return read(expression, new References(root, Value.ELEMENT));
  }

  /**
   * What an expression reads of the items of the list {@code root}.
   *
   * @return the attribute names of the items of the list {@code root} that are read, or empty when
   *     the expression may need whole items
   */
  static Optional<Set<String>> elementAttributes(Shape expression, String root) {
    return read(expression, new References(root, Value.LIST));
  }

  private static Optional<Set<String>> read(Shape expression, References references) {
    references.consume(references.walk(expression, Value.ENVELOPE));
    return references.whole
        ? Optional.empty()
        : Optional.of(Collections.unmodifiableSet(references.names));
  }

  /**
   * A value used other than by naming one of its properties: if it is the envelope, the list or an
   * item, all of it is read.
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
    if (shape instanceof Shape.Whole step && in == Value.LIST) {
      // an index picks one item; a slice or a flatten of a list of items is still such a list
      return switch (step.kind()) {
        case "index" -> Value.ELEMENT;
        case "slice", "flatten" -> Value.LIST;
        default -> Value.OTHER; // '*' over a list yields null
      };
    }
    if (shape instanceof Shape.Projection projection) {
      if (in == Value.LIST) {
        consume(walk(projection.each(), Value.ELEMENT));
      } else {
        consume(in);
        walk(projection.each(), Value.OTHER);
      }
    } else if (shape instanceof Shape.Selection selection) {
      if (in == Value.LIST) {
        consume(walk(selection.test(), Value.ELEMENT));
        return Value.LIST; // the items that pass
      }
      consume(in);
      consume(walk(selection.test(), Value.OTHER));
    } else if (shape instanceof Shape.Call call) {
      boolean counts = call.function().equals("length") && call.arguments().size() == 1;
      for (Shape argument : call.arguments()) {
        // a reference is applied by the function to elements of its other arguments, consumed here
        // too
        Value value =
            argument instanceof Shape.Reference reference
                ? walk(reference.expression(), Value.OTHER)
                : walk(argument, in);
        if (!(counts && value == Value.LIST)) { // the number of items reads none of them
          consume(value);
        }
      }
    } else if (shape instanceof Shape.Operator operator) {
      operator.operands().forEach(operand -> consume(walk(operand, in)));
    } else if (shape instanceof Shape.Build build) {
      build.parts().forEach(part -> consume(walk(part, in)));
    } else if (shape instanceof Shape.Reference reference) {
      consume(walk(reference.expression(), in));
    } else {
      consume(in); // other Whole steps, and any node the recorder could not take apart
    }
    return Value.OTHER;
  }

  private Value property(String name, Value in) {
    switch (in) {
      case ENVELOPE:
        return name.equals(root) ? rootValue : Value.OTHER;
      case ELEMENT:
        names.add(name);
        return Value.OTHER;
      default:
        return Value.OTHER; // a property of a list, or of something else, holds no item
    }
  }
}
