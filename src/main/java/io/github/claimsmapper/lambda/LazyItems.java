package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB item source of a mapping that is not known when the function starts (AppConfig, a
 * shadow): the client is built on a second thread at init and joined on first use, so a version
 * that adds a source later finds a client ready.
 */
final class LazyItems implements ItemSource {
  private final CompletableFuture<DynamoDbClient> client;
  private volatile DynamoDbItemSource source;

  LazyItems(CompletableFuture<DynamoDbClient> client) {
    this.client = client;
  }

  /** Waits for the client; rethrows what building it threw. */
  DynamoDbItemSource join() {
    DynamoDbItemSource ready = source;
    if (ready == null) {
      synchronized (this) {
        if (source == null) {
          source = new DynamoDbItemSource(Handler.join(client));
        }
        ready = source;
      }
    }
    return ready;
  }

  @Override
  public Optional<ObjectNode> find(ItemRequest request) {
    return join().find(request);
  }

  @Override
  public List<Optional<ObjectNode>> findAll(List<ItemRequest> requests, Duration timeLeft) {
    return join().findAll(requests, timeLeft);
  }
}
