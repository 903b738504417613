package io.github.claimsmapper.engine;

import java.util.List;

/**
 * The access token's scopes.
 *
 * @param path where {@code accessToken.scopes} stands in the file, for logs
 * @param add literal scopes to add
 * @param addFrom an expression yielding scopes from data (a string or an array of strings), or
 *     null; each scope it yields must match one of {@code allow}
 * @param allow the patterns that scopes from data must match
 * @param suppress scopes to suppress
 */
public record ScopePlan(String path, List<String> add, Expression addFrom, List<ScopePattern> allow, List<String> suppress) {
  public static final ScopePlan EMPTY = new ScopePlan("$.accessToken.scopes", List.of(), null, List.of(), List.of());

  public ScopePlan {
    add = List.copyOf(add);
    allow = List.copyOf(allow);
    suppress = List.copyOf(suppress);
  }
}
