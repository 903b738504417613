package io.github.claimsmapper.config;

/** A 1-based line and column in a source file. */
record Location(int line, int column) {
  static final Location START = new Location(1, 1);

  Location plusColumns(int columns) {
    return new Location(line, column + columns);
  }
}
