package io.github.claimsmapper.source;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * SourceException}, which the source's {@code onError} handles) rather than pile up threads
 * behind a stalled server. Thread-safe.
 */
final class DeadlineCalls {

  /** On a worker thread: whether the caller gave up on the call it runs. */
  private static final ThreadLocal<AtomicBoolean> ABANDONED = new ThreadLocal<>();

  private final Semaphore running;
  private final int maxRunning;
  private final ThreadPoolExecutor workers;

  /** @param maxRunning the most calls running at once, abandoned ones included */
  DeadlineCalls(int maxRunning) {
    if (maxRunning < 1) {
      throw new IllegalArgumentException("maxRunning must be at least 1, was " + maxRunning);
    }
    this.maxRunning = maxRunning;
    this.running = new Semaphore(maxRunning);
    AtomicInteger count = new AtomicInteger();
    // As many threads as permits, and a queue: a call holding a permit never waits long for a
    // thread, because a thread not holding a permit is only finishing (it released it just now)
    // or skipping a call given up before it started. A SynchronousQueue would refuse such a call.
    this.workers = new ThreadPoolExecutor(maxRunning, maxRunning, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        task -> {
          Thread thread = new Thread(task, "dynamodb-call-" + count.incrementAndGet());
          thread.setDaemon(true); // an abandoned call never keeps the JVM (the CLI) alive
          return thread;
        });
    this.workers.allowCoreThreadTimeOut(true);
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
      throw new SourceException(operation + " not sent: " + maxRunning + " earlier calls are still waiting for an answer", null);
    }
    AtomicBoolean abandoned = new AtomicBoolean();
    // Whoever sets this first releases the permit: the worker when it runs the call, or the
    // caller when it gives up before the worker started (a cancelled task never runs, so its
    // finally would never release it, and the permit would be lost for good).
    AtomicBoolean claimed = new AtomicBoolean();
    Future<T> future;
    try {
      future = workers.submit(() -> {
        if (!claimed.compareAndSet(false, true)) {
          return null; // given up before it started
        }
        ABANDONED.set(abandoned);
        try {
          return call.get();
        } finally {
          ABANDONED.remove();
          running.release();
        }
      });
    } catch (RejectedExecutionException e) { // only after shutdown, which never happens
      running.release();
      throw new SourceException(operation + " not sent: no worker thread is free", null);
    }
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      giveUp(abandoned, claimed, future);
      throw new SourceException(operation + " timed out", null);
    } catch (InterruptedException e) {
      giveUp(abandoned, claimed, future);
      Thread.currentThread().interrupt();
      throw new SourceException(operation + " was interrupted", null);
    } catch (CancellationException e) {
      throw new SourceException(operation + " was interrupted", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SourceException(operation + " failed in the client: " + cause.getClass().getSimpleName(), null);
    }
  }

  private void giveUp(AtomicBoolean abandoned, AtomicBoolean claimed, Future<?> future) {
    abandoned.set(true);
    if (claimed.compareAndSet(false, true)) {
      running.release(); // the worker never started it
    }
    future.cancel(true);
  }

  /**
   * Whether the call the current thread runs was given up by its caller. A worker reading an
   * answer checks it at every read ({@link StopWhenAbandoned}), so a body that keeps coming (a
   * trickle, an endless {@code Content-Length}) stops costing CPU at once; the SDK may clear the
   * thread's interrupt flag, so the flag is not relied on.
   */
  static boolean abandoned() {
    AtomicBoolean flag = ABANDONED.get();
    return flag != null && flag.get();
  }

  /** Calls running now, abandoned ones included. */
  int running() {
    return maxRunning - running.availablePermits();
  }
}
