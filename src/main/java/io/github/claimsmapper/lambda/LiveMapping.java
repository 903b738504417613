package io.github.claimsmapper.lambda;

import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SummaryWord;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.engine.MappingPlan;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.crac.Context;
import org.crac.Resource;

/**
 * The mapping that serves sign-ins, read from an AWS AppConfig profile through the Lambda extension
 * and re-checked on the invocation path at most once per refresh interval.
 *
 * <p>Guarantees: a version is compiled once; a version that does not compile never serves a sign-in
 * (the last good one stays, its diagnostics are logged once at ERROR, and every later check that
 * still finds it reports {@link Refresh#REJECTED} for the metric); the extension being slow, down
 * or answering errors never denies a sign-in while a good mapping is held (each check costs at most
 * its timeout, and after a failure the next check waits at least {@link #FAILURE_BACKOFF}); the
 * swap is one volatile write, so an invocation sees the old or the new mapping whole. After a
 * SnapStart restore the next invocation checks before it is served.
 */
final class LiveMapping implements Resource {
  /** After a failed check, the least wait before the next one, whatever the refresh interval. */
  static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

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
    FAILED
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
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile Active active;
  private volatile long nextCheck;
  private volatile boolean checkNow;
  private String rejectedKey;
  private boolean down;
  private int compilations;

  /**
   * @param interval the least time between two checks on the invocation path
   * @param timeout the most one check on the invocation path may take
   * @param mappers builds the façade of each compiled version
   * @param clock {@link System#nanoTime()} in production
   */
  LiveMapping(
      AppConfigClient client,
      AppConfigProfile profile,
      Duration interval,
      Duration timeout,
      Compiler compiler,
      Function<MappingPlan, ClaimsMapper> mappers,
      Log log,
      LongSupplier clock) {
    this.client = client;
    this.profile = profile;
    this.interval = interval;
    this.timeout = timeout;
    this.compiler = compiler;
    this.mappers = mappers;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Reads and compiles the mapping at init.
   *
   * @param required whether the function may not start without it (the real mapping) or goes on
   *     without it until a valid version is read (a shadow)
   * @throws IllegalStateException when the extension cannot be read or the mapping does not
   *     compile, saying what happens next
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
      nextCheck = clock.getAsLong() + Math.max(interval.toNanos(), FAILURE_BACKOFF.toNanos());
      throw new IllegalStateException(
          "the claims mapping cannot be read: " + e.getMessage() + ": " + next);
    }
    AppConfigClient.Content content = (AppConfigClient.Content) answer;
    String version = content.version().orElse("unversioned");
    try {
      Active first = compile(content, version);
      active = first;
      nextCheck = clock.getAsLong() + interval.toNanos();
      log.write(Log.Level.INFO, version(version) + " serves sign-ins");
      return first;
    } catch (ConfigException e) {
      rejectedKey = key(content);
      nextCheck = clock.getAsLong() + interval.toNanos();
      log.problems(e.diagnostics());
      throw new IllegalStateException(
          "the claims mapping is invalid, " + next + ":\n" + e.getMessage());
    }
  }

  /** The mapping held now, without a check (null before {@link #start}). */
  Active active() {
    return active;
  }

  /** How many versions were compiled, good or bad, since init. */
  synchronized int compilations() {
    return compilations;
  }

  /**
   * The mapping for one invocation, after checking the extension when a check is due.
   *
   * @param timeLeft the invocation's time budget, or null for none; a check takes at most the
   *     smaller of it and the check timeout
   */
  Served current(Duration timeLeft) {
    Active held = active;
    long now = clock.getAsLong();
    if (!checkNow && now - nextCheck < 0) {
      return new Served(held, Refresh.NOT_DUE);
    }
    if (!checking.compareAndSet(false, true)) {
      return new Served(held, Refresh.NOT_DUE);
    }
    try {
      Duration budget = timeLeft == null || timeLeft.compareTo(timeout) > 0 ? timeout : timeLeft;
      if (budget.isNegative() || budget.isZero()) {
        return new Served(held, Refresh.NOT_DUE);
      }
      checkNow = false;
      nextCheck = now + interval.toNanos();
      Refresh refresh = check(held, budget, now);
      return new Served(active, refresh);
    } finally {
      checking.set(false);
    }
  }

  private Refresh check(Active held, Duration budget, long now) {
    AppConfigClient.Answer answer;
    try {
      answer = client.fetch(held == null ? null : held.version(), budget);
    } catch (AppConfigClient.Unavailable e) {
      return failed(held, now, e.getMessage());
    } catch (RuntimeException e) {
      // a check must never fail the sign-in it runs in: whatever went wrong, the held mapping
      // serves
      return failed(
          held,
          now,
          "the AppConfig extension could not be read for "
              + profile
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (down) {
      down = false;
      log.write(Log.Level.INFO, "the AppConfig extension answers again for " + profile);
    }
    if (answer instanceof AppConfigClient.Unchanged) {
      return Refresh.UNCHANGED;
    }
    AppConfigClient.Content content = (AppConfigClient.Content) answer;
    String key = key(content);
    if (held != null && key.equals(held.key())) {
      return Refresh.UNCHANGED;
    }
    if (key.equals(rejectedKey)) {
      return Refresh.REJECTED;
    }
    String version = content.version().orElse("unversioned");
    try {
      Active next = compile(content, version);
      active = next;
      log.write(Log.Level.INFO, version(version) + " serves sign-ins (was " + describe(held) + ")");
      return Refresh.SWAPPED;
    } catch (ConfigException e) {
      rejectedKey = key;
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
    } catch (RuntimeException e) {
      rejectedKey = key;
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

  private Refresh failed(Active held, long now, String reason) {
    nextCheck = now + Math.max(interval.toNanos(), FAILURE_BACKOFF.toNanos());
    if (!down) {
      down = true;
      log.write(Log.Level.WARN, reason + ": serving " + describe(held) + " until it answers");
    }
    return Refresh.FAILED;
  }

  private Active compile(AppConfigClient.Content content, String version) throws ConfigException {
    synchronized (this) {
      compilations++;
    }
    MappingPlan plan = compiler.compile(profile + "@" + version, content.text());
    return new Active(version, plan, mappers.apply(plan), key(content));
  }

  /** A version without a {@code Configuration-Version} header is known by its text. */
  private static String key(AppConfigClient.Content content) {
    return content.version().map(v -> "version " + v).orElse("text " + content.text());
  }

  private static String describe(Active held) {
    return held == null ? "no version" : "version " + held.version();
  }

  private static String count(ConfigException e) {
    long errors =
        e.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
    return errors == 1 ? "1 problem" : errors + " problems";
  }

  /** Optional access for the shadow: empty until a version compiled. */
  Optional<Active> held() {
    return Optional.ofNullable(active);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    // nothing to close: each check opens its own loopback connection
  }

  /** A snapshot may be days old: the first invocation after a restore checks the extension. */
  @Override
  public void afterRestore(Context<? extends Resource> context) {
    checkNow = true;
  }

  /** A version of this profile, as log lines name it. */
  private String version(String version) {
    return "mapping " + profile + " version " + version;
  }
}
