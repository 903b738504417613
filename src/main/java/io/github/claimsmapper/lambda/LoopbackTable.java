package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for DynamoDB on a free loopback port, for {@link AotTraining} only: it answers every
 * {@code GetItem} with one fixed item and every {@code BatchGetItem} with that item for each key
 * asked (the key's attributes laid over it), so the training run takes the function's real path
 * (SDK client, signing, HTTP, unmarshalling, the mapping) without a network or an AWS account. It
 * binds to 127.0.0.1 only and reads at most {@value #MAX_REQUEST_BYTES} bytes of a request.
 */
final class LoopbackTable implements AutoCloseable {
  static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final HttpServer server;
  private final ObjectNode item;
  private final AtomicInteger answered = new AtomicInteger();

  /**
   * @param item the item in DynamoDB JSON ({@code {"name": {"S": "..."}}}); empty for none
   */
  LoopbackTable(ObjectNode item) throws IOException {
    this.item = item.deepCopy();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** The endpoint to give the client ({@code DYNAMODB_ENDPOINT}). */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests were answered with an item. */
  int answered() {
    return answered.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES);
        request = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
      }
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      ObjectNode response = Json.MAPPER.createObjectNode();
      int status = 200;
      if (target.endsWith(".GetItem")) {
        response.set("Item", withKey(request.path("Key")));
      } else if (target.endsWith(".BatchGetItem")) {
        ObjectNode tables = response.putObject("Responses");
        for (Map.Entry<String, JsonNode> table : request.path("RequestItems").properties()) {
          ArrayNode items = tables.putArray(table.getKey());
          table.getValue().path("Keys").forEach(key -> items.add(withKey(key)));
        }
        response.putObject("UnprocessedKeys");
      } else {
        status = 400;
        response.put("__type", "com.amazon.coral.validate#ValidationException");
        response.put("message", "the training table answers GetItem and BatchGetItem only");
      }
      if (status == 200) {
        answered.incrementAndGet();
      }
      byte[] bytes = Json.MAPPER.writeValueAsBytes(response);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private ObjectNode withKey(JsonNode key) {
    ObjectNode answer = item.deepCopy();
    if (key.isObject()) {
      answer.setAll((ObjectNode) key);
    }
    return answer;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
