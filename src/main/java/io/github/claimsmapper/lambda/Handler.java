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
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

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
    JsonLineLog lines = new JsonLineLog(settings.logLevel(), System.out);
    this.log = lines;
    MappingPlan plan = loadPlan(settings, log);
    ItemSource items = !plan.sources().isEmpty()
        ? new DynamoDbItemSource(DynamoDbClients.forLambda(settings.env()))
        : request -> {
          throw new IllegalStateException("this mapping has no source");
        };
    this.mapper = new ClaimsMapper(plan, items, log, lines::invocation);
    this.priming = new Priming(plan, items, log);
    org.crac.Core.getGlobalContext().register(priming);
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

  static MappingPlan loadPlan(Settings settings, Log log) {
    MappingLoader loader = new MappingLoader(settings.env());
    MappingLoader.Result result;
    try {
      if (settings.configPath().isPresent()) {
        result = loader.load(Path.of(settings.configPath().get()));
      } else {
        result = loader.load(BUNDLED_CONFIG, bundledConfig());
      }
    } catch (ConfigException e) {
      e.diagnostics().forEach(d -> log.write(d.severity() == Diagnostic.Severity.ERROR ? Log.Level.ERROR : Log.Level.WARN, d.format()));
      throw new IllegalStateException("the claims mapping is invalid, the function will not start:\n" + e.getMessage());
    }
    result.warnings().forEach(w -> log.write(Log.Level.WARN, w.format()));
    return result.plan();
  }

  private static String bundledConfig() {
    try (InputStream in = Handler.class.getClassLoader().getResourceAsStream(BUNDLED_CONFIG)) {
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
      event = Json.MAPPER.readTree(input);
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
