package io.github.claimsmapper.lookup;

/**
 * A read of one round in flight ({@link ItemReads}, {@link QueryReads}): the round starts all of
 * them, then lands each in turn, so the calls that need nothing of each other wait together.
 */
interface Landing {

  /**
   * Waits for the answer and puts it into the envelope, or applies the source's policies.
   *
   * @throws io.github.claimsmapper.engine.MappingDenied when a policy denies
   */
  void land();

  /** Gives up the read when the round ends without landing it (an earlier source denied). */
  void abandon();
}
