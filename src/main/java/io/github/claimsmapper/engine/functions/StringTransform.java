package io.github.claimsmapper.engine.functions;

import io.burt.jmespath.Adapter;
import io.burt.jmespath.JmesPathType;

/** A function of one string that yields a string; null yields null, other types are errors. */
abstract class StringTransform extends NullPropagating {
  StringTransform(String name) {
    super(name, JmesPathType.STRING);
  }

  abstract String transform(String value);

  @Override
  final <T> T applyTo(Adapter<T> runtime, T value) {
    return runtime.createString(transform(runtime.toString(value)));
  }
}
