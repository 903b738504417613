package io.github.claimsmapper.engine;

import java.util.List;

/**
 * The claims one token gains and the claims it loses.
 *
 * @param claims the claim rules, in file order
 * @param suppress the claim names to suppress
 */
public record TokenPlan(List<ClaimRule> claims, List<String> suppress) {
  public static final TokenPlan EMPTY = new TokenPlan(List.of(), List.of());

  public TokenPlan {
    claims = List.copyOf(claims);
    suppress = List.copyOf(suppress);
  }
}
