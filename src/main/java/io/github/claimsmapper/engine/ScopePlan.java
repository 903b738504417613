package io.github.claimsmapper.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The access token's scopes.
 *
 * @param literal literal scopes to add, each list where the file writes it (the base's, a rule's)
 * @param fromData expressions yielding scopes from data, each with the patterns they must match
 * @param suppressed scopes to suppress, each list where the file writes it
 */
public record ScopePlan(List<Literal> literal, List<FromData> fromData, List<Literal> suppressed) {
  public static final ScopePlan EMPTY = new ScopePlan(List.of(), List.of(), List.of());

  public ScopePlan {
    literal = List.copyOf(literal);
    fromData = List.copyOf(fromData);
    suppressed = List.copyOf(suppressed);
  }

  /**
   * Scopes written in the file.
   *
   * @param path where the list stands in the file, for {@code render --explain}
   * @param scopes the scopes, each once; never empty (an empty list is no list)
   */
  public record Literal(String path, List<String> scopes) {
    public Literal {
      scopes = List.copyOf(scopes);
      if (scopes.isEmpty()) {
        throw new IllegalArgumentException("a list of literal scopes is not empty: " + path);
      }
    }
  }

  /**
   * Scopes from data.
   *
   * @param path where {@code add} stands in the file, for logs
   * @param expression yields a string or an array of strings
   * @param allow the patterns each scope must match
   */
  public record FromData(String path, Expression expression, List<ScopePattern> allow) {
    public FromData {
      allow = List.copyOf(allow);
    }
  }

  /** The literal scopes to add, each once, in file order. */
  public List<String> add() {
    return union(literal);
  }

  /** The scopes to suppress, each once, in file order. */
  public List<String> suppress() {
    return union(suppressed);
  }

  /** Reports each list of literal scopes where the file writes it, for {@code render --explain}. */
  static void explain(Trace trace, List<Literal> lists, String what) {
    if (trace.enabled()) {
      for (Literal list : lists) {
        trace.step(list.path(), Trace.Outcome.APPLIED, what + String.join(", ", list.scopes()));
      }
    }
  }

  /** True when nothing is added or suppressed. */
  public boolean isEmpty() {
    return literal.isEmpty() && fromData.isEmpty() && suppressed.isEmpty();
  }

  /** This plan and a rule's: scopes add up. */
  public ScopePlan with(ScopePlan other) {
    if (other.isEmpty()) {
      return this;
    }
    List<Literal> adds = new ArrayList<>(literal);
    adds.addAll(other.literal);
    List<FromData> data = new ArrayList<>(fromData);
    data.addAll(other.fromData);
    List<Literal> suppress = new ArrayList<>(suppressed);
    suppress.addAll(other.suppressed);
    return new ScopePlan(adds, data, suppress);
  }

  private static List<String> union(List<Literal> lists) {
    Set<String> all = new LinkedHashSet<>();
    for (Literal list : lists) {
      all.addAll(list.scopes());
    }
    return new ArrayList<>(all);
  }
}
