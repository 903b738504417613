package io.github.claimsmapper.source;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs blocking calls on daemon worker threads and waits for each at most until its deadline.
 *
 * <p>Why: the SDK's own timeouts cannot be trusted to end a call on time. When a server stalls
 * inside its answer (headers then silence, part of the body, a trickle), the SDK's timeout thread
 * tries to close the {@code HttpURLConnection} and blocks on the lock the reading thread holds,
 * while the request thread waits for both: 5.6 s for a 300 ms deadline. Here the caller stops
 * waiting at the deadline whatever the worker is doing; the worker is interrupted and abandoned,
 * and ends when the SDK's own timeouts and the socket timeout catch up with it.
 *
 * <p>Abandoned calls hold no lock or pooled connection a later call needs (each HTTP exchange has
 * its own connection), but each holds a thread until it ends, so at most {@code maxRunning} calls
 * may run at once, abandoned ones included; a call beyond that is refused at once (a {@link
 * SourceException}, which the source's {@code onError} handles) rather than pile up threads behind
 * a stalled server. At most {@code maxRunning} worker threads exist. Thread-safe.
 *
 * <p>A call goes to the worker that went idle last (a stack, not a queue), so a healthy source
 * keeps reusing one thread whose stack and caches are still warm. The executor this replaces handed
 * each call to the thread that had waited longest, so eight threads took turns and each warm
 * sign-in woke the one that last ran eight calls ago; that, and its queue, future and thread-local
 * bookkeeping, made warm sign-ins measurably slower (docs/history/benchmarks.md, "the warm
 * regression"). Workers idle for {@value #IDLE_SECONDS} s end, so the threads a burst of stalls
 * left behind do not stay.
 */
final class DeadlineCalls {

  /** How long an idle worker waits for another call before it ends. */
  static final long IDLE_SECONDS = 30;

  private final Semaphore running;
  private final int maxRunning;
  private final AtomicInteger named = new AtomicInteger();

  /** Idle workers, the last to go idle first. Guarded by itself, as is {@link #threads}. */
  private final ArrayDeque<Worker> idle;

  /** Worker threads alive, idle ones included; at most {@code maxRunning}. */
  private int threads;

  /**
   * @param maxRunning the most calls running at once, abandoned ones included
   */
  DeadlineCalls(int maxRunning) {
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning must be at least 1, was " + maxRunning);
    }
    this.maxRunning = maxRunning;
    this.running = new Semaphore(maxRunning);
    this.idle = new ArrayDeque<>(maxRunning); // never grows: at most maxRunning workers
  }

  /**
   * Runs {@code call} and returns its result, or gives up at {@code deadline}.
   *
   * @param operation names the call in messages ({@code DynamoDB GetItem})
   * @param deadline a {@link System#nanoTime} value
   * @throws SourceException "timed out" at the deadline; "not sent" when {@code maxRunning} calls
   *     are still running; whatever the call threw, unchanged, when it threw a runtime exception
   */
  <T> T call(String operation, long deadline, Supplier<T> call) {
    if (!running.tryAcquire()) {
      throw new SourceException(
          operation + " not sent: " + maxRunning + " earlier calls are still waiting for an answer",
          null);
    }
    Call<T> handed = new Call<>(call, Thread.currentThread());
    boolean handedOver;
    try {
      handedOver = handOver(handed, deadline);
    } catch (InterruptedException e) {
      running.release();
      Thread.currentThread().interrupt();
      throw new SourceException(operation + " was interrupted", null);
    } catch (RuntimeException | Error e) { // the JVM could not start a thread: nothing runs
      running.release();
      throw new SourceException(operation + " not sent: no worker thread could be started", null);
    }
    if (!handedOver) {
      running.release();
      throw new SourceException(operation + " timed out", null);
    }
    while (!handed.done) {
      if (Thread.currentThread().isInterrupted()) {
        giveUp(handed);
        throw new SourceException(operation + " was interrupted", null);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        giveUp(handed);
        throw new SourceException(operation + " timed out", null);
      }
      LockSupport.parkNanos(this, left);
    }
    return handed.outcome(operation);
  }

  /**
   * Gives the call to the worker that went idle last, or to a new one while fewer than {@code
   * maxRunning} exist. All of them busy can only mean that one is passing over a call given up
   * before it started (the caller holds a permit, so at most {@code maxRunning - 1} calls run): it
   * is idle again in a moment, and this waits for it, at most until the deadline.
   *
   * @return false when no worker was free by the deadline
   */
  private boolean handOver(Call<?> handed, long deadline) throws InterruptedException {
    Worker worker;
    synchronized (idle) {
      while ((worker = idle.pollFirst()) == null && threads >= maxRunning) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      if (worker == null) {
        threads++;
      }
    }
    if (worker != null) {
      worker.next = handed;
      LockSupport.unpark(worker);
      return true;
    }
    Worker started = null;
    try {
      started = new Worker(this, handed, named.incrementAndGet());
      started.start();
    } catch (RuntimeException | Error e) {
      ended(started);
      throw e;
    }
    return true;
  }

  /**
   * On the caller: the call is abandoned. One not started yet never starts, and its permit is free
   * again.
   */
  private void giveUp(Call<?> handed) {
    if (handed.giveUp()) {
      running.release();
    }
  }

  /** A worker is idle again: on top of the stack, and a caller waiting for one is told. */
  private void idle(Worker worker) {
    synchronized (idle) {
      idle.addFirst(worker);
      idle.notify();
    }
  }

  /** A worker thread ended (or never started): a caller waiting for one may start another. */
  private void ended(Worker worker) {
    synchronized (idle) {
      if (worker != null) {
        idle.remove(worker); // if it failed after going idle, no call is handed to it any more
      }
      threads--;
      idle.notify();
    }
  }

  /**
   * Whether the call the current thread runs was given up by its caller. A worker reading an answer
   * checks it at every read ({@link StopWhenAbandoned}), so a body that keeps coming (a trickle, an
   * endless {@code Content-Length}) stops costing CPU at once; the SDK may clear the thread's
   * interrupt flag, so the flag is not relied on.
   */
  static boolean abandoned() {
    return Thread.currentThread() instanceof Worker worker && worker.abandoned();
  }

  /** Calls running now, abandoned ones included. */
  int running() {
    return maxRunning - running.availablePermits();
  }

  /** Worker threads alive now, idle ones included (for tests). */
  int threads() {
    synchronized (idle) {
      return threads;
    }
  }

  /** One call and its outcome, shared by the caller and the worker that runs it. */
  private static final class Call<T> {
    private final Supplier<T> body;

    /** Set by the caller when it gives up; read by the worker at each read of the answer. */
    private volatile boolean abandoned;

    /**
     * Whoever sets this first decides whether the call runs: the worker when it starts it, or the
     * caller when it gave up before that (the call is then never sent).
     */
    private final AtomicBoolean claimed = new AtomicBoolean();

    /** The caller while it waits; null once it gave up, so it is not woken for nothing later. */
    private volatile Thread waiter;

    /**
     * The worker while it runs the call. Guarded by this, so a late interrupt never hits its next
     * call.
     */
    private Thread runner;

    private T value;
    private Throwable failure;

    /** Written last by the worker: value and failure are visible once it is true. */
    private volatile boolean done;

    Call(Supplier<T> body, Thread waiter) {
      this.body = body;
      this.waiter = waiter;
    }

    /**
     * On the worker: runs the call unless its caller gave up before it started.
     *
     * @return whether it ran (and so held its permit until now)
     */
    boolean run(Thread worker) {
      if (!claimed.compareAndSet(false, true)) {
        return false;
      }
      synchronized (this) {
        runner = worker;
      }
      try {
        value = body.get();
      } catch (Throwable e) {
        failure = e;
      } finally {
        synchronized (this) {
          runner = null;
        }
        Thread.interrupted(); // the caller that gave up interrupted this call, not the next one
      }
      return true;
    }

    /** On the worker, once it is idle again and gave back the permit: wakes the caller. */
    void finish() {
      done = true;
      Thread caller = waiter;
      if (caller != null) {
        LockSupport.unpark(caller);
      }
    }

    /**
     * On the caller: marks the call abandoned and interrupts it if it runs.
     *
     * @return true when it had not started, so it never will
     */
    boolean giveUp() {
      waiter = null;
      abandoned = true;
      if (claimed.compareAndSet(false, true)) {
        return true;
      }
      synchronized (this) {
        if (runner != null) {
          runner.interrupt();
        }
      }
      return false;
    }

    T outcome(String operation) {
      if (failure == null) {
        return value;
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw new SourceException(
          operation + " failed in the client: " + failure.getClass().getSimpleName(), null);
    }
  }

  /** A daemon thread that runs the calls handed to it, one at a time, until it idles too long. */
  private static final class Worker extends Thread {
    private final DeadlineCalls pool;

    /** The next call, set by the caller that took this worker off the idle stack. */
    private volatile Call<?> next;

    /** The call it runs now; null between calls. */
    private volatile Call<?> current;

    Worker(DeadlineCalls pool, Call<?> first, int number) {
      super("dynamodb-call-" + number);
      setDaemon(true); // an abandoned call never keeps the JVM (the CLI) alive
      this.pool = pool;
      this.next = first;
    }

    boolean abandoned() {
      Call<?> call = current;
      return call != null && call.abandoned;
    }

    @Override
    public void run() {
      boolean counted = true;
      try {
        for (Call<?> call = next; call != null; call = awaitNext()) {
          next = null;
          current = call;
          boolean ran = call.run(this);
          current = null;
          // Idle again before the permit goes back and before the caller wakes: its next call
          // finds this worker on top of the stack and a free permit.
          pool.idle(this);
          if (ran) {
            pool.running.release();
          }
          call.finish();
        }
        counted = false; // awaitNext took it off the count
      } finally {
        if (counted) {
          pool.ended(this);
        }
      }
    }

    /**
     * The next call, or null when none came for {@link #IDLE_SECONDS} s (this worker then ends).
     */
    private Call<?> awaitNext() {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
      while (true) {
        Call<?> call = next;
        if (call != null) {
          return call;
        }
        long left = until - System.nanoTime();
        if (left <= 0) {
          synchronized (pool.idle) {
            if (next == null && pool.idle.remove(this)) {
              pool.threads--;
              pool.idle.notify();
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
