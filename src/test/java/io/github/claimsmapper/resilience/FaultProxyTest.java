package io.github.claimsmapper.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.FaultProxy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** The fault proxy itself, with a real SDK client in front and dynalite behind. */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
// (docs/development.md)
class FaultProxyTest {

  /** One attempt, so each call is one request the proxy sees. */
  static DynamoDbClient client(URI endpoint, Duration callTimeout) {
    return DynamoDbClients.create(
        Region.US_EAST_1,
        Optional.of(endpoint),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        callTimeout,
        callTimeout,
        1);
  }

  @Test
  void switchesModesAtRuntimeOnTheSameClient() throws IOException {
    try (FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint());
        DynamoDbClient client = client(proxy.endpoint(), Duration.ofSeconds(5))) {
      client.listTables();
      assertEquals(1, proxy.forwarded());

      proxy.mode(FaultProxy.Mode.THROTTLE);
      ProvisionedThroughputExceededException throttled =
          assertThrows(ProvisionedThroughputExceededException.class, client::listTables);
      assertEquals(400, throttled.statusCode());
      assertTrue(throttled.isThrottlingException());
      assertEquals(
          "ProvisionedThroughputExceededException", throttled.awsErrorDetails().errorCode());
      assertEquals("Rate exceeded", throttled.awsErrorDetails().errorMessage());

      proxy.mode(FaultProxy.Mode.HTTP_500);
      DynamoDbException failed = assertThrows(DynamoDbException.class, client::listTables);
      assertEquals(500, failed.statusCode());

      proxy.mode(FaultProxy.Mode.RESET);
      SdkClientException reset = assertThrows(SdkClientException.class, client::listTables);
      assertInstanceOf(IOException.class, rootCause(reset), reset.toString());

      proxy.delay(Duration.ofMillis(300));
      long start = System.nanoTime();
      client.listTables();
      long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(took >= 290, "delayed: " + took + " ms");

      proxy.mode(FaultProxy.Mode.PASS);
      client.listTables();
      assertEquals(3, proxy.forwarded());
      assertEquals(5, proxy.requests(), "every request but the reset one");
    }
  }

  @Test
  void silentHoldsTheRequestUntilTheClientGivesUp() throws IOException {
    try (FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint());
        DynamoDbClient client = client(proxy.endpoint(), Duration.ofMillis(300))) {
      proxy.mode(FaultProxy.Mode.SILENT);
      long start = System.nanoTime();
      SdkClientException e = assertThrows(SdkClientException.class, client::listTables);
      long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(
          e instanceof ApiCallTimeoutException
              || e instanceof ApiCallAttemptTimeoutException
              || rootCause(e) instanceof java.net.SocketTimeoutException,
          e.toString());
      assertTrue(took >= 290 && took < 2000, took + " ms");
      assertEquals(1, proxy.requests());
    }
  }

  @Test
  void aStoppedUpstreamResetsTheClient() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (FaultProxy proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + closed));
        DynamoDbClient client = client(proxy.endpoint(), Duration.ofSeconds(5))) {
      SdkClientException e = assertThrows(SdkClientException.class, client::listTables);
      assertInstanceOf(IOException.class, rootCause(e), e.toString());
      assertEquals(0, proxy.forwarded());

      proxy.upstream(Dynalite.shared().endpoint());
      client.listTables();
      assertEquals(1, proxy.forwarded());
    }
  }

  @Test
  void closingStopsListeningAndEndsItsThreads() throws IOException, InterruptedException {
    FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint());
    URI endpoint = proxy.endpoint();
    proxy.mode(FaultProxy.Mode.SILENT);
    Socket held = new Socket(endpoint.getHost(), endpoint.getPort()); // a worker now waits on it
    held.getOutputStream()
        .write("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    Thread.sleep(100);
    assertTrue(proxyThreads() >= 1);

    proxy.close();
    proxy.close(); // twice is fine

    try (Socket s = new Socket()) {
      assertThrows(
          ConnectException.class,
          () -> s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000));
    }
    assertEquals(-1, held.getInputStream().read(), "the held connection is closed");
    held.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (proxyThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, proxyThreads(), "worker and acceptor threads end");
  }

  @Test
  void forwardsToLoopbackOnly() {
    assertThrows(
        IllegalArgumentException.class, () -> FaultProxy.start(URI.create("http://10.1.2.3:8000")));
    assertThrows(
        IllegalArgumentException.class, () -> FaultProxy.start(URI.create("http://127.0.0.1")));
  }

  static long proxyThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("fault-proxy"))
        .count();
  }

  static Throwable rootCause(Throwable e) {
    Throwable at = e;
    while (at.getCause() != null) {
      at = at.getCause();
    }
    return at;
  }
}
