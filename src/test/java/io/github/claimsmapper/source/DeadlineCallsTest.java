package io.github.claimsmapper.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The deadline seam: calls that block past their deadline, without a network. */
class DeadlineCallsTest {

  /** A loaded 2-core machine can delay a wake-up by a few hundred ms; the idle figure is ~1 ms. */
  static final Duration MARGIN = Duration.ofMillis(400);

  static long in(Duration duration) {
    return System.nanoTime() + duration.toNanos();
  }

  /** Blocks, ignoring interrupts (as a read on a socket does), until released. */
  static String stuck(CountDownLatch release) {
    boolean interrupted = false;
    while (true) {
      try {
        release.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return "late";
  }

  @Test
  void aCallThatIgnoresInterruptsIsGivenUpAtTheDeadline() {
    DeadlineCalls calls = new DeadlineCalls(4);
    CountDownLatch release = new CountDownLatch(1);
    try {
      long start = System.nanoTime();
      SourceException e =
          assertThrows(
              SourceException.class,
              () ->
                  calls.call("DynamoDB GetItem", in(Duration.ofMillis(100)), () -> stuck(release)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals("DynamoDB GetItem timed out", e.getMessage());
      assertTrue(took.compareTo(Duration.ofMillis(95)) >= 0, "took " + took);
      assertTrue(took.compareTo(Duration.ofMillis(100).plus(MARGIN)) < 0, "took " + took);
      assertEquals(1, calls.running(), "the abandoned call still runs");
    } finally {
      release.countDown();
    }
  }

  @Test
  void theWorkerLearnsItWasAbandoned() throws InterruptedException {
    DeadlineCalls calls = new DeadlineCalls(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch seen = new CountDownLatch(1);
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean before = new AtomicBoolean(true);
    AtomicBoolean after = new AtomicBoolean();
    abandonOnceStarted(
        calls,
        started,
        () -> {
          before.set(DeadlineCalls.abandoned());
          stuck(release);
          after.set(DeadlineCalls.abandoned());
          seen.countDown();
          return null;
        });
    release.countDown();
    assertTrue(seen.await(5, TimeUnit.SECONDS));
    assertFalse(before.get(), "not abandoned while the caller waits");
    assertTrue(after.get(), "abandoned once the caller gave up");
    assertFalse(DeadlineCalls.abandoned(), "the caller's own thread is never abandoned");
  }

  @Test
  void abandonedCallsCannotPileUp() throws InterruptedException {
    DeadlineCalls calls = new DeadlineCalls(2);
    CountDownLatch release = new CountDownLatch(1);
    // a call given up before its worker started gives its place back, so try until two are stuck
    for (int i = 0; calls.running() < 2 && i < 100; i++) {
      assertThrows(
          SourceException.class,
          () -> calls.call("op", in(Duration.ofMillis(50)), () -> stuck(release)));
    }
    assertEquals(2, calls.running());

    long start = System.nanoTime();
    SourceException refused =
        assertThrows(
            SourceException.class,
            () -> calls.call("DynamoDB GetItem", in(Duration.ofSeconds(5)), () -> "not run"));
    assertEquals(
        "DynamoDB GetItem not sent: 2 earlier calls are still waiting for an answer",
        refused.getMessage());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).compareTo(MARGIN) < 0, "refused at once");

    release.countDown();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (calls.running() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(
        "fine", calls.call("op", in(Duration.ofSeconds(5)), () -> "fine"), "calls work again");
  }

  @Test
  void answersAndFailuresPassThrough() {
    DeadlineCalls calls = new DeadlineCalls(1);
    assertEquals("item", calls.call("op", in(Duration.ofSeconds(5)), () -> "item"));
    IllegalStateException failure = new IllegalStateException("boom");
    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () ->
                calls.call(
                    "op",
                    in(Duration.ofSeconds(5)),
                    () -> {
                      throw failure;
                    })));
    assertEquals(0, calls.running());
  }

  @Test
  void aDeadlineAlreadyPastGivesUpAtOnce() {
    DeadlineCalls calls = new DeadlineCalls(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      SourceException e =
          assertThrows(
              SourceException.class,
              () -> calls.call("op", System.nanoTime() - 1, () -> stuck(release)));
      assertEquals("op timed out", e.getMessage());
    } finally {
      release.countDown();
    }
  }

  /**
   * A call given up before its worker started is never run, so the worker cannot release its
   * permit: the caller must. (Found on JDK 25 under load: the permits leaked until every call was
   * refused.)
   */
  @Test
  void callsGivenUpBeforeTheyStartDoNotKeepTheirPlace() throws InterruptedException {
    DeadlineCalls calls = new DeadlineCalls(2);
    for (int i = 0; i < 50; i++) {
      try {
        calls.call("op", System.nanoTime() - 1, () -> "too late");
      } catch (SourceException timedOut) {
        // mostly given up before the worker ran it; sometimes the worker was first
      }
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (calls.running() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(0, calls.running());
    assertEquals("fine", calls.call("op", in(Duration.ofSeconds(5)), () -> "fine"));
  }

  /**
   * A healthy source keeps one warm worker: each call goes to the worker that went idle last. A
   * pool that took turns woke the thread that last ran eight calls ago, and each warm sign-in paid
   * for it (docs/history/benchmarks.md, "the warm regression").
   */
  @Test
  void callsInARowRunOnTheWorkerThatWentIdleLast() {
    DeadlineCalls calls = new DeadlineCalls(8);
    Thread first = calls.call("op", in(Duration.ofSeconds(5)), Thread::currentThread);
    for (int i = 0; i < 20; i++) {
      assertSame(
          first, calls.call("op", in(Duration.ofSeconds(5)), Thread::currentThread), "call " + i);
    }
    assertEquals(1, calls.threads());
    assertTrue(first.isDaemon(), "an abandoned call never keeps the JVM alive");
    assertFalse(
        Thread.currentThread() == first, "the call runs on a worker, not on the caller's thread");
  }

  /**
   * The interrupt a caller sends when it gives up is meant for its call, not the worker's next one.
   */
  @Test
  void theNextCallOnAWorkerIsNotInterruptedForAnEarlierOne() throws InterruptedException {
    DeadlineCalls calls = new DeadlineCalls(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean started = new AtomicBoolean();
    abandonOnceStarted(calls, started, () -> stuck(release)); // keeps the interrupt flag it got
    assertTrue(started.get());
    release.countDown();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (calls.running() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertFalse(
        calls.call("op", in(Duration.ofSeconds(5)), () -> Thread.currentThread().isInterrupted()));
  }

  /** Never more worker threads than calls allowed at once, however the calls ended. */
  @Test
  void workersNeverOutnumberTheCallsAllowed() throws InterruptedException {
    DeadlineCalls calls = new DeadlineCalls(3);
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (int i = 0; i < 200; i++) {
        boolean stalls = i % 7 == 0;
        try {
          calls.call(
              "op",
              i % 2 == 0 ? System.nanoTime() - 1 : in(Duration.ofMillis(1)),
              () -> stalls ? stuck(release) : "fine");
        } catch (SourceException givenUpOrRefused) {
          // timed out, or refused while three are stuck
        }
        assertTrue(calls.threads() <= 3, "threads: " + calls.threads());
      }
    } finally {
      release.countDown();
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (calls.running() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertTrue(calls.threads() <= 3, "threads: " + calls.threads());
    assertEquals("fine", calls.call("op", in(Duration.ofSeconds(5)), () -> "fine"));
  }

  /**
   * Calls {@code body} with a 50 ms deadline until one call started before its caller gave up (a
   * call given up before its worker started never runs), so the started one is abandoned.
   */
  private static void abandonOnceStarted(
      DeadlineCalls calls, AtomicBoolean started, Supplier<Object> body) {
    for (int i = 0; !started.get() && i < 100; i++) {
      assertThrows(
          SourceException.class,
          () ->
              calls.call(
                  "op",
                  in(Duration.ofMillis(50)),
                  () -> {
                    started.set(true);
                    return body.get();
                  }));
    }
  }
}
