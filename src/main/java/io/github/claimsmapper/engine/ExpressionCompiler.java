package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.function.FunctionRegistry;
import io.burt.jmespath.parser.ParseError;
import io.burt.jmespath.parser.ParseException;
import io.github.claimsmapper.engine.functions.MappingFunctions;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles JMESPath text once; the only class that knows the JMESPath runtime. The built-in
 * functions are extended with {@link MappingFunctions} (lower, upper, trim, split, replace, concat,
 * to_boolean, from_json, unique). Type errors inside functions are raised (not silently turned into
 * null), so a mapping mistake becomes a clear evaluation error instead of a missing claim.
 */
public final class ExpressionCompiler {
  private final ExactRuntime runtime;
  private final ExactRuntime lenient;

  public ExpressionCompiler() {
    FunctionRegistry functions = FunctionRegistry.defaultRegistry().extend(MappingFunctions.all());
    this.runtime =
        new ExactRuntime(
            RuntimeConfiguration.builder()
                .withSilentTypeErrors(false)
                .withFunctionRegistry(functions)
                .build());
    this.lenient =
        new ExactRuntime(
            RuntimeConfiguration.builder()
                .withSilentTypeErrors(true)
                .withFunctionRegistry(functions)
                .build());
  }

  /** Compiles one expression; the exception carries the offset of the first problem. */
  public Expression compile(String text) throws ExpressionSyntaxException {
    return compile(text, runtime);
  }

  /**
   * Compiles a rule's condition. Conditions are predicates: a type mismatch inside them (such as
   * {@code contains(event.request.scopes, 'x')} on a version 1 event, which has no scopes) means
   * "does not apply" rather than an error.
   *
   * @param path where the condition stands in the file, for the denials it causes
   */
  public Condition compileCondition(String path, String text) throws ExpressionSyntaxException {
    return new Condition(path, compileLenient(text));
  }

  /** Compiles an expression as a condition's: a type mismatch inside it yields null. */
  public Expression compileLenient(String text) throws ExpressionSyntaxException {
    return compile(text, lenient);
  }

  private static Expression compile(String text, ExactRuntime runtime)
      throws ExpressionSyntaxException {
    if (text.isBlank()) {
      throw new ExpressionSyntaxException("empty expression", 0);
    }
    Nesting.check(text);
    ExactRuntime.Parsed parsed;
    try {
      parsed = runtime.parse(text);
    } catch (StackOverflowError e) {
      // the bound above keeps every expression it lets through far from this; a backstop only
      throw new ExpressionSyntaxException(
          "the expression nests too deeply to compile: write it in smaller parts", 0);
    } catch (ParseException e) {
      Iterator<ParseError> errors = e.iterator();
      if (errors.hasNext()) {
        ParseError first = errors.next();
        throw new ExpressionSyntaxException(
            first.message(), Math.max(0, Math.min(first.position(), text.length())));
      }
      throw new ExpressionSyntaxException(e.getMessage(), 0);
    } catch (RuntimeException e) {
      // the library reports unknown functions and similar problems as plain runtime exceptions
      throw new ExpressionSyntaxException(String.valueOf(e.getMessage()), 0);
    }
    return new Compiled(text, parsed.compiled(), parsed.shape());
  }

  private record Compiled(String text, io.burt.jmespath.Expression<JsonNode> compiled, Shape shape)
      implements Expression {
    @Override
    public Optional<Set<String>> attributesRead(String root) {
      return References.attributes(shape, root);
    }

    @Override
    public Optional<Set<String>> elementAttributesRead(String root) {
      return References.elementAttributes(shape, root);
    }

    @Override
    public JsonNode evaluate(JsonNode envelope) {
      JsonNode result;
      EvaluationBudget enclosing = EvaluationBudget.start();
      try {
        result = compiled.search(envelope);
      } catch (EvaluationBudget.Exhausted e) {
        throw EvaluationException.exhausted(e.getMessage());
      } catch (EvaluationException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EvaluationException("expression failed: " + e.getMessage());
      } finally {
        EvaluationBudget.stop(enclosing);
      }
      return result == null ? NullNode.getInstance() : result;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
