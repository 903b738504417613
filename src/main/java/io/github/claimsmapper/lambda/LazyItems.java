package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.DynamoDbItemSource;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import io.github.claimsmapper.source.QueryRequest;
import io.github.claimsmapper.source.QueryResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function's DynamoDB item source over the client {@link DynamoDbClients#startForLambda} builds
 * on a second thread at init: joined at init when the mapping reads DynamoDB, else on first use, so
 * an AppConfig version or a shadow that adds a source later finds a client ready.
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
          source = new DynamoDbItemSource(DynamoDbClients.join(client));
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

  @Override
  public QueryResult query(QueryRequest request, Duration timeLeft) {
    return join().query(request, timeLeft);
  }

  @Override
  public Started<List<Optional<ObjectNode>>> startFindAll(
      List<ItemRequest> requests, Duration timeLeft) {
    return join().startFindAll(requests, timeLeft);
  }

  @Override
  public Started<QueryResult> startQuery(QueryRequest request, Duration timeLeft) {
    return join().startQuery(request, timeLeft);
  }
}
