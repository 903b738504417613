package io.github.claimsmapper.lambda;

import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.source.DeadlineExecutor;
import io.github.claimsmapper.source.DeadlineLane;
import io.github.claimsmapper.summary.SummaryWord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.crac.Context;
import org.crac.Resource;

/**
 * The mapping that serves sign-ins, read from an AWS AppConfig profile through the Lambda extension
 * and re-checked on the invocation path at most once per refresh interval.
 *
 * <p>Guarantees: a version is compiled once, on a worker thread: the invocation that found it waits
 * for it at most what is left of its check (and of its own deadline), then goes on with the mapping
 * held, and the compilation goes on beside the sign-ins; the invocation that next asks reports its
 * outcome. A version that does not compile, whatever it throws ({@link StackOverflowError}
 * included), never serves a sign-in: its diagnostics are logged once at ERROR, it is remembered
 * among the last {@value #REMEMBERED_REJECTIONS} refused versions (so versions deployed in turn are
 * each compiled and logged once), and every later check that still finds it reports {@link
 * Refresh#REJECTED} for the metric. The extension being slow, down or answering errors never denies
 * a sign-in while a good mapping is held (each check costs at most its timeout, and after a failure
 * the next check waits at least {@link #FAILURE_BACKOFF}). All state is one immutable value swapped
 * whole, so an invocation sees the old or the new mapping whole. After a SnapStart restore the next
 * invocation checks before it is served.
 */
final class LiveMapping implements MappingSource, Resource {
  /** After a failed check, the least wait before the next one, whatever the refresh interval. */
  static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

  /** How many refused versions are remembered, so none of them is compiled twice. */
  static final int REMEMBERED_REJECTIONS = 16;

  /** What the check of one invocation did. */
  enum Refresh implements SummaryWord {
    /** No check: the refresh interval has not passed (or another invocation is checking). */
    NOT_DUE,
    /** The extension serves the version held. */
    UNCHANGED,
    /** A new version compiled and serves from this invocation on. */
    SWAPPED,
    /** The extension serves a version that does not compile: the last good one served. */
    REJECTED,
    /** The extension could not be read: the mapping held served. */
    FAILED,
    /** A new version is still being compiled: the mapping held served meanwhile. */
    COMPILING
  }

  /** Compiles a mapping's text; {@code name} is the file name its diagnostics carry. */
  @FunctionalInterface
  interface Compiler {
    MappingPlan compile(String name, String text) throws ConfigException;
  }

  /**
   * The mapping serving now.
   *
   * @param version AppConfig's {@code Configuration-Version}, or {@code unversioned}
   * @param plan its compiled plan
   * @param mapper the façade over it
   * @param key what identifies its content ({@link AppConfigClient.Content#key})
   */
  record Active(String version, MappingPlan plan, ClaimsMapper mapper, String key) {}

  /** What serves one invocation, and what its check did. */
  record Served(Active active, Refresh refresh) {}

  private final AppConfigClient client;
  private final AppConfigProfile profile;
  private final Duration interval;
  private final Duration timeout;
  private final Compiler compiler;
  private final Function<MappingPlan, ClaimsMapper> mappers;
  private final Log log;
  private final LongSupplier clock;

  /**
   * The state ({@link LiveState#compiling}) lets one compilation run at a time, and so does the
   * lane: its place is given back before anyone learns the compilation's outcome ({@link
   * DeadlineExecutor#start}), so a sign-in that saw one version refused finds the lane free for the
   * next.
   */
  private final DeadlineLane compilations = DeadlineExecutor.shared().lane("compile", 1, 1, 1);

  private final AtomicInteger compiled = new AtomicInteger();
  private final AtomicReference<LiveState> state = new AtomicReference<>(LiveState.INITIAL);

  /** The compilation running in the background, for the invocation that waits on it. */
  private volatile CompletableFuture<Refresh> background = CompletableFuture.completedFuture(null);

