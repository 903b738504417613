package io.github.claimsmapper.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and value of a document stands, by path: what turns a problem found in the tree
 * into a {@code file:line:column} the author can go to.
 */
final class Locations {
  private final String[] lines;
  private final Map<String, Location> values = new HashMap<>();
  private final Map<String, Location> keys = new HashMap<>();

  Locations(String text) {
    this.lines = text.split("\r?\n", -1);
  }

  void value(String path, Location at) {
    values.put(path, at);
  }

  void key(String path, Location at) {
    keys.put(path, at);
  }

  /** Where the value at {@code path} starts, or the nearest located ancestor. */
  Location valueAt(String path) {
    String p = path;
    while (true) {
      Location at = values.get(p);
      if (at != null) {
        return at;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return Location.START;
      }
      p = p.substring(0, cut);
    }
  }

  /** Where the key of {@code path} stands, or where its value starts. */
  Location keyAt(String path) {
    Location at = keys.get(path);
    return at != null ? at : valueAt(path);
  }

  /**
   * Where the text of a scalar begins: after the opening quote of a quoted scalar, so offsets into
   * the string map onto columns. Block scalars and multi-line strings are located at their start.
   */
  Location textAt(String path) {
    Location at = valueAt(path);
    if (at.line() - 1 < lines.length) {
      String line = lines[at.line() - 1];
      int index = at.column() - 1;
      if (index < line.length() && (line.charAt(index) == '"' || line.charAt(index) == '\'')) {
        return at.plusColumns(1);
      }
    }
    return at;
  }
}
