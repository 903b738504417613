package io.github.claimsmapper.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Records every call a client makes: its operation name ({@code GetItem}, {@code BatchGetItem},
 * ...) and the request as the client was given it. Register it on a client built for the test
 * ({@code .overrideConfiguration(c -> c.addExecutionInterceptor(calls))}), or take the client of
 * the shared local server that {@link #client()} builds with it.
 *
 * <p>A call is recorded once however often the SDK retries it ({@code beforeExecution} runs once
 * per call, not per attempt).
 */
public final class CallCounter implements ExecutionInterceptor {

  /** One call: the operation's name and its request. */
  public record Call(String operation, SdkRequest request) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.add(
        new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
  }

  /**
   * A new client for the shared local server ({@link Dynalite#shared()}: us-east-1, dummy static
   * credentials, url-connection HTTP) that records its calls here; the caller closes it.
   */
  public DynamoDbClient client() {
    return DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(Dynalite.shared().endpoint())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(this))
        .build();
  }

  /** Every call so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The operation of every call so far, in order ({@code GetItem}, {@code Query}, ...). */
  public List<String> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  /** How many calls of the operation so far. */
  public int count(String operation) {
    return (int) calls.stream().filter(c -> c.operation().equals(operation)).count();
  }

  /** The requests of one kind so far, in order. */
  public <T extends SdkRequest> List<T> requests(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Call call : calls) {
      if (type.isInstance(call.request())) {
        out.add(type.cast(call.request()));
      }
    }
    return out;
  }

  /** Forgets the calls so far. */
  public void reset() {
    calls.clear();
  }
}
