package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.config.TextFile;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the handler is built from, read once at init: the log, the mapping (a file, the bundled one,
 * or an AppConfig profile), the one DynamoDB item source, the shadow and the SnapStart hooks. The
 * one way into a {@link Handler}: Lambda's, through {@link #from(Settings)}; tests, embedders and
 * benchmarks pick where items and log lines go ({@link #from(Settings, ItemSource, PrintStream)})
 * or hand over a ready façade ({@link #of(ClaimsMapper)}).
 */
public final class Wiring {

  static final String BUNDLED_CONFIG = "config/claims.yaml";

  /** The log, whose summary line the handler writes; null when the façade writes its own. */
  final JsonLineLog lines;

  /** The mapping that answers sign-ins. */
  final MappingSource mapping;

  /** The shadow mapping, or null when none is set. */
  final ShadowMapping shadow;

  /** The SnapStart hooks, held here because CRaC keeps only weak references; null for a façade. */
  final Priming priming;

  private Wiring(JsonLineLog lines, MappingSource mapping, ShadowMapping shadow, Priming priming) {
    this.lines = lines;
    this.mapping = mapping;
    this.shadow = shadow;
    this.priming = priming;
  }

  /**
   * As Lambda builds it: the mapping the settings name, items from DynamoDB, log lines on standard
   * output.
   */
  public static Wiring from(Settings settings) {
    return from(settings, null, System.out);
  }

  /**
   * The mapping the settings name, as Lambda loads it, with items from {@code items} and log lines
   * written to {@code out}.
   *
   * @param items where items come from; null for DynamoDB, the client built once, on a second
   *     thread while the mapping compiles
   */
  public static Wiring from(Settings settings, ItemSource items, PrintStream out) {
    EmbeddedMetrics metrics = EmbeddedMetrics.from(settings.env());
    JsonLineLog lines = new JsonLineLog(settings.logLevel(), out, metrics, settings.env());
    metrics.problem().ifPresent(problem -> lines.write(Log.Level.WARN, problem));
    LiveSettings live = LiveSettings.from(settings.env());
    Optional<AppConfigProfile> profile =
        AppConfigProfile.parse(Settings.CONFIG, settings.configPath().orElse(null));
    String name =
        settings.configPath().orElseGet(() -> BundledMapping.name(Handler.class.getClassLoader()));
    String text =
        profile.isPresent()
            ? null
            : settings.configPath().isPresent() ? readConfig(Path.of(name)) : bundledConfig(name);
    boolean readsDynamoDb = profile.isPresent() || MappingLoader.readsDynamoDb(name, text);
    LazyItems client =
        items == null && (readsDynamoDb || live.shadowConfig().isPresent())
            ? new LazyItems(DynamoDbClients.startForLambda(settings.env()))
            : null;
    ItemSource store = items != null ? items : client != null ? client : Wiring::noSource;
    MappingSource mapping;
    MappingPlan plan;
    if (profile.isPresent()) {
      LiveMapping appConfig =
          appConfig(
              live,
              profile.get(),
              settings,
              compiled -> new ClaimsMapper(compiled, store, lines),
              lines);
      plan = appConfig.start(LiveSettings.INIT_TIMEOUT, true).plan();
      org.crac.Core.getGlobalContext().register(appConfig);
      mapping = appConfig;
    } else {
      plan = loadPlan(name, text, settings, lines);
      mapping = MappingSource.fixed(new ClaimsMapper(plan, store, lines));
    }
    if (client != null && readsDynamoDb) {
      client.join(); // a client that cannot be built stops the function here, not a sign-in
    }
    ShadowMapping shadow = ShadowSetup.from(live, settings, store, lines);
    Priming priming = new Priming(plan, store, lines);
    org.crac.Core.getGlobalContext().register(priming);
    return new Wiring(lines, mapping, shadow, priming);
  }

  /**
   * A ready façade, which writes its own summaries: no settings read, no shadow, no SnapStart
   * hooks.
   */
  public static Wiring of(ClaimsMapper mapper) {
    return new Wiring(null, MappingSource.fixed(mapper), null, null);
  }

  private static Optional<ObjectNode> noSource(ItemRequest request) {
    throw new IllegalStateException("this mapping has no source");
  }

  /**
   * The mapping read from an AppConfig profile, checked at the live settings' interval and timeout;
   * its versions compiled as {@link #compiler} does, logging to {@code log}.
   */
  static LiveMapping appConfig(
      LiveSettings live,
      AppConfigProfile profile,
      Settings settings,
      Function<MappingPlan, ClaimsMapper> mappers,
      Log log) {
    return new LiveMapping(
        new AppConfigClient(live.port(), profile, MappingLoader.MAX_FILE_BYTES),
        live.refreshInterval(),
        live.checkTimeout(),
        compiler(settings, log),
        mappers,
        log,
        System::nanoTime);
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

  /**
   * Compiles a mapping read at init; any problem, whatever the loader threw, stops the function
   * with a message (never a stack trace of the loader's).
   */
  static MappingPlan loadPlan(String name, String text, Settings settings, Log log) {
    MappingLoader.Result result;
    try {
      result = new MappingLoader(settings.env()).load(name, text);
    } catch (ConfigException e) {
      log.problems(e.diagnostics());
      throw new IllegalStateException(
          "the claims mapping is invalid, the function will not start:\n" + e.getMessage());
    } catch (RuntimeException | Error e) {
      throw new IllegalStateException(
          "the claims mapping "
              + name
              + " could not be compiled ("
              + e.getClass().getSimpleName()
              + "): the function will not start");
    }
    result.warnings().forEach(w -> log.write(Log.Level.WARN, w.format()));
    return result.plan();
  }

  static String readConfig(Path file) {
    String problem;
    try {
      return TextFile.read(file, MappingLoader.MAX_FILE_BYTES);
    } catch (TextFile.TooLarge e) {
      problem = "is larger than " + TextFile.describe(e.maxBytes());
    } catch (IOException e) {
      problem = "cannot be read (" + e.getClass().getSimpleName() + ")";
    }
    throw new IllegalStateException(
        "the claims mapping " + file + " " + problem + ": the function will not start");
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
}
