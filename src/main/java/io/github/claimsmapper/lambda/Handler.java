package io.github.claimsmapper.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Invocation;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.config.TextFile;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The pre token generation trigger: {@code io.github.claimsmapper.lambda.Handler::handleRequest}.
 * The mapping is loaded and compiled when Lambda creates the handler (cold start); a mapping with
 * any problem stops the function at init, so no token is issued from a broken mapping.
 */
public final class Handler implements RequestStreamHandler {
  static final String BUNDLED_CONFIG = "config/claims.yaml";

  /** Kept from the Lambda's remaining time for writing the response. */
  static final Duration RESPONSE_MARGIN = Duration.ofMillis(250);

  /** The mapping from a file; null when it comes from AppConfig ({@link #live}). */
  private final ClaimsMapper mapper;

  private final Log log;
  // ---- issue 11: AppConfig mapping, shadow, and the summary line written after both
  private final LiveMapping live;
  private final ShadowMapping shadow;

  /** Null for the embedding constructor, whose mapper writes its own summaries. */
  private final JsonLineLog lines;

  /**
   * The façade's summary of the invocation on this thread, written once the shadow has answered.
   */
  private final ThreadLocal<Invocation> pending = new ThreadLocal<>();

  // ----
  /** Held here: CRaC keeps only weak references to registered resources. */
  private final Priming priming;

  /** Used by Lambda: settings from the process environment. */
  public Handler() {
    this(Settings.from(System.getenv()));
  }

  /** Loads the mapping named by the settings and builds the DynamoDB client if it needs one. */
  public Handler(Settings settings) {
    this(settings, null, System.out);
  }

  /** As {@link #Handler(Settings)}, writing the log to {@code out} (tests read it). */
  Handler(Settings settings, PrintStream out) {
    this(settings, null, out);
  }

  /**
   * For tests and embedding: the mapping named by the settings, as Lambda loads it, with items from
   * {@code items} (null: DynamoDB, as Lambda reads them) and log lines written to {@code out}.
   */
  public Handler(Settings settings, ItemSource items, PrintStream out) {
    EmbeddedMetrics metrics = EmbeddedMetrics.from(settings.env());
    JsonLineLog lines = new JsonLineLog(settings.logLevel(), out, metrics, settings.env());
    this.log = lines;
    this.lines = lines;
    metrics.problem().ifPresent(problem -> lines.write(Log.Level.WARN, problem));
    LiveSettings live = LiveSettings.from(settings.env());
    Optional<AppConfigProfile> profile =
        AppConfigProfile.parse(Settings.CONFIG, settings.configPath().orElse(null));
    if (profile.isPresent()) {
      // ---- issue 11: the mapping comes from AppConfig; the client is built beside the first fetch
      ItemSource liveItems =
          items != null
              ? items
              : new LazyItems(
                  CompletableFuture.supplyAsync(
                      () -> DynamoDbClients.forLambda(settings.env()), Handler::initThread));
      this.live =
          new LiveMapping(
              new AppConfigClient(live.port(), profile.get(), MappingLoader.MAX_FILE_BYTES),
              profile.get(),
              live.refreshInterval(),
              live.checkTimeout(),
              compiler(settings, log),
              plan -> new ClaimsMapper(plan, liveItems, log, pending::set),
              log,
              System::nanoTime);
      MappingPlan plan = this.live.start(LiveSettings.INIT_TIMEOUT, true).plan();
      if (liveItems instanceof LazyItems lazy) {
        lazy.join();
      }
      this.mapper = null;
      this.shadow = ShadowSetup.from(live, settings, () -> liveItems, log);
      this.priming = new Priming(plan, liveItems, log);
      org.crac.Core.getGlobalContext().register(priming);
      org.crac.Core.getGlobalContext().register(this.live);
      return;
    }
    String name =
        settings.configPath().orElseGet(() -> BundledMapping.name(Handler.class.getClassLoader()));
    String text =
        settings.configPath().isPresent() ? readConfig(Path.of(name)) : bundledConfig(name);
    // Compiling the mapping and building the DynamoDB client each take a few hundred ms of a
    // cold start and need nothing from each other: the client is built on a second thread.
    CompletableFuture<DynamoDbClient> client =
        items == null && MappingLoader.readsDynamoDb(name, text)
            ? CompletableFuture.supplyAsync(
                () -> DynamoDbClients.forLambda(settings.env()), Handler::initThread)
            : null;
    MappingPlan plan = loadPlan(name, text, settings, log);
    ItemSource source;
    if (items != null) {
      source = items;
    } else if (plan.sources().isEmpty()) {
      source =
          request -> {
            throw new IllegalStateException("this mapping has no source");
          };
    } else {
      source =
          new DynamoDbItemSource(
              client != null ? join(client) : DynamoDbClients.forLambda(settings.env()));
    }
    this.mapper = new ClaimsMapper(plan, source, log, pending::set);
    this.live = null;
    ItemSource planItems = source;
    this.shadow =
        ShadowSetup.from(
            live,
            settings,
            () ->
                plan.sources().isEmpty()
                    ? new LazyItems(
                        CompletableFuture.supplyAsync(
                            () -> DynamoDbClients.forLambda(settings.env()), Handler::initThread))
                    : planItems,
            log);
    this.priming = new Priming(plan, source, log);
    org.crac.Core.getGlobalContext().register(priming);
  }

