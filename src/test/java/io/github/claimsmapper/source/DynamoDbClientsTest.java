package io.github.claimsmapper.source;

import static io.github.claimsmapper.testing.ItemFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.testing.Dynalite;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbClientsTest {

  @Test
  void theLambdaClientReadsItsEndpointAndRegionFromTheEnvironment() {
    // credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, which surefire sets
    Dynalite dynalite = Dynalite.shared();
    String table = Dynalite.uniqueTableName("lambda");
    dynalite.createTable(table, "pk", ScalarAttributeType.S, null, null);
    dynalite.put(table, json("{\"pk\": \"u-1\", \"tier\": \"gold\"}"));

    try (DynamoDbClient client =
        DynamoDbClients.forLambda(
            Map.of(
                "AWS_REGION", "us-east-1", "DYNAMODB_ENDPOINT", dynalite.endpoint().toString()))) {
      Optional<com.fasterxml.jackson.databind.node.ObjectNode> item =
          new DynamoDbItemSource(client)
              .find(
                  new ItemRequest(
                      "item",
                      table,
                      Map.of("pk", TextNode.valueOf("u-1")),
                      false,
                      Optional.empty()));

      assertEquals(Optional.of(json("{\"pk\": \"u-1\", \"tier\": \"gold\"}")), item);
    }
  }

  @Test
  void theLambdaClientNeedsARegion() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DynamoDbClients.forLambda(Map.of()));

    assertEquals("AWS_REGION is not set", e.getMessage());
  }

  @Test
  void theLambdaEndpointMustBeAnAbsoluteUri() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DynamoDbClients.forLambda(
                    Map.of("AWS_REGION", "us-east-1", "DYNAMODB_ENDPOINT", "localhost:8000 ")));

    assertEquals(
        "DYNAMODB_ENDPOINT must be an absolute URI such as http://localhost:8000", e.getMessage());
  }

  @Test
  void theLambdaBudgetFitsCognitosFiveSeconds() {
    assertEquals(Duration.ofMillis(1500), DynamoDbClients.LAMBDA_CALL_TIMEOUT);
    assertEquals(Duration.ofMillis(600), DynamoDbClients.LAMBDA_ATTEMPT_TIMEOUT);
    assertEquals(2, DynamoDbClients.LAMBDA_MAX_ATTEMPTS);
  }

  @Test
  void rejectsNonsenseBounds() {
    Optional<URI> none = Optional.empty();
    var anonymous = AnonymousCredentialsProvider.create();

    assertEquals(
        "maxAttempts must be at least 1, was 0",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    DynamoDbClients.create(
                        Region.US_EAST_1,
                        none,
                        anonymous,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        0))
            .getMessage());
    assertEquals(
        "attemptTimeout must be positive, was PT0S",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    DynamoDbClients.create(
                        Region.US_EAST_1, none, anonymous, Duration.ofSeconds(1), Duration.ZERO, 1))
            .getMessage());
  }
}
