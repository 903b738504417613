package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.claimsmapper.summary.SummaryWord;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The words of the summary line's {@code mappingRefresh} and {@code shadow} fields, exactly as
 * docs/appconfig.md lists them: dashboards and metric filters match them, and they come from the
 * constants' names, so renaming a constant must fail here.
 */
class SummaryWordsTest {
  @Test
  void refreshWords() {
    assertEquals(
        List.of("not-due", "unchanged", "swapped", "rejected", "failed", "compiling"),
        words(LiveMapping.Refresh.values()));
  }

  @Test
  void shadowWords() {
    assertEquals(
        List.of("same", "differs", "failed", "timeout", "busy", "unavailable"),
        words(ShadowMapping.Result.values()));
  }

  private static List<String> words(SummaryWord[] values) {
    return Arrays.stream(values).map(SummaryWord::word).toList();
  }
}
