package io.github.claimsmapper.source;

import io.github.claimsmapper.source.DeadlineExecutor.Failure;
import io.github.claimsmapper.source.DeadlineExecutor.NotAnswered;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One call handed to a worker of {@link DeadlineExecutor} and its outcome, shared by the caller and
 * the worker that runs it. The caller that {@link DeadlineExecutor#submit submitted} it waits for
 * it with {@link #await} (several calls of one caller, each against the same deadline, run at once)
 * or gives it up with {@link #abandon}. Its lane place is given back when the worker has run it,
 * before the caller learns the outcome, so a caller that goes on at once finds its place free.
 */
public final class DeadlineCall<T> {
  private final DeadlineLane lane;
  private final Object key;
  private final Supplier<T> body;

  /** Completed with the outcome once the lane place is given back (work with no caller waiting). */
  private final CompletableFuture<T> completion;

  /** Set by the caller when it gives up; read by the worker at each read of the answer. */
  private volatile boolean abandoned;

  /** Whoever sets this first decides whether the call runs: the worker, or a caller that quit. */
  private final AtomicBoolean claimed = new AtomicBoolean();

  private volatile Thread waiter;

  /** Guarded by this: the worker while it runs the call, so a late interrupt misses the next. */
  private Thread runner;

  /** Guarded by this: the call ended, and whether it was counted as abandoned. */
  private boolean ended;

  private boolean countedAbandoned;

  private T value;
  private Throwable failure;

  /** Written last by the worker: value and failure are visible once it is true. */
  private volatile boolean done;

  DeadlineCall(DeadlineLane lane, Object key, Supplier<T> body, CompletableFuture<T> completion) {
    this.lane = lane;
    this.key = key;
    this.body = body;
    this.completion = completion;
  }

  /** A call made on one of the executor's own workers: run at once, on that worker. */
  static <T> DeadlineCall<T> inline(Supplier<T> body) {
    DeadlineCall<T> call = new DeadlineCall<>(null, null, body, null);
    call.claimed.set(true);
    try {
      call.value = body.get();
    } catch (Throwable e) {
      call.failure = e;
    }
    synchronized (call) {
      call.ended = true;
    }
    call.done = true;
    return call;
  }

  /**
   * Waits for the outcome until {@code deadline}; at the deadline (or on an interrupt) gives the
   * call up as {@link #abandon} does. Only the thread that submitted the call waits for it.
   *
   * @param deadline a {@link System#nanoTime} value
   * @throws NotAnswered at the deadline, or when the waiting thread is interrupted
   * @throws RuntimeException whatever the body threw (an {@link Error} too), unchanged
   */
  public T await(long deadline) {
    waiter = Thread.currentThread(); // written before done is read: the worker's finish sees it
    while (!done) {
      if (Thread.currentThread().isInterrupted()) {
        abandon();
        throw new NotAnswered(Failure.INTERRUPTED, "was interrupted");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        abandon();
        throw new NotAnswered(Failure.TIMED_OUT, "timed out");
      }
      LockSupport.parkNanos(this, left);
    }
    return outcome();
  }

  /**
   * Gives the call up: one not started never runs; one still running is interrupted, learns it at
   * its next read ({@link DeadlineExecutor#abandoned()}) and holds its key's place until it ends.
   * Nothing when it has ended already; once is enough.
   */
  public void abandon() {
    waiter = null;
    if (abandoned || done) {
      return;
    }
    abandoned = true;
    if (claimed.compareAndSet(false, true)) {
      lane.ended(key, false); // never started, never will
      return;
    }
    synchronized (this) {
      if (ended) {
        return;
      }
      countedAbandoned = true;
      lane.abandoned(key);
      if (runner != null) {
        runner.interrupt();
      }
    }
  }

  boolean isAbandoned() {
    return abandoned;
  }

  /** On the worker: runs the call unless its caller gave up before it started. */
  void run(Thread worker) {
    if (!claimed.compareAndSet(false, true)) {
      return; // given up before it started: the caller already gave its place back
    }
    synchronized (this) {
      runner = worker;
    }
    try {
      value = body.get();
    } catch (Throwable e) {
      failure = e;
    } finally {
      boolean wasAbandoned;
      synchronized (this) {
        runner = null;
        ended = true;
        wasAbandoned = countedAbandoned;
      }
      Thread.interrupted(); // the caller that gave up interrupted this call, not the next one
      lane.ended(key, wasAbandoned);
    }
  }

  /** On the worker, once it is idle again and the lane place is given back: wakes the caller. */
  void finish() {
    done = true;
    if (completion != null) {
      if (failure == null) {
        completion.complete(value);
      } else {
        completion.completeExceptionally(failure);
      }
    }
    Thread caller = waiter;
    if (caller != null) {
      LockSupport.unpark(caller);
    }
  }

  private T outcome() {
    if (failure == null) {
      return value;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(failure.getClass().getSimpleName());
  }
}
