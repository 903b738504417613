package io.github.claimsmapper.source;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs blocking work on daemon worker threads and waits for each call at most until its deadline:
 * the DynamoDB lookups of a sign-in, the shadow mapping, the compilation of a new mapping version.
 *
 * <p>Why: the SDK's own timeouts cannot be trusted to end a call on time. When a server stalls
 * inside its answer, the SDK's timeout thread blocks on the lock the reading thread holds, while
 * the request thread waits for both (5.6 s for a 300 ms deadline). Here the caller stops waiting at
 * the deadline whatever the worker is doing; the worker is interrupted and abandoned, learns it at
 * its next read ({@link #abandoned()}), and ends when the socket timeout catches up with it.
 *
 * <p>Capacity is per {@link DeadlineLane}, never shared between lanes, and it bounds only what
 * abandoned work may hold, not how many healthy calls run at once (several invocations share one
 * JVM on Lambda Managed Instances, each waiting for its own call):
 *
 * <ul>
 *   <li>a call for a key whose {@code maxAbandonedPerKey} abandoned calls still run is refused at
 *       once: one stalled partition holds only a small part of the lane, and the other users' calls
 *       go on;
 *   <li>while {@code maxAbandoned} abandoned calls still run, every new call of the lane is refused
 *       at once (the store is down for everyone, and threads must not pile up);
 *   <li>a lane with {@code maxRunning} (the shadow) runs at most that many calls at once, abandoned
 *       ones included; the next is refused instead of queued.
 * </ul>
 *
 * <p>A caller with several calls that need nothing of each other {@link #submit submits} them all,
 * then waits for each ({@link DeadlineCall#await}) against its one deadline: they run at once, each
 * on its own worker and in its lane, and the wait is the longest call's, not their sum.
 *
 * <p>A call goes to the worker that went idle last (a stack, not a queue), so a steady stream of
 * calls keeps reusing one warm thread; a worker idle for {@value #IDLE_SECONDS} s ends. A call made
 * on one of this executor's workers (the shadow's own lookups) runs inline on it: the caller that
 * waits for that worker already bounds it. Thread-safe.
 */
public final class DeadlineExecutor {

  /** How long an idle worker waits for another call before it ends. */
  static final long IDLE_SECONDS = 30;

  /** Worker threads at most, whatever the lanes allow: the last guard against a runaway. */
  static final int MAX_THREADS = 512;

  private static final DeadlineExecutor SHARED = new DeadlineExecutor("deadline-call");

  private final String threadName;
  private final AtomicInteger named = new AtomicInteger();

  /** Idle workers, the last to go idle first. Guarded by itself, as is {@link #threads}. */
  private final ArrayDeque<Worker> idle = new ArrayDeque<>();

  private int threads;

  DeadlineExecutor(String threadName) {
    this.threadName = threadName;
  }

  /** The function's one executor: its worker threads are shared by every lane. */
  public static DeadlineExecutor shared() {
    return SHARED;
  }

  /** Why a call was not answered. */
  public enum Failure {
    TIMED_OUT,
    /** An earlier call for the same key was abandoned and still runs. */
    KEY_STALLED,
    /** The lane's capacity for abandoned (or, with {@code maxRunning}, running) calls is spent. */
    LANE_FULL,
    INTERRUPTED,
    NO_THREAD
  }

  /** The call was not answered; no part of any key or value is in the message. */
  public static final class NotAnswered extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    NotAnswered(Failure failure, String message) {
      super(message, null, false, false);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }

  /**
   * A lane of its own capacity.
   *
   * @param maxRunning the most calls running at once, abandoned ones included ({@link
   *     Integer#MAX_VALUE}: as many as callers wait)
   * @param maxAbandoned the most abandoned calls still running before every call of the lane is
   *     refused
   * @param maxAbandonedPerKey the most abandoned calls of one key still running before that key's
   *     calls are refused: one stalled partition never takes the lane's whole capacity
   */
  public DeadlineLane lane(String name, int maxRunning, int maxAbandoned, int maxAbandonedPerKey) {
    return new DeadlineLane(name, maxRunning, maxAbandoned, maxAbandonedPerKey);
  }

  /**
   * Runs {@code body} and returns its result, or gives up at {@code deadline}.
   *
   * @param key what the call reads (a partition, a table and key), for the lane's per-key bound
   * @param deadline a {@link System#nanoTime} value
   * @throws NotAnswered at the deadline, or at once when the lane refuses the call
   * @throws RuntimeException whatever the body threw (an {@link Error} too), unchanged
   */
  public <T> T call(DeadlineLane lane, Object key, long deadline, Supplier<T> body) {
    return submit(lane, key, deadline, body).await(deadline);
  }

  /**
   * Hands {@code body} to a worker and returns at once: the caller starts several calls this way,
   * then waits for each ({@link DeadlineCall#await}) against its one deadline, or gives up those it
   * no longer needs ({@link DeadlineCall#abandon}). Lane accounting is {@link #call}'s.
   *
   * @param key what the call reads, for the lane's per-key bound
   * @param deadline a {@link System#nanoTime} value; one already past is not sent
   * @throws NotAnswered at once when the deadline has passed or the lane refuses the call
   */
  public <T> DeadlineCall<T> submit(
      DeadlineLane lane, Object key, long deadline, Supplier<T> body) {
    Objects.requireNonNull(key, "key");
    if (Thread.currentThread() instanceof Worker worker && worker.pool == this) {
      return DeadlineCall.inline(body);
    }
    if (deadline - System.nanoTime() <= 0) {
      throw new NotAnswered(Failure.TIMED_OUT, "timed out");
    }
    lane.admit(key);
    DeadlineCall<T> call = new DeadlineCall<>(lane, key, body, null);
    try {
      handOver(call);
    } catch (RuntimeException | Error e) { // no worker could be started: nothing runs
      lane.ended(key, false);
      throw new NotAnswered(Failure.NO_THREAD, "not sent: no worker thread could be started");
    }
    return call;
  }

  /**
   * Runs {@code task} on a worker with no caller waiting for it (a mapping version compiled in the
   * background). It counts as running in its lane until it ends; the future completes with its
   * outcome only once its place is given back, so whoever waits for it may start the next at once.
   *
   * @throws NotAnswered when the lane refused it or no worker could be started
   */
  public <T> CompletableFuture<T> start(DeadlineLane lane, Object key, Supplier<T> task) {
    lane.admit(key);
    CompletableFuture<T> outcome = new CompletableFuture<>();
    try {
      handOver(new DeadlineCall<>(lane, key, task, outcome));
    } catch (RuntimeException | Error e) {
      lane.ended(key, false);
      throw new NotAnswered(Failure.NO_THREAD, "not started: no worker thread could be started");
    }
    return outcome;
  }

  /** Gives the call to the worker that went idle last, or to a new one. */
  private void handOver(DeadlineCall<?> call) {
    Worker worker;
    synchronized (idle) {
      worker = idle.pollFirst();
      if (worker == null) {
        if (threads >= MAX_THREADS) {
          throw new IllegalStateException("too many worker threads");
        }
        threads++;
      }
    }
    if (worker != null) {
      worker.next = call;
      LockSupport.unpark(worker);
      return;
    }
    Worker started = null;
    try {
      started = new Worker(this, call, threadName + "-" + named.incrementAndGet());
      started.start();
    } catch (RuntimeException | Error e) {
      synchronized (idle) {
        threads--;
      }
      throw e;
    }
  }

  /**
   * Whether the call the current thread runs was given up by its caller. A worker reading an answer
   * checks it at every read ({@link StopWhenAbandoned}); the SDK may clear the thread's interrupt
   * flag, so the flag is not relied on.
   */
  public static boolean abandoned() {
    return Thread.currentThread() instanceof Worker worker && worker.abandoned();
  }

  /** Worker threads alive now, idle ones included (for tests). */
  int threads() {
    synchronized (idle) {
      return threads;
    }
  }

  /** A daemon thread that runs the calls handed to it, one at a time, until it idles too long. */
  private static final class Worker extends Thread {
    private final DeadlineExecutor pool;

    /** The next call, set by the caller that took this worker off the idle stack. */
    private volatile DeadlineCall<?> next;

    private volatile DeadlineCall<?> current;

    Worker(DeadlineExecutor pool, DeadlineCall<?> first, String name) {
      super(name);
      setDaemon(true); // an abandoned call never keeps the JVM (the CLI) alive
      this.pool = pool;
      this.next = first;
    }

    boolean abandoned() {
      DeadlineCall<?> call = current;
      return call != null && call.isAbandoned();
    }

    @Override
    public void run() {
      boolean counted = true;
      try {
        for (DeadlineCall<?> call = next; call != null; call = awaitNext()) {
          next = null;
          current = call;
          call.run(this);
          current = null;
          // idle again before the caller wakes: its next call finds this worker on top of the stack
          synchronized (pool.idle) {
            pool.idle.addFirst(this);
          }
          call.finish();
        }
        counted = false; // awaitNext took it off the count
      } finally {
        if (counted) {
          synchronized (pool.idle) {
            pool.idle.remove(this);
            pool.threads--;
          }
        }
      }
    }

    /** The next call, or null when none came for {@link #IDLE_SECONDS} s (this worker ends). */
    private DeadlineCall<?> awaitNext() {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
      while (true) {
        DeadlineCall<?> call = next;
        if (call != null) {
          return call;
        }
        long left = until - System.nanoTime();
        if (left <= 0) {
          synchronized (pool.idle) {
            if (next == null && pool.idle.remove(this)) {
              pool.threads--;
              return null;
            }
          }
          // a caller took it off the stack and is handing it a call: wait for that
          until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
          continue;
        }
        LockSupport.parkNanos(this, left);
      }
    }
  }
}
