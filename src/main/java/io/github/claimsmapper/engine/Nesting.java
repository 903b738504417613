package io.github.claimsmapper.engine;

import io.burt.jmespath.antlr.v4.runtime.CharStreams;
import io.burt.jmespath.antlr.v4.runtime.Token;
import io.burt.jmespath.parser.JmesPathLexer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bounds how deeply an expression nests, before the library parses it. The parser, the library's
 * tree builder, the walks over the tree and evaluation all recurse once per level, so 2,000 nested
 * parentheses or 2,000 {@code !} overflowed the thread's stack: an error that no boundary expects
 * from a mapping. Real expressions nest a few levels; {@value #MAX_DEPTH} leaves a wide margin and
 * stays far below the depth that overflows a 512 KiB stack.
 *
 * <p>The depth is estimated from the library's own tokens (so quotes and literals are read as the
 * parser reads them), from above: each bracket is a level, and within a level each chain of
 * operators of one precedence (a.b.c, a || b || c, !!a) adds its length, the longest run of each
 * precedence counted once, as a left-nested chain deepens the tree by one per operator.
 */
final class Nesting {
  static final int MAX_DEPTH = 256;

  /** Operator classes, lowest precedence first; a higher one's chain restarts at a lower one. */
  private static final int PIPE = 0;

  private static final int OR = 1;
  private static final int AND = 2;
  private static final int COMPARE = 3;
  private static final int STEP = 4;
  private static final int PREFIX = 5;
  private static final int CLASSES = 6;

  private Nesting() {}

  /**
   * @throws ExpressionSyntaxException at the token where the depth passes {@link #MAX_DEPTH}
   */
  static void check(String text) throws ExpressionSyntaxException {
    JmesPathLexer lexer = new JmesPathLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners(); // the parser reports what the lexer cannot read
    List<int[]> runs = new ArrayList<>();
    List<int[]> longest = new ArrayList<>();
    List<Integer> outer = new ArrayList<>();
    runs.add(new int[CLASSES]);
    longest.add(new int[CLASSES]);
    int enclosing = 0; // the depth of the levels around the current one
    for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
      int level = runs.size() - 1;
      String literal = JmesPathLexer.VOCABULARY.getLiteralName(token.getType());
      int operator = operatorClass(token.getType(), literal);
      if (operator >= 0) {
        chain(runs.get(level), longest.get(level), operator);
      } else if ("'('".equals(literal)
          || "'['".equals(literal)
          || "'[?'".equals(literal)
          || "'{'".equals(literal)) {
        chain(runs.get(level), longest.get(level), STEP);
        outer.add(enclosing);
        enclosing += depth(longest.get(level)) + 1;
        runs.add(new int[CLASSES]);
        longest.add(new int[CLASSES]);
      } else if ("')'".equals(literal) || "']'".equals(literal) || "'}'".equals(literal)) {
        if (level > 0) {
          runs.remove(level);
          longest.remove(level);
          enclosing = outer.remove(outer.size() - 1);
        }
      } else if ("','".equals(literal) || "':'".equals(literal)) {
        Arrays.fill(runs.get(level), 0); // a sibling starts
      }
      int depth = enclosing + depth(longest.get(runs.size() - 1));
      if (depth > MAX_DEPTH) {
        throw new ExpressionSyntaxException(
            "the expression nests more than "
                + MAX_DEPTH
                + " levels deep (brackets, chained operators, '!'): write it in smaller parts",
            token.getStartIndex());
      }
    }
  }

  private static int operatorClass(int type, String literal) {
    if (type == JmesPathLexer.COMPARATOR) {
      return COMPARE;
    }
    if (literal == null) {
      return -1;
    }
    return switch (literal) {
      case "'|'" -> PIPE;
      case "'||'" -> OR;
      case "'&&'" -> AND;
      case "'.'" -> STEP;
      case "'!'", "'&'" -> PREFIX;
      default -> -1;
    };
  }

  /** One more operator of {@code operator}'s class: its chain grows, tighter chains restart. */
  private static void chain(int[] runs, int[] longest, int operator) {
    runs[operator]++;
    longest[operator] = Math.max(longest[operator], runs[operator]);
    for (int tighter = operator + 1; tighter < CLASSES; tighter++) {
      runs[tighter] = 0;
    }
  }

  private static int depth(int[] longest) {
    int depth = 0;
    for (int run : longest) {
      depth += run;
    }
    return depth;
  }
}
