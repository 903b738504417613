package io.github.claimsmapper.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.source.DeadlineExecutor.Failure;
import io.github.claimsmapper.source.DeadlineExecutor.NotAnswered;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The deadline seam: calls that block past their deadline, without a network. */
class DeadlineExecutorTest {

  /** A loaded 2-core machine can delay a wake-up by a few hundred ms; the idle figure is ~1 ms. */
  static final Duration MARGIN = Duration.ofMillis(400);

  final DeadlineExecutor executor = new DeadlineExecutor("test-call");

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

  static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertTrue(condition.getAsBoolean(), "not within 5 s");
  }

  /** A call on {@code key} is refused before it is sent, for {@code failure}. */
  void assertCallRefused(DeadlineLane lane, Object key, Failure failure, String message) {
    NotAnswered refused =
        assertThrows(
            NotAnswered.class,
            () -> executor.call(lane, key, in(Duration.ofSeconds(5)), () -> "not run"));
    assertEquals(failure, refused.failure());
    assertEquals(message, refused.getMessage());
  }

  /** A call on {@code key} is sent and answered. */
  void assertAnswers(DeadlineLane lane, Object key) {
    assertEquals("fine", executor.call(lane, key, in(Duration.ofSeconds(5)), () -> "fine"));
  }

  @Test
  void aCallThatIgnoresInterruptsIsGivenUpAtTheDeadline() {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 4, 4);
    CountDownLatch release = new CountDownLatch(1);
    try {
      long start = System.nanoTime();
      NotAnswered e =
          assertThrows(
              NotAnswered.class,
              () -> executor.call(lane, "k", in(Duration.ofMillis(100)), () -> stuck(release)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals("timed out", e.getMessage());
      assertEquals(Failure.TIMED_OUT, e.failure());
      assertTrue(took.compareTo(Duration.ofMillis(95)) >= 0, "took " + took);
      assertTrue(took.compareTo(Duration.ofMillis(100).plus(MARGIN)) < 0, "took " + took);
      assertEquals(1, lane.running(), "the abandoned call still runs");
      assertEquals(1, lane.abandoned());
    } finally {
      release.countDown();
    }
  }

  @Test
  void theWorkerLearnsItWasAbandoned() throws InterruptedException {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch seen = new CountDownLatch(1);
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean before = new AtomicBoolean(true);
    AtomicBoolean after = new AtomicBoolean();
    abandonOnceStarted(
        lane,
        started,
        () -> {
          before.set(DeadlineExecutor.abandoned());
          stuck(release);
          after.set(DeadlineExecutor.abandoned());
          seen.countDown();
          return null;
        });
    release.countDown();
    assertTrue(seen.await(5, TimeUnit.SECONDS));
    assertFalse(before.get(), "not abandoned while the caller waits");
    assertTrue(after.get(), "abandoned once the caller gave up");
    assertFalse(DeadlineExecutor.abandoned(), "the caller's own thread is never abandoned");
  }

  /**
   * Several invocations share one JVM: as many healthy calls run at once as callers wait, whatever
   * the bound on abandoned ones (a bound on calls in flight denied half of 16 concurrent sign-ins).
   */
  @Test
  void healthyCallsAreNeverRefusedHoweverManyRunAtOnce() throws Exception {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 2, 2);
    int callers = 32;
    CyclicBarrier allRunning = new CyclicBarrier(callers);
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String key = "user-" + i;
        answers.add(
            threads.submit(
                () ->
                    executor.call(
                        lane,
                        key,
                        in(Duration.ofSeconds(20)),
                        () -> {
                          try {
                            allRunning.await(10, TimeUnit.SECONDS); // all 32 at once, or it fails
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                          return "fine";
                        })));
      }
      for (Future<String> answer : answers) {
        assertEquals("fine", answer.get(30, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    await(() -> lane.running() == 0);
  }

  /** One stalled key holds its own calls back, never another key's. */
  @Test
  void aStalledKeyIsRefusedAtOnceAndOtherKeysGoOn() throws InterruptedException {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 8, 1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      abandonOnceStarted(lane, "slow-user", new AtomicBoolean(), () -> stuck(release));
      assertEquals(1, lane.abandoned());
      long start = System.nanoTime();
      assertCallRefused(
          lane,
          "slow-user",
          Failure.KEY_STALLED,
          "not sent: 1 earlier calls for the same key are still waiting for an answer");
      assertTrue(
          Duration.ofNanos(System.nanoTime() - start).compareTo(MARGIN) < 0, "refused at once");
      for (int i = 0; i < 20; i++) {
        assertAnswers(lane, "user-" + i);
      }
    } finally {
      release.countDown();
    }
    await(() -> lane.abandoned() == 0);
    assertAnswers(lane, "slow-user");
  }

  /** A store that stalls for everyone cannot pile up threads: the lane refuses every call. */
  @Test
  void abandonedCallsBeyondTheBoundStopTheLaneNotAnotherLane() throws InterruptedException {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 2, 2);
    DeadlineLane other = executor.lane("shadow", Integer.MAX_VALUE, 2, 2);
    CountDownLatch release = new CountDownLatch(1);
    try {
      abandonOnceStarted(lane, "a", new AtomicBoolean(), () -> stuck(release));
      abandonOnceStarted(lane, "b", new AtomicBoolean(), () -> stuck(release));
      assertEquals(2, lane.abandoned());
      assertCallRefused(
          lane,
          "c",
          Failure.LANE_FULL,
          "not sent: 2 earlier calls are still waiting for an answer");
      assertAnswers(other, "c");
    } finally {
      release.countDown();
    }
    await(() -> lane.running() == 0);
    assertAnswers(lane, "c");
  }

  /** The shadow's lane: a bound on calls at once, abandoned ones included; no queue. */
  @Test
  void aLaneWithABoundOnRunningCallsRefusesTheNextOne() throws InterruptedException {
    DeadlineLane lane = executor.lane("shadow", 1, 1, 1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      abandonOnceStarted(lane, new Object(), new AtomicBoolean(), () -> stuck(release));
      assertCallRefused(
          lane,
          new Object(),
          Failure.LANE_FULL,
          "not sent: 1 earlier shadow calls are still running");
      NotAnswered notStarted =
          assertThrows(
              NotAnswered.class, () -> executor.start(lane, new Object(), () -> "not run"));
      assertEquals(Failure.LANE_FULL, notStarted.failure(), "nor is work started beside it");
    } finally {
      release.countDown();
    }
    await(() -> lane.running() == 0);
  }

  @Test
  void workStartedWithoutACallerRunsToItsEndAndHoldsItsPlace() throws Exception {
    DeadlineLane lane = executor.lane("compile", 1, 1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> outcome = executor.start(lane, "v2", () -> stuck(release));
    assertEquals(1, lane.running());
    NotAnswered refused =
        assertThrows(NotAnswered.class, () -> executor.start(lane, "v3", () -> "not run"));
    assertEquals(Failure.LANE_FULL, refused.failure());
    release.countDown();
    assertEquals("late", outcome.get(5, TimeUnit.SECONDS));
    await(() -> lane.running() == 0);
  }

  /**
   * Whoever learns a started task's outcome may start the next at once: the lane of one place has
   * it back by then (the compile lane of a live mapping relies on it).
   */
  @Test
  void theOutcomeOfStartedWorkIsKnownOnlyOnceItsPlaceIsFree() throws Exception {
    DeadlineLane lane = executor.lane("compile", 1, 1, 1);
    for (int i = 0; i < 200; i++) {
      int round = i;
      assertEquals(round, executor.start(lane, "v" + i, () -> round).get(5, TimeUnit.SECONDS));
    }
    assertEquals(0, lane.running());
  }

  /**
   * Calls submitted together run together, each on its own worker, waited for with one deadline.
   */
  @Test
  void submittedCallsRunAtTheSameTime() {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 4, 4);
    CyclicBarrier both = new CyclicBarrier(2);
    Supplier<String> meet =
        () -> {
          try {
            both.await(5, TimeUnit.SECONDS); // only passes when the other call runs meanwhile
            return Thread.currentThread().getName();
          } catch (Exception e) {
            throw new IllegalStateException("the calls did not run at the same time", e);
          }
        };
    long deadline = in(Duration.ofSeconds(10));
    DeadlineCall<String> first = executor.submit(lane, "a", deadline, meet);
    DeadlineCall<String> second = executor.submit(lane, "b", deadline, meet);
    String one = first.await(deadline);
    String other = second.await(deadline);
    assertFalse(one.equals(other), "two workers");
    assertEquals(0, lane.abandoned());
  }

  /**
   * A submitted call its caller no longer wants holds its key's place until it ends, like one given
   * up at its deadline.
   */
  @Test
  void aSubmittedCallGivenUpIsAbandoned() throws InterruptedException {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 4, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    DeadlineCall<String> call =
        executor.submit(
            lane,
            "k",
            in(Duration.ofSeconds(10)),
            () -> {
              running.countDown();
              return stuck(release);
            });
    assertTrue(running.await(5, TimeUnit.SECONDS));
    call.abandon();
    call.abandon(); // once is enough
    assertEquals(1, lane.abandoned());
    NotAnswered refused =
        assertThrows(
            NotAnswered.class, () -> executor.call(lane, "k", in(Duration.ofSeconds(5)), () -> ""));
    assertEquals(Failure.KEY_STALLED, refused.failure());
    release.countDown();
    await(() -> lane.running() == 0 && lane.abandoned() == 0);
    DeadlineCall<String> answered =
        executor.submit(lane, "k", in(Duration.ofSeconds(5)), () -> "x");
    assertEquals("x", answered.await(in(Duration.ofSeconds(5))));
    answered.abandon(); // answered already: nothing
    assertEquals(0, lane.abandoned());
  }

  /** The shadow's own lookups, made on the shadow's worker, run there and not on a second one. */
  @Test
  void aCallMadeOnAWorkerRunsInline() {
    DeadlineLane outer = executor.lane("shadow", 1, 1, 1);
    DeadlineLane inner = executor.lane("lookups", 1, 1, 1);
    Thread[] threads = new Thread[2];
    executor.call(
        outer,
        "x",
        in(Duration.ofSeconds(5)),
        () -> {
          threads[0] = Thread.currentThread();
          threads[1] = executor.call(inner, "y", in(Duration.ofSeconds(5)), Thread::currentThread);
          return null;
        });
    assertSame(threads[0], threads[1]);
  }

  @Test
  void answersAndFailuresPassThrough() {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 1, 1);
    assertEquals("item", executor.call(lane, "k", in(Duration.ofSeconds(5)), () -> "item"));
    IllegalStateException failure = new IllegalStateException("boom");
    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () ->
                executor.call(
                    lane,
                    "k",
                    in(Duration.ofSeconds(5)),
                    () -> {
                      throw failure;
                    })));
    StackOverflowError deep = new StackOverflowError();
    assertSame(
        deep,
        assertThrows(
            StackOverflowError.class,
            () ->
                executor.call(
                    lane,
                    "k",
                    in(Duration.ofSeconds(5)),
                    () -> {
                      throw deep;
                    })));
    assertEquals(0, lane.running());
  }

  @Test
  void aDeadlineAlreadyPastGivesUpAtOnce() {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 1, 1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      NotAnswered e =
          assertThrows(
              NotAnswered.class,
              () -> executor.call(lane, "k", System.nanoTime() - 1, () -> stuck(release)));
      assertEquals("timed out", e.getMessage());
      assertEquals(0, lane.running());
    } finally {
      release.countDown();
    }
  }

  /** A call given up before its worker started is never run and gives its place back. */
  @Test
  void callsGivenUpBeforeTheyStartDoNotKeepTheirPlace() throws InterruptedException {
    DeadlineLane lane = executor.lane("lookups", 2, 2, 2);
    for (int i = 0; i < 50; i++) {
      try {
        executor.call(lane, "k" + i, in(Duration.ofNanos(1000)), () -> "too late");
      } catch (NotAnswered timedOut) {
        // mostly given up before the worker ran it; sometimes the worker was first
      }
    }
    await(() -> lane.running() == 0 && lane.abandoned() == 0);
    assertAnswers(lane, "k");
  }

  /**
   * A healthy source keeps one warm worker: each call goes to the worker that went idle last. A
   * pool that took turns woke the thread that last ran eight calls ago, and each warm sign-in paid
   * for it (docs/history/benchmarks.md, "the warm regression").
   */
  @Test
  void callsInARowRunOnTheWorkerThatWentIdleLast() {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 8, 8);
    Thread first = executor.call(lane, "k", in(Duration.ofSeconds(5)), Thread::currentThread);
    for (int i = 0; i < 20; i++) {
      assertSame(
          first,
          executor.call(lane, "k", in(Duration.ofSeconds(5)), Thread::currentThread),
          "call " + i);
    }
    assertEquals(1, executor.threads());
    assertTrue(first.isDaemon(), "an abandoned call never keeps the JVM alive");
    assertFalse(
        Thread.currentThread() == first, "the call runs on a worker, not on the caller's thread");
  }

  /**
   * The interrupt a caller sends when it gives up is meant for its call, not the worker's next one.
   */
  @Test
  void theNextCallOnAWorkerIsNotInterruptedForAnEarlierOne() throws InterruptedException {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 1, 1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean started = new AtomicBoolean();
    abandonOnceStarted(lane, started, () -> stuck(release)); // keeps the interrupt flag it got
    assertTrue(started.get());
    release.countDown();
    await(() -> lane.running() == 0);
    assertFalse(
        executor.call(
            lane, "k", in(Duration.ofSeconds(5)), () -> Thread.currentThread().isInterrupted()));
  }

  /** Threads follow what runs: calls one after another, some stalling, leave few threads. */
  @Test
  void threadsStayFewWhenCallsComeOneAfterAnother() throws InterruptedException {
    DeadlineLane lane = executor.lane("lookups", Integer.MAX_VALUE, 3, 3);
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (int i = 0; i < 200; i++) {
        boolean stalls = i % 7 == 0;
        try {
          executor.call(
              lane,
              "k" + (i % 5),
              i % 2 == 0 ? System.nanoTime() - 1 : in(Duration.ofMillis(1)),
              () -> stalls ? stuck(release) : "fine");
        } catch (NotAnswered givenUpOrRefused) {
          // timed out, or refused while keys are stalled
        }
        // at most 3 stalled keys' calls, 5 keys each with at most one, and the caller's own call
        assertTrue(executor.threads() <= 5, "threads: " + executor.threads());
      }
    } finally {
      release.countDown();
    }
    await(() -> lane.running() == 0);
    assertAnswers(lane, "k");
  }

  private void abandonOnceStarted(DeadlineLane lane, AtomicBoolean started, Supplier<Object> body) {
    abandonOnceStarted(lane, "k", started, body);
  }

  /**
   * Calls {@code body} with a 50 ms deadline until one call started before its caller gave up (a
   * call given up before its worker started never runs), so the started one is abandoned.
   */
  private void abandonOnceStarted(
      DeadlineLane lane, Object key, AtomicBoolean started, Supplier<Object> body) {
    for (int i = 0; !started.get() && i < 100; i++) {
      assertThrows(
          NotAnswered.class,
          () ->
              executor.call(
                  lane,
                  key,
                  in(Duration.ofMillis(50)),
                  () -> {
                    started.set(true);
                    return body.get();
                  }));
    }
    assertTrue(started.get());
  }
}
