package io.github.claimsmapper.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.cognito.CognitoEvent;
import io.github.claimsmapper.engine.Json;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The pre token generation trigger: {@code io.github.claimsmapper.lambda.Handler::handleRequest}.
 * The mapping is loaded and compiled when Lambda creates the handler (cold start); a mapping
 * with any problem stops the function at init, so no token is issued from a broken mapping.
 */
public final class Handler implements RequestStreamHandler {
  static final String BUNDLED_CONFIG = "config/claims.yaml";

  /** Kept from the Lambda's remaining time for writing the response. */
  static final Duration RESPONSE_MARGIN = Duration.ofMillis(250);

  private final ClaimsMapper mapper;
  private final Log log;
  /** Held here: CRaC keeps only weak references to registered resources. */
  private final Priming priming;

  /** Used by Lambda: settings from the process environment. */
  public Handler() {
    this(Settings.from(System.getenv()));
  }

  /** Loads the mapping named by the settings and builds the DynamoDB client if it needs one. */
  public Handler(Settings settings) {
    EmbeddedMetrics metrics = EmbeddedMetrics.from(settings.env());
    JsonLineLog lines = new JsonLineLog(settings.logLevel(), System.out, metrics);
    this.log = lines;
    metrics.problem().ifPresent(problem -> lines.write(Log.Level.WARN, problem));
    String name = settings.configPath().orElseGet(() -> BundledMapping.name(Handler.class.getClassLoader()));
    String text = settings.configPath().isPresent() ? readConfig(Path.of(name)) : bundledConfig(name);
    // Compiling the mapping and building the DynamoDB client each take a few hundred ms of a
    // cold start and need nothing from each other: the client is built on a second thread.
    CompletableFuture<DynamoDbClient> client = READS_DYNAMODB.matcher(text).find()
        ? CompletableFuture.supplyAsync(() -> DynamoDbClients.forLambda(settings.env()), Handler::initThread)
        : null;
    MappingPlan plan = loadPlan(name, text, settings, log);
    ItemSource items;
    if (plan.sources().isEmpty()) {
      items = request -> {
        throw new IllegalStateException("this mapping has no source");
      };
    } else {
      items = new DynamoDbItemSource(client != null ? join(client) : DynamoDbClients.forLambda(settings.env()));
    }
    this.mapper = new ClaimsMapper(plan, items, log, lines::invocation);
    this.priming = new Priming(plan, items, log);
    org.crac.Core.getGlobalContext().register(priming);
  }

  /**
   * A top-level {@code source:} or {@code sources:} key, in YAML or in the checked JSON form (top-level
   * keys indented by two); a miss only means the client is built later.
   */
  private static final Pattern READS_DYNAMODB = Pattern.compile("(?m)^(?:(?:source|sources)\\s*:|  \"(?:source|sources)\" :)");

  private static void initThread(Runnable task) {
    Thread thread = new Thread(task, "dynamodb-client-init");
    thread.setDaemon(true);
    thread.start();
  }

  private static DynamoDbClient join(CompletableFuture<DynamoDbClient> client) {
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
      e.diagnostics().forEach(d -> log.write(d.severity() == Diagnostic.Severity.ERROR ? Log.Level.ERROR : Log.Level.WARN, d.format()));
      throw new IllegalStateException("the claims mapping is invalid, the function will not start:\n" + e.getMessage());
    }
    result.warnings().forEach(w -> log.write(Log.Level.WARN, w.format()));
    return result.plan();
  }

  private static String readConfig(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("the claims mapping " + file + " cannot be read (" + e.getClass().getSimpleName()
          + "): the function will not start");
    }
  }

  private static String bundledConfig(String name) {
    try (InputStream in = Handler.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no " + Settings.CONFIG + " set and no " + BUNDLED_CONFIG + " in the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String reference = context != null && context.getAwsRequestId() != null
        ? context.getAwsRequestId() : UUID.randomUUID().toString();
    JsonNode event;
    try {
      event = CognitoEvent.read(input);
    } catch (IOException e) {
      throw mapper.reject(reference, "the event is not valid JSON");
    }
    Duration timeLeft = context == null ? null
        : Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis())).minus(RESPONSE_MARGIN);
    byte[] response;
    try {
      response = Json.MAPPER.writeValueAsBytes(mapper.respond(event, reference, timeLeft, Trace.NONE));
    } catch (IOException e) {
      // only a response that cannot be written lands here; nothing of it reaches the user
      throw mapper.reject(reference, "the response could not be written (" + e.getClass().getSimpleName() + ")");
    }
    output.write(response);
  }
}
