package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.node.NodeFactory;
import io.github.claimsmapper.engine.functions.ExactNumbers;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Jackson runtime with two changes. It charges every step and every value it creates to the
 * thread's {@link EvaluationBudget}, so an expression that multiplies data fails instead of
 * exhausting memory; and it compares numbers exactly: the library compares numbers as {@code
 * double}, so {@code `9007199254740993` == `9007199254740992`} was true, and sorting, {@code max}
 * and {@code min} could confuse numbers that differ beyond the 16th digit. Comparisons, equality
 * and every function that orders values go through {@link #compare}.
 */
class ExactRuntime extends JacksonRuntime {
  /** The recorder of the parse under way on this thread, if any (see {@link #parse}). */
  // Per runtime on purpose: there are two runtimes (ExpressionCompiler's), and a static one would
  // hand a parse's recorder to the other runtime's node factory on the same thread.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<ShapeRecorder> recording = new ThreadLocal<>();

  ExactRuntime(RuntimeConfiguration configuration) {
    super(configuration, Json.MAPPER);
  }

  /** An expression compiled by the library, with the shape of the tree its parser built. */
  record Parsed(io.burt.jmespath.Expression<JsonNode> compiled, Shape shape) {}

  /**
   * Compiles {@code text} as {@link #compile} does, noting the shape of the tree as the parser
   * builds it: the parser asks the runtime for its node factory once per parse, on this thread.
   *
   * @throws io.burt.jmespath.parser.ParseException and the library's other exceptions, as compile
   */
  Parsed parse(String text) {
    ShapeRecorder recorder = new ShapeRecorder(super.nodeFactory());
    recording.set(recorder);
    try {
      io.burt.jmespath.Expression<JsonNode> compiled = compile(text);
      return new Parsed(compiled, recorder.shapeOf(compiled));
    } finally {
      recording.remove();
    }
  }

  @Override
  public NodeFactory<JsonNode> nodeFactory() {
    ShapeRecorder recorder = recording.get();
    return recorder != null ? recorder : super.nodeFactory();
  }

  @Override
  public JmesPathType typeOf(JsonNode value) {
    EvaluationBudget.step();
    return super.typeOf(value);
  }

  @Override
  public JsonNode getProperty(JsonNode value, JsonNode name) {
    EvaluationBudget.step();
    return super.getProperty(value, name);
  }

  @Override
  public List<JsonNode> toList(JsonNode value) {
    if (value.isObject()) {
      EvaluationBudget.created(value.size()); // copied into a new list
    }
    return super.toList(value);
  }

  @Override
  public JsonNode createArray(Collection<JsonNode> elements) {
    EvaluationBudget.created(elements.size());
    return super.createArray(elements);
  }

  @Override
  public JsonNode createObject(Map<JsonNode, JsonNode> object) {
    EvaluationBudget.created(object.size());
    return super.createObject(object);
  }

  @Override
  public JsonNode createString(String text) {
    EvaluationBudget.createdText(text.length());
    return super.createString(text);
  }

  /**
   * JSON text of a value ({@code to_string}, and text of non-strings wherever the library needs
   * it), with a length bound checked while writing: a small array can hold one long string many
   * times, and its text would be built in full before anything else could look at it.
   */
  @Override
  public String toString(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    StringWriter text = new StringWriter();
    try (Writer capped = new CappedWriter(text, EvaluationBudget.MAX_CHARS)) {
      Json.MAPPER.writeValue(capped, value);
    } catch (IOException e) {
      throw new EvaluationException(
          "a value is too large to write as text (more than "
              + EvaluationBudget.MAX_CHARS
              + " characters)");
    }
    return text.toString();
  }

  /** Passes characters on until the bound, then fails the write. */
  private static final class CappedWriter extends Writer {
    private final Writer out;
    private final long max;
    private long written;

    CappedWriter(Writer out, long max) {
      this.out = out;
      this.max = max;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      written += length;
      if (written > max) {
        throw new IOException("too long");
      }
      out.write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  @Override
  public int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      try {
        return ExactNumbers.decimal(a.numberValue())
            .compareTo(ExactNumbers.decimal(b.numberValue()));
      } catch (ArithmeticException outOfBounds) {
        throw new EvaluationException(
            "a number in a comparison is "
                + ExactNumbers.refusal(outOfBounds, "too large or too small to compare exactly"));
      }
    }
    return super.compare(a, b);
  }
}
