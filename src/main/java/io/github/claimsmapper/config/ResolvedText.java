package io.github.claimsmapper.config;

import java.util.List;

/**
 * A string with its {@code ${env:...}} placeholders resolved, remembering where each value went, so
 * a problem found in the resolved text is located in the text as written, and a value can be masked
 * wherever a message would show it.
 *
 * @param text the resolved text
 * @param values the environment values put in (not defaults written in the file)
 * @param spans per placeholder: start and end in {@code text}, start and length in the text as
 *     written
 */
record ResolvedText(String text, List<String> values, List<int[]> spans) {
  ResolvedText {
    values = List.copyOf(values);
    spans = List.copyOf(spans);
  }

  /**
   * Maps an offset in the resolved text onto the text as written (a value onto its placeholder).
   */
  int writtenOffset(int offset) {
    int shift = 0;
    for (int[] span : spans) {
      if (offset < span[0]) {
        break;
      }
      if (offset < span[1]) {
        return span[2];
      }
      shift = span[2] + span[3] - span[1];
    }
    return offset + shift;
  }
}
