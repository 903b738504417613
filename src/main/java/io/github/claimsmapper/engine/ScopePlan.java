package io.github.claimsmapper.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The access token's scopes.
 *
 * @param add literal scopes to add
 * @param fromData expressions yielding scopes from data, each with the patterns they must match
 * @param suppress scopes to suppress
 */
public record ScopePlan(List<String> add, List<FromData> fromData, List<String> suppress) {
  public static final ScopePlan EMPTY = new ScopePlan(List.of(), List.of(), List.of());

  public ScopePlan {
    add = List.copyOf(add);
    fromData = List.copyOf(fromData);
    suppress = List.copyOf(suppress);
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

  /** True when nothing is added or suppressed. */
  public boolean isEmpty() {
    return add.isEmpty() && fromData.isEmpty() && suppress.isEmpty();
  }

  /** This plan and a rule's: scopes add up. */
  public ScopePlan with(ScopePlan other) {
    if (other.isEmpty()) {
      return this;
    }
    List<String> adds = new ArrayList<>(add);
    other.add.stream().filter(s -> !adds.contains(s)).forEach(adds::add);
    List<FromData> data = new ArrayList<>(fromData);
    data.addAll(other.fromData);
    List<String> suppressed = new ArrayList<>(suppress);
    other.suppress.stream().filter(s -> !suppressed.contains(s)).forEach(suppressed::add);
    return new ScopePlan(adds, data, suppressed);
  }
}
