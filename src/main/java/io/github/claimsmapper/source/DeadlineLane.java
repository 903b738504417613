package io.github.claimsmapper.source;

import java.util.HashMap;
import java.util.Map;

/**
 * One kind of work with a capacity of its own: what its abandoned calls hold never takes from
 * another lane.
 */
public final class DeadlineLane {
  private final String name;
  private final int maxRunning;
  private final int maxStalledKeys;

  /** Abandoned calls still running, by key. Guarded by this, as is {@link #running}. */
  private final Map<Object, Integer> stalled = new HashMap<>();

  private int running;

  DeadlineLane(String name, int maxRunning, int maxStalledKeys) {
    if (maxRunning < 1 || maxStalledKeys < 1) {
      throw new IllegalArgumentException("a lane's capacity must be at least 1: " + name);
    }
    this.name = name;
    this.maxRunning = maxRunning;
    this.maxStalledKeys = maxStalledKeys;
  }

  synchronized void admit(Object key) {
    if (running >= maxRunning) {
      throw new DeadlineExecutor.NotAnswered(
          DeadlineExecutor.Failure.LANE_FULL,
          "not sent: " + maxRunning + " earlier " + name + " calls are still running");
    }
    if (stalled.containsKey(key)) {
      throw new DeadlineExecutor.NotAnswered(
          DeadlineExecutor.Failure.KEY_STALLED,
          "not sent: an earlier call for the same key is still waiting for an answer");
    }
    if (stalled.size() >= maxStalledKeys) {
      throw new DeadlineExecutor.NotAnswered(
          DeadlineExecutor.Failure.LANE_FULL,
          "not sent: calls for " + stalled.size() + " keys are still waiting for an answer");
    }
    running++;
  }

  synchronized void abandoned(Object key) {
    stalled.merge(key, 1, Integer::sum);
  }

  synchronized void ended(Object key, boolean wasAbandoned) {
    running--;
    if (wasAbandoned) {
      stalled.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** Calls running now, abandoned ones included. */
  public synchronized int running() {
    return running;
  }

  /** Keys whose abandoned calls still run. */
  public synchronized int stalledKeys() {
    return stalled.size();
  }
}
