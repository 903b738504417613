package io.github.claimsmapper.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every call a client makes: its operation name ({@code GetItem}, {@code BatchGetItem},
 * ...) and the request as the client was given it. Register it on a client built for the test:
 *
 * <pre>{@code
 * CallCounter calls = new CallCounter();
 * DynamoDbClient client = DynamoDbClient.builder()
 *     ...
 *     .overrideConfiguration(c -> c.addExecutionInterceptor(calls))
 *     .build();
 * }</pre>
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

  /** Every call so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
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