  /** The loader of mappings read after init: the same checks as at init, warnings logged. */
  static LiveMapping.Compiler compiler(Settings settings, Log log) {
    MappingLoader loader = new MappingLoader(settings.env());
    return (name, text) -> {
      MappingLoader.Result result = loader.load(name, text);
      result.warnings().forEach(w -> log.write(Log.Level.WARN, w.format()));
      return result.plan();
    };
  }

  static void initThread(Runnable task) {
    Thread thread = new Thread(task, "dynamodb-client-init");
    thread.setDaemon(true);
    thread.start();
  }

  static DynamoDbClient join(CompletableFuture<DynamoDbClient> client) {
    try {
      return client.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** For tests and embedding: a ready façade. */
  public Handler(ClaimsMapper mapper, Log log) {
    this.mapper = mapper;
    this.log = log;
    this.priming = null;
    this.live = null;
    this.shadow = null;
    this.lines = null;
  }

  /** The AppConfig mapping, for tests; null for a file. */
  LiveMapping live() {
    return live;
  }

  /** The SnapStart hooks, for tests. */
  Priming priming() {
    return priming;
  }

  static MappingPlan loadPlan(String name, String text, Settings settings, Log log) {
    MappingLoader.Result result;
    try {
      result = new MappingLoader(settings.env()).load(name, text);
    } catch (ConfigException e) {
      log.problems(e.diagnostics());
      throw new IllegalStateException(
          "the claims mapping is invalid, the function will not start:\n" + e.getMessage());
    }
    result.warnings().forEach(w -> log.write(Log.Level.WARN, w.format()));
    return result.plan();
  }

  static String readConfig(Path file) {
    try {
      return TextFile.read(file, MappingLoader.MAX_FILE_BYTES);
    } catch (TextFile.TooLarge e) {
      throw new IllegalStateException(
          "the claims mapping "
              + file
              + " is larger than "
              + TextFile.describe(e.maxBytes())
              + ": the function will not start");
    } catch (IOException e) {
      throw new IllegalStateException(
          "the claims mapping "
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "): the function will not start");
    }
  }

  private static String bundledConfig(String name) {
    try (InputStream in = Handler.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "no " + Settings.CONFIG + " set and no " + BUNDLED_CONFIG + " in the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Answers one invocation. The façade owns the whole of it (reading the event, the lookups, the
   * mapping, writing the response) behind one boundary: it returns the response or throws the
   * neutral {@link SignInDenied}, and logs exactly one summary line either way.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String reference =
        context != null && context.getAwsRequestId() != null
            ? context.getAwsRequestId()
            : UUID.randomUUID().toString();
    Duration timeLeft = timeLeft(context);
    // ---- issue 11: the mapping of this invocation (an AppConfig check when one is due, within the
    // budget)
    ClaimsMapper mapper = this.mapper;
    MappingStatus status = MappingStatus.NONE;
    ShadowWitness witness = null;
    try {
      if (live != null) {
        LiveMapping.Served served = live.current(timeLeft);
        mapper = served.active().mapper();
        status = new MappingStatus(served.active().version(), served.refresh(), null);
      }
      witness = shadow == null ? null : new ShadowWitness(shadow, reference, timeLeft);
      output.write(
          mapper.answer(
              input, reference, timeLeft, witness == null ? ClaimsMapper.Witness.NONE : witness));
    } finally {
      // one summary line, written after the shadow so it can carry its verdict
      Invocation summary = pending.get();
      pending.remove();
      if (summary != null && lines != null) {
        lines.invocation(
            summary,
            witness == null || witness.report() == null
                ? status
                : status.withShadow(witness.report()));
      }
    }
  }

  /** The Lambda's remaining time less the margin for writing the response; null outside Lambda. */
  private static Duration timeLeft(Context context) {
    return context == null
        ? null
        : Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis())).minus(RESPONSE_MARGIN);
  }
}