  /**
   * @param client reads the profile the mapping comes from
   * @param interval the least time between two checks on the invocation path
   * @param timeout the most one check on the invocation path may take
   * @param mappers builds the façade of each compiled version
   * @param clock {@link System#nanoTime()} in production
   */
  LiveMapping(
      AppConfigClient client,
      Duration interval,
      Duration timeout,
      Compiler compiler,
      Function<MappingPlan, ClaimsMapper> mappers,
      Log log,
      LongSupplier clock) {
    this.client = client;
    this.profile = client.profile();
    this.interval = interval;
    this.timeout = timeout;
    this.compiler = compiler;
    this.mappers = mappers;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Reads and compiles the mapping at init, on the calling thread.
   *
   * @param required whether the function may not start without it (the real mapping) or goes on
   *     without it until a valid version is read (a shadow)
   * @throws IllegalStateException when the extension cannot be read or the mapping does not compile
   *     (whatever the compiler threw), saying what happens next
   */
  Active start(Duration initTimeout, boolean required) {
    String next =
        required
            ? "the function will not start"
            : "sign-ins are compared with no shadow until a valid version is read";
    AppConfigClient.Answer answer;
    try {
      answer = client.fetch(null, initTimeout);
    } catch (AppConfigClient.Unavailable e) {
      long backoff = Math.max(interval.toNanos(), FAILURE_BACKOFF.toNanos());
      update(s -> s.checks(false, clock.getAsLong() + backoff, s.down()));
      throw new IllegalStateException(
          "the claims mapping cannot be read: " + e.getMessage() + ": " + next);
    }
    AppConfigClient.Content content = (AppConfigClient.Content) answer;
    String version = content.version().orElse("unversioned");
    String key = content.key();
    long nextCheck = clock.getAsLong() + interval.toNanos();
    try {
      Active first = compile(content, version);
      update(s -> s.with(first, null, null).checks(false, nextCheck, false));
      log.write(Log.Level.INFO, version(version) + " serves sign-ins");
      return first;
    } catch (ConfigException e) {
      update(s -> s.rejecting(key, REMEMBERED_REJECTIONS, null).checks(false, nextCheck, false));
      log.problems(e.diagnostics());
      throw new IllegalStateException(
          "the claims mapping is invalid, " + next + ":\n" + e.getMessage());
    } catch (Throwable e) {
      update(s -> s.rejecting(key, REMEMBERED_REJECTIONS, null).checks(false, nextCheck, false));
      throw new IllegalStateException(
          "the claims mapping "
              + version(version)
              + " could not be compiled ("
              + e.getClass().getSimpleName()
              + "), "
              + next);
    }
  }

  /** The mapping held now, without a check (null before {@link #start}). */
  Active active() {
    return state.get().active();
  }

  /** How many versions were compiled, good or bad, since init. */
  int compilations() {
    return compiled.get();
  }

  @Override
  public Serving serve(Deadline deadline) {
    Served served = served(deadline);
    Active active = served.active();
    return new Serving(
        active == null ? null : active.mapper(),
        new MappingStatus(active == null ? null : active.version(), served.refresh(), null));
  }

  /** As {@link #serve}, within {@code timeLeft} (null: the check timeout alone). */
  Served current(Duration timeLeft) {
    return served(Deadline.in(timeLeft));
  }

  /**
   * The mapping for one invocation, after checking the extension when a check is due. A check takes
   * at most the check timeout and never more than is left of {@code deadline}. Never throws.
   */
  private Served served(Deadline deadline) {
    LiveState seen = state.get();
    if (seen.news() != null
        && state.compareAndSet(seen, seen.with(seen.active(), seen.compiling(), null))) {
      return new Served(seen.active(), seen.news()); // a background compilation's outcome, once
    }
    long now = clock.getAsLong();
    Duration budget = deadline.left(timeout);
    if (seen.checking()
        || (!seen.checkNow() && now - seen.nextCheck() < 0)
        || budget.isZero()
        || !state.compareAndSet(seen, seen.checks(true, now + interval.toNanos(), seen.down()))) {
      return new Served(seen.active(), Refresh.NOT_DUE);
    }
    long checkDeadline = System.nanoTime() + budget.toNanos();
    Refresh refresh = Refresh.FAILED;
    try {
      refresh = check(seen.active(), budget, checkDeadline, now);
    } catch (Throwable e) {
      // a check never fails the sign-in it runs in: whatever went wrong, the held mapping serves
      failed(now, "the check of " + profile + " failed (" + e.getClass().getSimpleName() + ")");
    } finally {
      update(LiveState::checked);
    }
    return new Served(state.get().active(), refresh);
  }

  private Refresh check(Active held, Duration budget, long checkDeadline, long now) {
    AppConfigClient.Answer answer;
    try {
      answer = client.fetch(held == null ? null : held.version(), budget);
    } catch (AppConfigClient.Unavailable e) {
      return failed(now, e.getMessage());
    } catch (RuntimeException e) {
      return failed(
          now,
          "the AppConfig extension could not be read for "
              + profile
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (state.getAndUpdate(s -> s.checks(true, s.nextCheck(), false)).down()) {
      log.write(Log.Level.INFO, "the AppConfig extension answers again for " + profile);
    }
    if (answer instanceof AppConfigClient.Unchanged) {
      return Refresh.UNCHANGED;
    }
    AppConfigClient.Content content = (AppConfigClient.Content) answer;
    String key = content.key();
    LiveState seen = state.get();
    if (held != null && key.equals(held.key())) {
      return Refresh.UNCHANGED;
    }
    if (seen.rejected().contains(key)) {
      return Refresh.REJECTED;
    }
    if (seen.compiling() == null) {
      if (!startCompiling(content, key)) {
        return Refresh.COMPILING;
      }
    } else if (!seen.compiling().equals(key)) {
      return Refresh.COMPILING; // another version is still compiling: it is checked next time
    }
    try {
      background.get(Math.max(0, checkDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException
        | ExecutionException e) { // it completes with its outcome, never fails
      return Refresh.COMPILING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Refresh.COMPILING;
    }
    LiveState done = state.get();
    if (done.news() != null
        && state.compareAndSet(done, done.with(done.active(), done.compiling(), null))) {
      return done.news();
    }
    return Refresh.UNCHANGED; // another invocation reported it already
  }

  /** Starts compiling {@code content} on a worker; false when that cannot start now. */
  private boolean startCompiling(AppConfigClient.Content content, String key) {
    LiveState seen = state.get();
    if (seen.compiling() != null
        || !state.compareAndSet(seen, seen.with(seen.active(), key, seen.news()))) {
      return false;
    }
    String version = content.version().orElse("unversioned");
    try {
      background =
          DeadlineExecutor.shared()
              .start(compilations, key, () -> compileInBackground(content, version, key));
      return true;
    } catch (DeadlineExecutor.NotAnswered refused) {
      update(s -> s.with(s.active(), null, s.news()));
      return false;
    }
  }

  /** On a worker: compiles, swaps or refuses, logs, and leaves the outcome as news. */
  private Refresh compileInBackground(AppConfigClient.Content content, String version, String key) {
    try {
      Active next = compile(content, version);
      Active held = update(s -> s.with(next, null, Refresh.SWAPPED)).active();
      log.write(Log.Level.INFO, version(version) + " serves sign-ins (was " + describe(held) + ")");
      return Refresh.SWAPPED;
    } catch (ConfigException e) {
      Active held = update(s -> s.rejecting(key, REMEMBERED_REJECTIONS, Refresh.REJECTED)).active();
      e.diagnostics().forEach(d -> log.write(Log.Level.ERROR, d.format()));
      log.write(
          Log.Level.ERROR,
          version(version)
              + " is refused ("
              + count(e)
              + "): "
              + describe(held)
              + " keeps serving sign-ins");
      return Refresh.REJECTED;
    } catch (Throwable e) {
      // whatever else the compiler throws (a bug, a StackOverflowError from deep nesting) refuses
      // the version in the same way; the class name only, as messages may quote the mapping
      Active held = update(s -> s.rejecting(key, REMEMBERED_REJECTIONS, Refresh.REJECTED)).active();
      log.write(
          Log.Level.ERROR,
          version(version)
              + " could not be compiled ("
              + e.getClass().getSimpleName()
              + "): "
              + describe(held)
              + " keeps serving sign-ins");
      return Refresh.REJECTED;
    }
  }

  /** Updates the state and returns the value it replaced. */
  private LiveState update(UnaryOperator<LiveState> change) {
    return state.getAndUpdate(change);
  }

  private Refresh failed(long now, String reason) {
    long backoff = now + Math.max(interval.toNanos(), FAILURE_BACKOFF.toNanos());
    LiveState before = update(s -> s.checks(true, backoff, true));
    if (!before.down()) {
      log.write(
          Log.Level.WARN, reason + ": serving " + describe(before.active()) + " until it answers");
    }
    return Refresh.FAILED;
  }

  private Active compile(AppConfigClient.Content content, String version) throws ConfigException {
    compiled.incrementAndGet();
    MappingPlan plan = compiler.compile(profile + "@" + version, content.text());
    return new Active(version, plan, mappers.apply(plan), content.key());
  }

  private static String describe(Active held) {
    return held == null ? "no version" : "version " + held.version();
  }

  private static String count(ConfigException e) {
    long errors =
        e.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
    return errors == 1 ? "1 problem" : errors + " problems";
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    // nothing to close: each check opens its own loopback connection
  }

  /** A snapshot may be days old: the first invocation after a restore checks the extension. */
  @Override
  public void afterRestore(Context<? extends Resource> context) {
    update(LiveState::checkNext);
  }

  /** A version of this profile, as log lines name it. */
  private String version(String version) {
    return "mapping " + profile + " version " + version;
  }
}
