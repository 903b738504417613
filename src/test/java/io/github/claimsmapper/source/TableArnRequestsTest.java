package io.github.claimsmapper.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A table named by its ARN (a table in another account) reaches DynamoDB as that ARN, in GetItem's
 * TableName and as BatchGetItem's RequestItems key, and the answer keyed by it is matched: the
 * function's side of DynamoDB's contract, seen on the wire by a local endpoint that answers as
 * DynamoDB documents it (dynalite, like DynamoDB Local, refuses ARNs as table names).
 */
class TableArnRequestsTest {
  private static final String ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/profiles";
  private static final String ITEM = "{\"pk\":{\"S\":\"u-1\"},\"plan\":{\"S\":\"gold\"}}";
  private static final String OTHER = "{\"pk\":{\"S\":\"u-2\"},\"plan\":{\"S\":\"free\"}}";

  /** Answers GetItem and BatchGetItem with the items above, recording each request. */
  private static final class Endpoint implements AutoCloseable {
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final HttpServer server;

    Endpoint() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String body =
                target.endsWith(".GetItem")
                    ? "{\"Item\":" + ITEM + "}"
                    : "{\"Responses\":{\""
                        + ARN
                        + "\":["
                        + ITEM
                        + ","
                        + OTHER
                        + "]},\"UnprocessedKeys\":{}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static ItemRequest request(String user) {
    return new ItemRequest(
        "item", ARN, Map.of("pk", TextNode.valueOf(user)), false, Optional.of(Set.of("plan")));
  }

  @Test
  void getItemNamesTheTableByItsArn() throws Exception {
    try (Endpoint endpoint = new Endpoint();
        DynamoDbClient client = StalledServerTest.client(endpoint.uri())) {
      Optional<com.fasterxml.jackson.databind.node.ObjectNode> item =
          new DynamoDbItemSource(client).find(request("u-1"));
      assertEquals("gold", item.orElseThrow().get("plan").asText());
      assertEquals(ARN, endpoint.requests.get(0).get("TableName").asText());
    }
  }

  @Test
  void batchGetItemKeysTheRequestAndReadsTheAnswerByTheArn() throws Exception {
    try (Endpoint endpoint = new Endpoint();
        DynamoDbClient client = StalledServerTest.client(endpoint.uri())) {
      List<Optional<com.fasterxml.jackson.databind.node.ObjectNode>> items =
          new DynamoDbItemSource(client)
              .findAll(List.of(request("u-1"), request("u-2")), Duration.ofSeconds(5));
      assertEquals(
          List.of(ARN), List.copyOf(iterable(endpoint.requests.get(0).get("RequestItems"))));
      assertEquals("gold", items.get(0).orElseThrow().get("plan").asText());
      assertEquals("free", items.get(1).orElseThrow().get("plan").asText());
    }
  }

  private static List<String> iterable(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
