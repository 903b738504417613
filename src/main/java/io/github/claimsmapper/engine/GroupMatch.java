package io.github.claimsmapper.engine;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which groups a {@code keep} or {@code remove} filter selects: any of the prefixes, exact names
 * or the regular expression (matched against the whole name).
 */
public record GroupMatch(List<String> prefixes, Set<String> exact, Pattern regex) {
  public GroupMatch {
    prefixes = List.copyOf(prefixes);
    exact = Set.copyOf(exact);
  }

  public boolean matches(String group) {
    return exact.contains(group)
        || prefixes.stream().anyMatch(group::startsWith)
        || (regex != null && regex.matcher(group).matches());
  }
}
