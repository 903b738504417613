package io.github.claimsmapper.source;

import java.util.HashMap;
import java.util.Map;

/**
 * One kind of work with a capacity of its own ({@link DeadlineExecutor#lane}): what its abandoned
 * calls hold never takes from another lane. It bounds what abandoned calls hold, in all and per
 * key, and (for the shadow) how many calls run at once; never how many healthy calls of the lookups
 * run.
 */
public final class DeadlineLane {
  private final String name;
  private final int maxRunning;
  private final int maxAbandoned;
  private final int maxAbandonedPerKey;

  /** Abandoned calls still running, by key. Guarded by this, as are the counts. */
  private final Map<Object, Integer> stalled = new HashMap<>();

  private int abandoned;
  private int running;

  DeadlineLane(String name, int maxRunning, int maxAbandoned, int maxAbandonedPerKey) {
    if (maxRunning < 1 || maxAbandoned < 1 || maxAbandonedPerKey < 1) {
      throw new IllegalArgumentException("a lane's capacity must be at least 1: " + name);
    }
    this.name = name;
    this.maxRunning = maxRunning;
    this.maxAbandoned = maxAbandoned;
    this.maxAbandonedPerKey = maxAbandonedPerKey;
  }

  synchronized void admit(Object key) {
    if (running >= maxRunning) {
      throw new DeadlineExecutor.NotAnswered(
          DeadlineExecutor.Failure.LANE_FULL,
          "not sent: " + maxRunning + " earlier " + name + " calls are still running");
    }
    if (stalled.getOrDefault(key, 0) >= maxAbandonedPerKey) {
      throw new DeadlineExecutor.NotAnswered(
          DeadlineExecutor.Failure.KEY_STALLED,
          "not sent: "
              + maxAbandonedPerKey
              + " earlier calls for the same key are still waiting for an answer");
    }
    if (abandoned >= maxAbandoned) {
      throw new DeadlineExecutor.NotAnswered(
          DeadlineExecutor.Failure.LANE_FULL,
          "not sent: " + abandoned + " earlier calls are still waiting for an answer");
    }
    running++;
  }

  synchronized void abandoned(Object key) {
    abandoned++;
    stalled.merge(key, 1, Integer::sum);
  }

  synchronized void ended(Object key, boolean wasAbandoned) {
    running--;
    if (wasAbandoned) {
      abandoned--;
      stalled.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** Calls running now, abandoned ones included. */
  public synchronized int running() {
    return running;
  }

  /** Abandoned calls still running. */
  public synchronized int abandoned() {
    return abandoned;
  }
}
