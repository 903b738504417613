package io.github.claimsmapper.lambda;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything of a {@link LiveMapping} that changes, as one immutable value: it is swapped whole
 * (compare-and-set), so no invocation sees half of a change.
 *
 * @param active the version serving sign-ins, or null before one compiled
 * @param nextCheck when the next check is due (the mapping's clock)
 * @param checkNow check on the next invocation whatever the interval (after a SnapStart restore)
 * @param checking an invocation is checking now
 * @param down the last check could not read the extension (logged once until it answers)
 * @param rejected the keys of the last refused versions, newest last
 * @param compiling the key of the version compiling in the background, or null
 * @param news what a background compilation did that no invocation has reported yet, or null
 */
record LiveState(
    LiveMapping.Active active,
    long nextCheck,
    boolean checkNow,
    boolean checking,
    boolean down,
    List<String> rejected,
    String compiling,
    LiveMapping.Refresh news) {
  static final LiveState INITIAL =
      new LiveState(null, 0, false, false, false, List.of(), null, null);

  LiveState {
    rejected = List.copyOf(rejected);
  }

  LiveState with(LiveMapping.Active active, String compiling, LiveMapping.Refresh news) {
    return new LiveState(active, nextCheck, checkNow, checking, down, rejected, compiling, news);
  }

  /**
   * {@code key} refused: remembered (the oldest forgotten beyond {@code most}), nothing compiling.
   */
  LiveState rejecting(String key, int most, LiveMapping.Refresh news) {
    List<String> more = new ArrayList<>(rejected);
    more.remove(key);
    more.add(key);
    if (more.size() > most) {
      more.remove(0);
    }
    return new LiveState(active, nextCheck, checkNow, checking, down, more, null, news);
  }

  /** A check starts, goes on or fails: the next one is due at {@code nextCheck}. */
  LiveState checks(boolean checking, long nextCheck, boolean down) {
    return new LiveState(active, nextCheck, false, checking, down, rejected, compiling, news);
  }

  /** The check of an invocation is over. */
  LiveState checked() {
    return new LiveState(active, nextCheck, checkNow, false, down, rejected, compiling, news);
  }

  /** The next invocation checks, whatever the interval. */
  LiveState checkNext() {
    return new LiveState(active, nextCheck, true, checking, down, rejected, compiling, news);
  }
}
