package io.github.claimsmapper.source;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the DynamoDB client: one lightweight HTTP client ({@code url-connection-client}), an
 * explicit region and credentials provider (nothing is discovered from profiles or instance
 * metadata), a bound on the whole call and on each attempt, and a bounded standard retry strategy.
 * Build it once (outside the handler) and share it.
 */
public final class DynamoDbClients {

  /**
   * The Lambda's bound on a whole call, retries and backoff included: a small part of the 5 seconds
   * Cognito waits for the trigger, so a lookup that fails still leaves time for the rest.
   */
  static final Duration LAMBDA_CALL_TIMEOUT = Duration.ofMillis(1500);

  /**
   * The Lambda's bound on one attempt: a GetItem normally takes a few milliseconds, so an attempt
   * this late has stalled, and two of them still fit in the call's bound.
   */
  static final Duration LAMBDA_ATTEMPT_TIMEOUT = Duration.ofMillis(600);

  /**
   * One retry in the Lambda: a third attempt after two stalled ones would not fit the call's bound.
   */
  static final int LAMBDA_MAX_ATTEMPTS = 2;

  /** The environment variable that points the Lambda's client at a local DynamoDB. */
  public static final String ENDPOINT_VARIABLE = "DYNAMODB_ENDPOINT";

  /** Retry backoff: full jitter from 25 ms (the SDK's own base for DynamoDB), at most 100 ms. */
  static final Duration RETRY_BASE_DELAY = Duration.ofMillis(25);

  static final Duration RETRY_MAX_DELAY = Duration.ofMillis(100);

  /**
   * The JDK networking property that bounds how much of an unread answer is drained so its
   * connection can be reused (default 512 KB).
   */
  static final String KEEP_ALIVE_REMAINING_DATA = "http.KeepAlive.remainingData";

  static {
    // A connection abandoned part-way through its answer (a server that stalled mid-body) would
    // be queued for the JDK's keep-alive cleaner, which drains it for up to 5 s holding the
    // stream's lock; the SDK's abort waits for that lock, so the abandoned call keeps its worker
    // thread for 5.6 s instead of about 0.6 s. With 0 such a connection is closed instead of
    // drained. The SDK reads every answer it uses to the end, so no reuse is lost in the normal
    // case. The JDK reads the property once, when it first reads a keep-alive answer: this runs
    // before this class builds a client. A value set on the command line wins.
    if (System.getProperty(KEEP_ALIVE_REMAINING_DATA) == null) {
      System.setProperty(KEEP_ALIVE_REMAINING_DATA, "0");
    }
  }

  private DynamoDbClients() {}

  /**
   * Builds a client.
   *
   * @param region the region to call
   * @param endpoint an endpoint override (a local DynamoDB such as dynalite), or empty for the
   *     region's endpoint
   * @param credentials where the credentials come from
   * @param callTimeout the bound on a whole call, retries and backoff included ({@code
   *     apiCallTimeout})
   * @param attemptTimeout the bound on one attempt ({@code apiCallAttemptTimeout}); also used as
   *     the HTTP connect and socket-read timeout
   * @param maxAttempts attempts in all, first try included (1 means no retry), with the SDK's
   *     standard retry strategy (exponential backoff with jitter, retrying throttling, 5xx and I/O
   *     errors)
   */
  public static DynamoDbClient create(
      Region region,
      Optional<URI> endpoint,
      AwsCredentialsProvider credentials,
      Duration callTimeout,
      Duration attemptTimeout,
      int maxAttempts) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    requirePositive(callTimeout, "callTimeout");
    requirePositive(attemptTimeout, "attemptTimeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    var builder =
        DynamoDbClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(attemptTimeout)
                    .socketTimeout(attemptTimeout))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .addExecutionInterceptor(new CompleteBodies())
                    .addExecutionInterceptor(new StopWhenAbandoned())
                    .apiCallTimeout(callTimeout)
                    .apiCallAttemptTimeout(attemptTimeout)
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(maxAttempts)
                            // the standard strategy waits up to 1 s after throttling: longer than a
                            // sign-in's whole lookup budget, so the retry would never be sent
                            .backoffStrategy(
                                BackoffStrategy.exponentialDelay(RETRY_BASE_DELAY, RETRY_MAX_DELAY))
                            .throttlingBackoffStrategy(
                                BackoffStrategy.exponentialDelay(RETRY_BASE_DELAY, RETRY_MAX_DELAY))
                            .build())
                    .build());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * Builds the Lambda's client from its environment: the region from {@code AWS_REGION},
   * credentials from the execution role's environment variables ({@link
   * EnvironmentVariableCredentialsProvider}, which reads the process environment), and an endpoint
   * override from {@value #ENDPOINT_VARIABLE} when set (for local testing).
   *
   * <p>The bounds are tight on purpose: Cognito waits at most 5 seconds for the trigger,
   * <em>including</em> a cold start, and fails the sign-in when the trigger is late. The lookups
   * get a part of that ({@link #LAMBDA_CALL_TIMEOUT}), which leaves the rest for initialisation and
   * the mapping, and lets the handler answer with a clear error instead of being cut off.
   *
   * @throws IllegalArgumentException when {@code AWS_REGION} is missing or {@value
   *     #ENDPOINT_VARIABLE} is not a URI
   */
  public static DynamoDbClient forLambda(Map<String, String> env) {
    String region = env.get("AWS_REGION");
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("AWS_REGION is not set");
    }
    Optional<URI> endpoint =
        Optional.ofNullable(env.get(ENDPOINT_VARIABLE))
            .filter(s -> !s.isBlank())
            .map(DynamoDbClients::endpoint);
    return create(
        Region.of(region),
        endpoint,
        EnvironmentVariableCredentialsProvider.create(),
        LAMBDA_CALL_TIMEOUT,
        LAMBDA_ATTEMPT_TIMEOUT,
        LAMBDA_MAX_ATTEMPTS);
  }

  /**
   * Starts building the Lambda's client ({@link #forLambda}) on a daemon thread of its own and
   * returns at once: building it takes a few hundred ms of a cold start, which compiling the
   * mapping needs nothing from. {@link #join} waits for it.
   */
  public static CompletableFuture<DynamoDbClient> startForLambda(Map<String, String> env) {
    return CompletableFuture.supplyAsync(
        () -> forLambda(env),
        task -> {
          Thread thread = new Thread(task, "dynamodb-client-init");
          thread.setDaemon(true);
          thread.start();
        });
  }

  /** Waits for a client {@link #startForLambda} builds; rethrows what building it threw. */
  public static DynamoDbClient join(CompletableFuture<DynamoDbClient> client) {
    try {
      return client.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static URI endpoint(String text) {
    try {
      URI uri = new URI(text.strip());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(
            ENDPOINT_VARIABLE + " must be an absolute URI such as http://localhost:8000");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          ENDPOINT_VARIABLE + " must be an absolute URI such as http://localhost:8000", e);
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
