package io.github.claimsmapper.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.DynamoDbClients;
import io.github.claimsmapper.source.PlainItems;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The DynamoDB-compatible server (dynalite, pinned in {@code src/test/dynalite}) the integration
 * tests run against: one in-memory server per test JVM, started on first use on a free loopback
 * port and stopped when the JVM exits. Tests share it, so each uses its own table names ({@link
 * #uniqueTableName}).
 *
 * <pre>{@code
 * Dynalite db = Dynalite.shared();
 * String table = Dynalite.uniqueTableName("users");
 * db.createTable(table, "pk", ScalarAttributeType.S, null, null);
 * db.put(table, item);
 * }</pre>
 */
public final class Dynalite {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration TABLE_TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicInteger TABLES = new AtomicInteger();

  private final Process process;
  private final URI endpoint;
  private final DynamoDbClient client;

  private Dynalite(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.client =
        DynamoDbClients.create(
            Region.US_EAST_1,
            Optional.of(endpoint),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            3);
  }

  private static Dynalite shared;
  private static IllegalStateException startFailure;

  /**
   * The server of this test JVM, started on first call in the {@code dynalite.dir} directory
   * (surefire sets it to {@code src/test/dynalite}).
   *
   * @throws IllegalStateException when the server cannot start, on this and every later call, with
   *     the reason and the server's stderr
   */
  // The first start's failure is kept on purpose: every later call throws a new exception with it
  // as the cause, so each test that finds the server down reports that failure and its stack.
  @SuppressWarnings("StaticAssignmentOfThrowable")
  public static synchronized Dynalite shared() {
    if (shared == null && startFailure == null) {
      try {
        shared = start(directory(), START_TIMEOUT);
        Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "dynalite-stop"));
      } catch (IllegalStateException e) {
        startFailure = e;
      }
    }
    if (startFailure != null) {
      throw new IllegalStateException(startFailure.getMessage(), startFailure);
    }
    return shared;
  }

  /** A table name no other test in this JVM uses. */
  public static String uniqueTableName(String prefix) {
    return prefix + "-" + TABLES.incrementAndGet() + "-" + ProcessHandle.current().pid();
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** A client for the server (us-east-1, dummy static credentials, url-connection HTTP). */
  public DynamoDbClient client() {
    return client;
  }

  /**
   * Creates an on-demand table and waits until it is {@code ACTIVE}.
   *
   * @param rangeKey the sort key's name, or null for a table with a partition key only
   * @param rangeType the sort key's type, ignored when {@code rangeKey} is null
   */
  public void createTable(
      String name,
      String hashKey,
      ScalarAttributeType hashType,
      String rangeKey,
      ScalarAttributeType rangeType) {
    List<KeySchemaElement> schema = new ArrayList<>();
    List<AttributeDefinition> definitions = new ArrayList<>();
    schema.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
    definitions.add(
        AttributeDefinition.builder().attributeName(hashKey).attributeType(hashType).build());
    if (rangeKey != null) {
      schema.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
      definitions.add(
          AttributeDefinition.builder().attributeName(rangeKey).attributeType(rangeType).build());
    }
    client.createTable(
        b ->
            b.tableName(name)
                .keySchema(schema)
                .attributeDefinitions(definitions)
                .billingMode(BillingMode.PAY_PER_REQUEST));
    awaitActive(name);
  }

  /**
   * Creates a table as {@code request} describes it (secondary indexes, say) and waits until it is
   * {@code ACTIVE}.
   */
  public void createTable(
      software.amazon.awssdk.services.dynamodb.model.CreateTableRequest request) {
    client.createTable(request);
    awaitActive(request.tableName());
  }

  /**
   * Creates a new table keyed by a string {@code id} that holds the sample user ({@code
   * events/items/user.json}, which the seed mapping {@code config/claims.yaml} reads), and returns
   * its name.
   */
  public String sampleUserTable(String prefix) throws IOException {
    String table = uniqueTableName(prefix);
    createTable(table, "id", ScalarAttributeType.S, null, null);
    put(
        table,
        (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("events/items/user.json"))));
    return table;
  }

  /** Writes a plain JSON item (see {@link PlainItems#toAttributeValues}). */
  public void put(String table, ObjectNode plainItem) {
    put(table, PlainItems.toAttributeValues(plainItem));
  }

  /** Writes an item given as attribute values, for kinds plain JSON cannot express (B, sets). */
  public void put(String table, Map<String, AttributeValue> item) {
    client.putItem(b -> b.tableName(table).item(item));
  }

  private void awaitActive(String table) {
    long deadline = System.nanoTime() + TABLE_TIMEOUT.toNanos();
    while (true) {
      TableStatus status = client.describeTable(b -> b.tableName(table)).table().tableStatus();
      if (status == TableStatus.ACTIVE) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "table " + table + " not ACTIVE after " + TABLE_TIMEOUT + " (status " + status + ")");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for table " + table, e);
      }
    }
  }

  /** Whether the server process has ended. */
  boolean stopped() {
    return !process.isAlive();
  }

  /** Stops the server; the shared one is stopped when the JVM exits. */
  void stop() {
    client.close();
    try {
      process.getOutputStream().close(); // server.js exits when its stdin closes
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Path directory() {
    String dir = System.getProperty("dynalite.dir");
    if (dir == null) {
      throw new IllegalStateException(
          "system property dynalite.dir is not set; run the tests with Maven (surefire sets it)");
    }
    return Path.of(dir);
  }

  /** Runs {@code node server.js} in {@code directory} and waits for its {@code PORT n} line. */
  static Dynalite start(Path directory, Duration timeout) {
    if (!Files.isDirectory(directory.resolve("node_modules").resolve("dynalite"))) {
      throw new IllegalStateException(
          "dynalite is not installed in "
              + directory
              + "; run `npm ci` there (mvn does it in process-test-resources)");
    }
    Process process;
    try {
      process =
          new ProcessBuilder(System.getProperty("node.executable", "node"), "server.js")
              .directory(directory.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start `node server.js` in " + directory, e);
    }
    Collector stderr = new Collector(process.getErrorStream());
    CompletableFuture<Integer> port = readPort(process.getInputStream());
    try {
      int p = port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Dynalite(process, URI.create("http://127.0.0.1:" + p));
    } catch (TimeoutException | ExecutionException e) {
      // A server whose output ended has exited or is exiting: read its last words before
      // destroyForcibly, which closes the pipes and would lose what is still in them. One that
      // never printed its port is still running: stop it first, or its stderr never ends.
      String errors = e instanceof ExecutionException ? stderr.text() : null;
      process.destroyForcibly();
      if (errors == null) {
        errors = stderr.text();
      }
      throw new IllegalStateException(
          "dynalite (node server.js in "
              + directory
              + ") "
              + (e instanceof ExecutionException
                  ? "stopped before printing its port (" + e.getCause().getMessage() + ")"
                  : "did not print its port within " + timeout)
              + "; stderr:\n"
              + errors,
          e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting dynalite", e);
    }
  }

  private static CompletableFuture<Integer> readPort(InputStream stdout) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (!port.isDone() && line.startsWith("PORT ")) {
                    port.complete(Integer.parseInt(line.substring(5).trim()));
                  }
                }
                port.completeExceptionally(new IllegalStateException("its output ended"));
              } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
              }
            },
            "dynalite-stdout");
    reader.setDaemon(true);
    reader.start();
    return port;
  }

  /** Collects a stream on a daemon thread, so the child never blocks on a full pipe. */
  private static final class Collector {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;

    Collector(InputStream stream) {
      thread =
          new Thread(
              () -> {
                byte[] chunk = new byte[4096];
                try (stream) {
                  int n;
                  while ((n = stream.read(chunk)) > 0) {
                    synchronized (buffer) {
                      buffer.write(chunk, 0, n);
                    }
                  }
                } catch (IOException e) {
                  // the process ended; what was read is all there is
                }
              },
              "dynalite-stderr");
      thread.setDaemon(true);
      thread.start();
    }

    /** What arrived so far, after giving the process's last bytes a moment to arrive. */
    String text() {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (buffer) {
        String text = buffer.toString(StandardCharsets.UTF_8);
        return text.isBlank() ? "(empty)" : text;
      }
    }
  }
}
