package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.ArgumentConstraint;
import io.burt.jmespath.function.ArgumentConstraints;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import io.burt.jmespath.function.FunctionCallException;
import java.util.ArrayList;
import java.util.List;

/**
 * A function of a string or null, a literal text searched for in it, and maybe further strings.
 * Null yields null. An empty search text is an error whatever the string, since it is a mistake of
 * the mapping, not of the data: it would match between every two characters, never what was meant.
 */
abstract class TextSearch extends BaseFunction {
  private final String searchName;

  /**
   * @param searchName what the error for an empty search text calls it
   * @param more the constraints of the arguments after the search text
   */
  TextSearch(String name, String searchName, ArgumentConstraint... more) {
    super(name, constraints(more));
    this.searchName = searchName;
  }

  private static ArgumentConstraint[] constraints(ArgumentConstraint... more) {
    List<ArgumentConstraint> all = new ArrayList<>();
    all.add(ArgumentConstraints.typeOf(JmesPathType.STRING, JmesPathType.NULL));
    all.add(ArgumentConstraints.typeOf(JmesPathType.STRING));
    all.addAll(List.of(more));
    return all.toArray(ArgumentConstraint[]::new);
  }

  /**
   * The result for a string.
   *
   * @param search the text searched for, never empty
   * @param more the arguments after the search text, as strings
   */
  abstract <T> T search(Adapter<T> runtime, String text, String search, List<String> more);

  @Override
  protected final <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
    T value = arguments.get(0).value();
    String search = runtime.toString(arguments.get(1).value());
    if (search.isEmpty()) {
      throw new FunctionCallException(name() + ": the " + searchName + " must not be empty");
    }
    if (runtime.typeOf(value) == JmesPathType.NULL) {
      return runtime.createNull();
    }
    List<String> more =
        arguments.subList(2, arguments.size()).stream()
            .map(argument -> runtime.toString(argument.value()))
            .toList();
    return search(runtime, runtime.toString(value), search, more);
  }
}
