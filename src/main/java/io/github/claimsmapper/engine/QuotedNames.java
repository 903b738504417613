package io.github.claimsmapper.engine;

import io.burt.jmespath.antlr.v4.runtime.BaseErrorListener;
import io.burt.jmespath.antlr.v4.runtime.ParserRuleContext;
import io.burt.jmespath.antlr.v4.runtime.tree.ParseTree;
import io.burt.jmespath.parser.JmesPathParser;
import io.burt.jmespath.util.AntlrHelper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The double-quoted names of an expression that stand where a string was likely meant. In JMESPath
 * {@code "free"} is the field named free (a quoted identifier); a string is {@code 'free'}. So
 * {@code item.plan != "free"} compares the plan with a field the envelope does not have (null) and
 * holds for every plan, and {@code contains(item.roles, "admin")} never matches. Found in the
 * library's own parse tree, never by reading the text again: a quoted name after a dot ({@code
 * item."custom:tenant"}) is a field name as meant and is not reported.
 */
public final class QuotedNames {
  /**
   * Functions and the positions at which they take a string; {@code -1}: every position. Built-ins
   * and the mapping's own functions alike.
   */
  private static final Map<String, Set<Integer>> STRING_PARAMETERS =
      Map.ofEntries(
          Map.entry("contains", Set.of(1)),
          Map.entry("starts_with", Set.of(0, 1)),
          Map.entry("ends_with", Set.of(0, 1)),
          Map.entry("join", Set.of(0)),
          Map.entry("split", Set.of(0, 1)),
          Map.entry("replace", Set.of(0, 1, 2)),
          Map.entry("concat", Set.of(-1)),
          Map.entry("lower", Set.of(0)),
          Map.entry("upper", Set.of(0)),
          Map.entry("trim", Set.of(0)),
          Map.entry("from_json", Set.of(0)));

  private QuotedNames() {}

  /** How a quoted name is used. */
  public enum Use {
    /** An operand of {@code ==}, {@code !=}, {@code <}, ...: a string was meant. */
    COMPARED,
    /** An argument where the function takes a string. */
    STRING_ARGUMENT,
    /** Any other use: a field name, which may be meant. */
    FIELD
  }

  /**
   * One quoted name standing on its own (not after a dot).
   *
   * @param name the name, unescaped
   * @param offset where its opening quote stands in the text
   * @param use how it is used
   * @param function the function it is passed to, for {@link Use#STRING_ARGUMENT}
   * @param ofEnvelope true when it is read from the envelope ({@code event}, {@code item}, the
   *     sources), false when from some other value (an element in a filter, a field's value)
   */
  public record Quoted(String name, int offset, Use use, String function, boolean ofEnvelope) {}

  /**
   * The quoted names of an expression that compiles; none when the text holds no {@code "}, without
   * parsing it again.
   */
  public static List<Quoted> in(String text) {
    List<Quoted> found = new ArrayList<>();
    if (text.indexOf('"') < 0) {
      return found;
    }
    JmesPathParser parser = AntlrHelper.createParser(text, new BaseErrorListener());
    visit(parser.jmesPathExpression(), found);
    return found;
  }

  /** Depth-first; the depth is bounded by {@link Nesting} before anything is parsed. */
  private static void visit(ParseTree tree, List<Quoted> found) {
    if (tree instanceof JmesPathParser.IdentifierExpressionContext expression
        && expression.identifier().STRING() != null) {
      found.add(quoted(expression));
    }
    for (int i = 0; i < tree.getChildCount(); i++) {
      visit(tree.getChild(i), found);
    }
  }

  private static Quoted quoted(JmesPathParser.IdentifierExpressionContext expression) {
    String token = expression.identifier().STRING().getText();
    String name = unescape(token.substring(1, token.length() - 1));
    int offset = expression.identifier().STRING().getSymbol().getStartIndex();
    ParserRuleContext parent = expression.getParent();
    Use use = Use.FIELD;
    String function = null;
    if (parent instanceof JmesPathParser.ComparisonExpressionContext) {
      use = Use.COMPARED;
    } else if (parent instanceof JmesPathParser.FunctionArgContext argument
        && argument.getParent() instanceof JmesPathParser.FunctionExpressionContext call) {
      function = call.NAME().getText();
      Set<Integer> positions = STRING_PARAMETERS.get(function);
      int position = call.functionArg().indexOf(argument);
      if (positions != null && (positions.contains(-1) || positions.contains(position))) {
        use = Use.STRING_ARGUMENT;
      }
    }
    return new Quoted(name, offset, use, function, ofEnvelope(expression));
  }

  /** Whether the value an expression is applied to is the envelope itself. */
  private static boolean ofEnvelope(ParserRuleContext node) {
    ParserRuleContext child = node;
    ParserRuleContext parent = node.getParent();
    while (parent != null) {
      if (parent instanceof JmesPathParser.JmesPathExpressionContext) {
        return true;
      }
      boolean same =
          parent instanceof JmesPathParser.ParenExpressionContext
              || parent instanceof JmesPathParser.NotExpressionContext
              || parent instanceof JmesPathParser.OrExpressionContext
              || parent instanceof JmesPathParser.AndExpressionContext
              || parent instanceof JmesPathParser.ComparisonExpressionContext
              || parent instanceof JmesPathParser.FunctionCallExpressionContext
              || parent instanceof JmesPathParser.FunctionExpressionContext
              || parent instanceof JmesPathParser.FunctionArgContext
              || parent instanceof JmesPathParser.MultiSelectListExpressionContext
              || parent instanceof JmesPathParser.MultiSelectHashExpressionContext
              || parent instanceof JmesPathParser.MultiSelectListContext
              || parent instanceof JmesPathParser.MultiSelectHashContext
              || parent instanceof JmesPathParser.KeyvalExprContext
              || (parent instanceof JmesPathParser.PipeExpressionContext pipe
                  && pipe.expression(0) == child)
              || (parent instanceof JmesPathParser.ChainExpressionContext chain
                  && chain.expression() == child)
              || (parent instanceof JmesPathParser.BracketedExpressionContext bracketed
                  && bracketed.expression() == child);
      if (!same) {
        return false; // a step's right side, a filter, a projection, an &expression
      }
      child = parent;
      parent = parent.getParent();
    }
    return false;
  }

  /** The name a quoted identifier stands for: JSON string escapes. */
  private static String unescape(String inside) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c != '\\' || i + 1 == inside.length()) {
        out.append(c);
        continue;
      }
      char next = inside.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 < inside.length()) {
            out.append((char) Integer.parseInt(inside.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }
}
