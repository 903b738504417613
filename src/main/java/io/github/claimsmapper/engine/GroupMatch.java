package io.github.claimsmapper.engine;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;

/**
 * Which groups a {@code keep} or {@code remove} filter selects: any of the prefixes, exact names or
 * the regular expression (matched against the whole name). The expression runs in RE2/J, in time
 * linear in the name: a backtracking engine takes minutes over {@code (.*a){25}b} and a
 * 40-character group name, which a user may be able to choose.
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
