package io.github.claimsmapper.engine;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which top-level attributes of the items of a list-valued root (a query or {@code forEach} source,
 * whose value is a list of items) an expression reads, from its parse tree ({@link Shape}). The
 * list counterpart of {@link References}, as conservative: {@code memberships[].tenant_id}, {@code
 * memberships[?role == 'admin'].tenant_id} and {@code memberships[0].display_name} pin names; the
 * list or an item used whole ({@code memberships}, {@code memberships[0]}, {@code
 * sort_by(memberships, &x)}) means every attribute. {@code length(memberships)} reads none.
 */
final class ElementReferences {
  /** What a step is given. */
  private enum Value {
    ENVELOPE,
    LIST,
    ELEMENT,
    OTHER
  }

  private final String root;
  private final Set<String> names = new LinkedHashSet<>();
  private boolean whole;

  private ElementReferences(String root) {
    this.root = root;
  }

  /**
   * What an expression reads of the root's items.
   *
   * @return the attribute names of the root's items that are read, or empty when the expression may
   *     need whole items
   */
  static Optional<Set<String>> attributes(Shape expression, String root) {
    ElementReferences references = new ElementReferences(root);
    references.consume(references.walk(expression, Value.ENVELOPE));
    return references.whole
        ? Optional.empty()
        : Optional.of(Collections.unmodifiableSet(references.names));
  }

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
      consume(in);
    }
    return Value.OTHER;
  }

  private Value property(String name, Value in) {
    switch (in) {
      case ENVELOPE:
        return name.equals(root) ? Value.LIST : Value.OTHER;
      case ELEMENT:
        names.add(name);
        return Value.OTHER;
      default:
        return Value.OTHER; // a property of a list, or of something else, holds no item
    }
  }
}
