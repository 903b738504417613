package io.github.claimsmapper.benchmarks.tools;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks, without any network traffic, that a (possibly trimmed) jar still resolves and signs a
 * real regional DynamoDB request: a client without endpoint override prepares a GetItem for the
 * given region, and an interceptor stops it just before it would be sent, printing the URI and
 * whether it was signed. Used to test jar-size exclusions in a scratch copy of the repository.
 *
 * <p>Usage: {@code java -cp TRIMMED_JAR:benchmarks/target/classes
 * io.github.claimsmapper.benchmarks.tools.OfflineEndpointCheck [REGION]}
 */
public final class OfflineEndpointCheck {
  private OfflineEndpointCheck() {}

  /** Thrown by the interceptor to stop the request before it leaves the process. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super("stopped before transmission", null, false, false);
    }
  }

  public static void main(String[] args) {
    String region = args.length > 0 ? args[0] : "us-east-1";
    AtomicReference<String> seen = new AtomicReference<>();
    ExecutionInterceptor stop = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        seen.set(context.httpRequest().getUri() + " signed="
            + context.httpRequest().firstMatchingHeader("Authorization").map(h -> h.startsWith("AWS4-HMAC-SHA256")).orElse(false));
        throw new Stop();
      }
    };
    try (DynamoDbClient client = DynamoDbClient.builder()
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(stop))
        .build()) {
      client.getItem(b -> b.tableName("users").key(Map.of("id", AttributeValue.fromS("USER#x"))));
    } catch (RuntimeException e) {
      if (seen.get() == null) {
        throw e;
      }
    }
    if (seen.get() == null) {
      System.out.println("ENDPOINT-CHECK failed: no request was prepared");
      System.exit(1);
    }
    System.out.println("ENDPOINT-CHECK ok " + seen.get());
  }
}
