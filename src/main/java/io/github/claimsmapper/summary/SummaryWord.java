package io.github.claimsmapper.summary;

import java.util.Locale;

/**
 * An outcome the one summary line of a sign-in reports as a word, for an enum to implement: the
 * constant's name in lower case, its parts joined by hyphens ({@code NOT_DUE} is {@code not-due}).
 * One rule for every such field, so that no word can drift from its constant; the words are what
 * dashboards and metric filters match, so tests pin them.
 */
public interface SummaryWord {
  /** The constant's name ({@link Enum#name()}). */
  String name();

  /** The word on the summary line. */
  default String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
