package io.github.claimsmapper.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT;
import static org.junit.jupiter.api.parallel.ResourceAccessMode.READ;

import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The item source against a server that stalls inside its answer, or answers what the client cannot
 * read: the Lambda's client ({@link DynamoDbClients#forLambda} bounds), the real SDK, and the fault
 * proxy in front of dynalite. Each case has its own proxy, client and source, so the cases run
 * concurrently (src/test/resources/junit-platform.properties): their time is spent waiting out
 * deadlines.
 */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
// (docs/development.md)
class StalledServerTest {

  static final Duration DEADLINE = Duration.ofMillis(300);

  /**
   * Promise: deadline + 50 ms (measured at idle: about + 5 ms); a loaded 2-core CI machine needs
   * more.
   */
  static final Duration MARGIN = Duration.ofMillis(400);

  /**
   * How long an abandoned call may keep its worker thread (at most {@link
   * DynamoDbItemSource#MAX_ABANDONED} of them run). Measured: 310-700 ms, the client's 600 ms
   * socket timeout at most; 3 s leaves room for a loaded machine. Without {@link
   * DynamoDbClients#KEEP_ALIVE_REMAINING_DATA} set to 0 a body stopped part-way kept it 5.6 s: the
   * JDK's keep-alive cleaner drained the connection holding the stream's lock, and the SDK's abort
   * waited for that lock.
   */
  static final Duration ABANDONED_ENDS_WITHIN = Duration.ofSeconds(3);

  /**
   * Held for reading by the cases, which run concurrently, and for writing by the one stall that
   * streams without end (it keeps both cores busy): it runs while no other case does.
   */
  static final String MACHINE = "StalledServerTest: the machine's time";

  static DynamoDbClient client(URI endpoint) {
    return DynamoDbClients.create(
        Region.US_EAST_1,
        Optional.of(endpoint),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        DynamoDbClients.LAMBDA_CALL_TIMEOUT,
        DynamoDbClients.LAMBDA_ATTEMPT_TIMEOUT,
        DynamoDbClients.LAMBDA_MAX_ATTEMPTS);
  }

  static ItemRequest request() {
    return new ItemRequest(
        "item", "users", Map.of("pk", TextNode.valueOf("u-1")), false, Optional.empty());
  }

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = FaultProxy.Mode.class,
      names = {"ACCEPT_SILENT", "SILENT", "HEADERS_THEN_SILENCE", "PARTIAL_BODY", "TRICKLE"})
  void aStallIsCutAtTheDeadlineAndTheAbandonedCallEnds(FaultProxy.Mode mode)
      throws IOException, InterruptedException {
    stallIsCutAtTheDeadlineAndTheAbandonedCallEnds(mode);
  }

  /** The stall that streams a body without end: alone, as it keeps both cores busy. */
  @Execution(CONCURRENT)
  @ResourceLock(MACHINE)
  @Test
  void aBodyWithoutEndIsCutAtTheDeadlineAndTheAbandonedCallEnds()
      throws IOException, InterruptedException {
    stallIsCutAtTheDeadlineAndTheAbandonedCallEnds(FaultProxy.Mode.HUGE_CONTENT_LENGTH);
  }

  static void stallIsCutAtTheDeadlineAndTheAbandonedCallEnds(FaultProxy.Mode mode)
      throws IOException, InterruptedException {
    try (FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint());
        DynamoDbClient client = client(proxy.endpoint())) {
      DynamoDbItemSource source = new DynamoDbItemSource(client);
      proxy.mode(mode);
      long start = System.nanoTime();
      SourceException e =
          assertThrows(SourceException.class, () -> source.findAll(List.of(request()), DEADLINE));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals("DynamoDB GetItem timed out", e.getMessage());
      assertTrue(
          took.compareTo(DEADLINE.plus(MARGIN)) < 0, mode + ": took " + took.toMillis() + " ms");

      long until = System.nanoTime() + ABANDONED_ENDS_WITHIN.toNanos();
      while (source.runningCalls() > 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      long ended = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertEquals(
          0,
          source.runningCalls(),
          mode + ": the abandoned call still holds its worker after " + ended + " ms");
    }
  }

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a type this SDK does not know
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"odd\":{\"X9\":\"1\"}}} | attribute \"odd\": no value"
            + " of a known type",
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"m\":{\"M\":{\"odd\":{}}}}} | attribute \"m.odd\": no"
            + " value of a known type",
        // numbers outside DynamoDB's range, or more text than any DynamoDB number
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"n\":{\"N\":\"1E+126\"}}} | attribute \"n\": N is"
            + " outside DynamoDB's number range",
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"n\":{\"N\":\"1e2147483648\"}}} | attribute \"n\": N is"
            + " outside DynamoDB's number range",
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"n\":{\"N\":\"1.5x\"}}} | attribute \"n\": N must be a"
            + " decimal number",
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"n\":{\"N\":\"1e999999999\"}}} | attribute \"n\": N is"
            + " outside DynamoDB's number range",
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"n\":{\"N\":\"DIGITS\"}}} | attribute \"n\": N is"
            + " longer than any DynamoDB number",
        "{\"Item\":{\"pk\":{\"S\":\"u-1\"},\"ns\":{\"NS\":[\"1\",\"1E-131\"]}}} | attribute"
            + " \"ns[1]\": N is outside DynamoDB's number range",
      })
  void anItemTheClientCannotReadIsASourceFailure(String answer, String problem) throws IOException {
    try (FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint());
        DynamoDbClient client = client(proxy.endpoint())) {
      proxy.answer(answer.replace("DIGITS", "9".repeat(100_000)));
      DynamoDbItemSource source = new DynamoDbItemSource(client);
      long start = System.nanoTime();
      SourceException e =
          assertThrows(
              SourceException.class,
              () -> source.findAll(List.of(request()), Duration.ofSeconds(2)));
      assertEquals(
          "DynamoDB GetItem returned an item that cannot be read: " + problem, e.getMessage());
      assertTrue(
          Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) < 0,
          "refused, not computed");
    }
  }

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = FaultProxy.Mode.class,
      names = {"HALF_CLOSE"})
  void aBodyCutShortIsAFailureNotNoItem(FaultProxy.Mode mode) throws IOException {
    try (FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint());
        DynamoDbClient client = client(proxy.endpoint())) {
      proxy.mode(mode);
      SourceException e =
          assertThrows(
              SourceException.class,
              () ->
                  new DynamoDbItemSource(client)
                      .findAll(List.of(request()), Duration.ofSeconds(2)));
      // JDK 17's HttpURLConnection reports the early end as an ordinary end of stream, which
      // CompleteBodies turns into "cut short"; newer JDKs throw an IOException themselves
      assertTrue(
          Set.of("DynamoDB GetItem answer was cut short", "DynamoDB unreachable")
              .contains(e.getMessage()),
          e.getMessage());
    }
  }
}
