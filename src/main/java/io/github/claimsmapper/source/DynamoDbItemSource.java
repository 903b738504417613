package io.github.claimsmapper.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Reads the item with one DynamoDB {@code GetItem}.
 *
 * <p>Textual key values are sent as {@code S}, numbers as {@code N} of their exact decimal text.
 * When the request names attributes, every name is sent through an alias ({@code #a0, #a1, ...}),
 * so names such as {@code custom:tenant}, reserved words ({@code name}, {@code size}) and names
 * holding dots ({@code a.b}, read as one top-level attribute) need no escaping. An empty set of
 * attributes reads the whole item, as an absent one does. The client's timeouts and retries apply
 * (see {@link DynamoDbClients}); every SDK failure becomes a {@link SourceException} whose
 * message names its kind but no key value or item content.
 */
public final class DynamoDbItemSource implements ItemSource {

  private final DynamoDbClient client;

  /** Uses the given client; it is shared, not closed by this source. */
  public DynamoDbItemSource(DynamoDbClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when a key value is neither text nor a number
   */
  @Override
  public Optional<ObjectNode> find(ItemRequest request) {
    GetItemRequest getItem = toGetItem(request);
    GetItemResponse response;
    try {
      response = client.getItem(getItem);
    } catch (SdkException e) {
      throw new SourceException(describe(e), e);
    }
    if (!response.hasItem()) {
      return Optional.empty();
    }
    return Optional.of(ItemJson.fromAttributeValues(response.item()));
  }

  static GetItemRequest toGetItem(ItemRequest request) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    request.key().forEach((name, value) -> key.put(name, keyValue(name, value)));
    GetItemRequest.Builder builder =
        GetItemRequest.builder()
            .tableName(request.table())
            .key(key)
            .consistentRead(request.consistentRead());
    request.attributes().filter(names -> !names.isEmpty()).ifPresent(names -> project(builder, names));
    return builder.build();
  }

  private static void project(GetItemRequest.Builder builder, Set<String> names) {
    List<String> aliases = new ArrayList<>(names.size());
    Map<String, String> aliased = new HashMap<>();
    for (String name : new TreeSet<>(names)) { // sorted: the same request text every time
      String alias = "#a" + aliases.size();
      aliases.add(alias);
      aliased.put(alias, name);
    }
    builder.projectionExpression(String.join(", ", aliases)).expressionAttributeNames(aliased);
  }

  private static AttributeValue keyValue(String name, JsonNode value) {
    if (value != null && value.isTextual()) {
      return AttributeValue.fromS(value.textValue());
    }
    if (value != null && value.isNumber()) {
      return ItemJson.toAttributeValue(name, value);
    }
    throw new IllegalArgumentException(
        "key attribute \""
            + name
            + "\" must be text or a number, was "
            + (value == null ? "missing" : value.getNodeType().toString().toLowerCase(Locale.ROOT)));
  }

  /** The failure's kind, in words; never the request's or the error's own text. */
  static String describe(SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return "DynamoDB GetItem timed out";
    }
    if (e instanceof SdkServiceException service) {
      String code = errorCode(service);
      if (service.isThrottlingException()) {
        return "DynamoDB GetItem throttled: " + code;
      }
      if (service.statusCode() >= 500) {
        return "DynamoDB failed to answer: " + code + " (HTTP " + service.statusCode() + ")";
      }
      return "DynamoDB rejected the request: " + code;
    }
    if (e instanceof AbortedException) {
      return "DynamoDB GetItem was interrupted";
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return "DynamoDB GetItem timed out";
      }
      if (cause instanceof ApiCallAttemptTimeoutException || cause instanceof ApiCallTimeoutException) {
        return "DynamoDB GetItem timed out";
      }
      if (cause instanceof IOException) {
        return "DynamoDB unreachable";
      }
    }
    return "DynamoDB GetItem failed in the client: " + e.getClass().getSimpleName();
  }

  private static String errorCode(SdkServiceException e) {
    if (e instanceof AwsServiceException aws
        && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorCode() != null
        && !aws.awsErrorDetails().errorCode().isBlank()) {
      return aws.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
