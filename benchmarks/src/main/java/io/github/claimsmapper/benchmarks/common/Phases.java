package io.github.claimsmapper.benchmarks.common;

/**
 * Phase markers for class-loading analysis. Touching a marker loads its (empty) class, so a run
 * with {@code -Xlog:class+load} shows in its log exactly where each phase of a cold start ended,
 * at no cost to a run without logging. Only the cold-start mains touch them.
 */
public final class Phases {
  private Phases() {}

  /** The main method started (everything before: JVM boot). */
  public static final class MainStarted {}

  /** The mapping was loaded and compiled (split mode of ours only). */
  public static final class ConfigLoaded {}

  /** The DynamoDB client was built (split mode of ours only). */
  public static final class ClientBuilt {}

  /** The handler was constructed (init done). */
  public static final class HandlerReady {}

  /** The first response was written. */
  public static final class FirstResponse {}

  /** Loads the marker class named by {@code marker}. */
  public static void mark(Class<?> marker) {
    // a class literal does not initialize the class; forName with initialize=true loads and links it
    try {
      Class.forName(marker.getName(), true, marker.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
