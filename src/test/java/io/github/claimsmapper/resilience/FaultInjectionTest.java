package io.github.claimsmapper.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT;
import static org.junit.jupiter.api.parallel.ResourceAccessMode.READ;
import static org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.resilience.LambdaRun.CapturedHandler;
import io.github.claimsmapper.resilience.LambdaRun.Result;
import io.github.claimsmapper.testing.BlackHoleServer;
import io.github.claimsmapper.testing.Dynalite;
import io.github.claimsmapper.testing.FaultProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Fault injection against the real DynamoDB-compatible server: the real {@code Handler}, built from
 * its environment with {@code DYNAMODB_ENDPOINT} pointing at a {@link FaultProxy} in front of
 * dynalite (or at a port that never answers), and a mapping file with {@code timeout}, {@code
 * onError} and {@code cache}. For each fault and each policy: the outcome the policy says, within
 * the deadline (with generous margins). The measured times are written to {@code
 * target/failure-behaviour.md} for the report.
 */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
// (docs/development.md)
class FaultInjectionTest {
  static final String USER_A = "fault-user-a-7c1e";
  static final String USER_B = "fault-user-b-52d9";

  /** Item values that must never reach a log line. */
  static final String FIRST_NAME_A = "Jane-a91f";

  static final String FIRST_NAME_B = "John-b22e";
  static final String SECRET_VALUE = "blue-secret-0b7d";

  static final String TIMEOUT = "300ms";

  /** The generous bound every faulty sign-in must answer within, for a 300 ms timeout. */
  static final Duration ANSWERED_WITHIN = Duration.ofSeconds(2);

  /** Faulty sign-ins per fault and policy; the report gives the worst and the median. */
  static final int RUNS = 3;

  static String table;
  static URI dynalite;
  static byte[] template;

  @TempDir static Path dir;

  /** fault -> policy -> what happened; read by {@link #writeReport()}. */
  static final Map<String, Map<String, Measurement>> MEASURED =
      Collections.synchronizedMap(new LinkedHashMap<>());

  record Measurement(String outcome, String reason, List<Duration> times) {}

  @BeforeAll
  static void seedTable() throws IOException {
    Dynalite db = Dynalite.shared();
    dynalite = db.endpoint();
    table = Dynalite.uniqueTableName("fault-users");
    db.createTable(table, "id", ScalarAttributeType.S, null, null);
    db.put(table, item("USER#" + USER_A, FIRST_NAME_A, "TENANT#t-1"));
    db.put(table, item("USER#" + USER_B, FIRST_NAME_B, "TENANT#t-1"));
    ObjectNode tenant =
        Json.MAPPER.createObjectNode().put("id", "TENANT#t-1").put("plan", "gold-plan-9d1");
    db.put(table, tenant);
    template = Files.readAllBytes(Path.of("events/v2-authentication.json"));
  }

  static ObjectNode item(String id, String firstName, String tenant) {
    return Json.MAPPER
        .createObjectNode()
        .put("id", id)
        .put("first_name", firstName)
        .put("interesting_value", SECRET_VALUE)
        .put("tenant_id", tenant.substring("TENANT#".length()));
  }

  static byte[] event(String userName) throws IOException {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(template);
    event.put("userName", userName);
    return Json.MAPPER.writeValueAsBytes(event);
  }

  // ---- servers, with the tests running concurrently

  /**
   * The tests of this class run concurrently ({@code @Execution(CONCURRENT)}, at most 2 at once:
   * src/test/resources/junit-platform.properties): nearly all their time is spent waiting out
   * deadlines, and the waits overlap. Each test has its own proxy, handler, client and log, and
   * users and files of its own. Two faults point the handler at a port that was just closed; a
   * server another test started at that moment could be given that free port and answer in its
   * place. So a server starts under this lock's read side, and those two faults hold the write side
   * while their port is closed.
   */
  static final ReentrantReadWriteLock PORTS = new ReentrantReadWriteLock();

  /**
   * Held for reading by every concurrent test of the class, and for writing by {@link Alone}, whose
   * tests must have the machine to themselves.
   */
  static final String MACHINE = "FaultInjectionTest: the machine's time";

  /** A server that listens on a free loopback port. */
  interface Server<T> {
    T start() throws IOException;
  }

  static <T> T listening(Server<T> server) throws IOException {
    PORTS.readLock().lock();
    try {
      return server.start();
    } finally {
      PORTS.readLock().unlock();
    }
  }

  static FaultProxy proxy() throws IOException {
    return listening(() -> FaultProxy.start(dynalite));
  }

  // ---- the faults and policies

  enum Fault {
    DELAY("response delayed 1000 ms (beyond the 300 ms timeout)"),
    RESET("connection reset (TCP RST on every connection)"),
    THROTTLE("throttled (HTTP 400 ProvisionedThroughputExceededException)"),
    HTTP_500("HTTP 500 InternalServerError"),
    STOPPED("DynamoDB stopped: nothing listens (connection refused)"),
    STOPPED_BEHIND_PROXY("DynamoDB stopped behind a proxy (proxy to a closed port: reset)"),
    SILENT("accepts and never answers");

    final String description;

    Fault(String description) {
      this.description = description;
    }
  }

  enum Policy {
    DENY("deny", ""),
    CONTINUE("continue", ""),
    STALE("stale", "  cache: { stale: 1h }\n"),
    STALE_NOTHING_CACHED("stale", "  cache: { stale: 1h }\n");

    final String yaml;
    final String cache;

    Policy(String yaml, String cache) {
      this.yaml = yaml;
      this.cache = cache;
    }

    String label() {
      return this == STALE_NOTHING_CACHED
          ? "stale, nothing cached"
          : this == STALE ? "stale, item cached" : yaml;
    }
  }

  static Stream<Arguments> faultsAndPolicies() {
    List<Arguments> all = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      for (Policy policy : Policy.values()) {
        all.add(Arguments.of(fault, policy));
      }
    }
    return all.stream();
  }

  static Path mapping(String name, String onError, String timeout, String cache)
      throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "source:\n"
            + "  table: ${env:TABLE_NAME}\n"
            + "  key:\n"
            + "    id: \"USER#${event.userName}\"\n"
            + "  onMissing: continue\n"
            + "  onError: "
            + onError
            + "\n"
            + (timeout == null ? "" : "  timeout: " + timeout + "\n")
            + cache
            + "idToken:\n"
            + "  claims:\n"
            + "    first_name: item.first_name\n"
            + "    mapped_by: { const: claims-mapper }\n"
            + "accessToken:\n"
            + "  claims:\n"
            + "    interesting_value: item.interesting_value\n");
    return file;
  }

  static Map<String, String> env(Path mapping, URI endpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("TABLE_NAME", table);
    env.put("DYNAMODB_ENDPOINT", endpoint.toString());
    env.put("CLAIMS_CONFIG", mapping.toString());
    env.put("LOG_LEVEL", "DEBUG");
    return env;
  }

  static void inject(Fault fault, FaultProxy proxy) throws IOException {
    switch (fault) {
      case DELAY -> proxy.delay(Duration.ofSeconds(1));
      case RESET -> proxy.mode(FaultProxy.Mode.RESET);
      case THROTTLE -> proxy.mode(FaultProxy.Mode.THROTTLE);
      case HTTP_500 -> proxy.mode(FaultProxy.Mode.HTTP_500);
      case STOPPED -> proxy.close(); // the endpoint's port is closed: connection refused
      case STOPPED_BEHIND_PROXY ->
          proxy.upstream(URI.create("http://127.0.0.1:" + closedPort())).mode(FaultProxy.Mode.PASS);
      case SILENT -> proxy.mode(FaultProxy.Mode.SILENT);
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * A good read through the proxy, to warm the client and fill the cache. With a 300 ms timeout one
   * read can miss its deadline on a loaded machine (that is the deadline working, not the subject
   * of the test), so it is tried until one succeeds.
   */
  static Result goodRead(CapturedHandler h, String user, String field) throws IOException {
    Result result = null;
    for (int attempt = 1; attempt <= 10; attempt++) {
      result = h.invoke(event(user), "warm-" + attempt);
      if (result.allowed() && idClaims(result.response()).has(field)) {
        return result;
      }
    }
    throw new AssertionError("no good read in 10 attempts:\n" + h.log());
  }

  static JsonNode details(ObjectNode response) {
    return response.path("response").path("claimsAndScopeOverrideDetails");
  }

  static JsonNode idClaims(ObjectNode response) {
    return details(response).path("idTokenGeneration").path("claimsToAddOrOverride");
  }

  static JsonNode accessClaims(ObjectNode response) {
    return details(response).path("accessTokenGeneration").path("claimsToAddOrOverride");
  }

  // ---- fault x policy

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @ParameterizedTest(name = "{0} with onError {1}")
  @MethodSource("faultsAndPolicies")
  void eachFaultGetsThePolicysOutcomeWithinTheDeadline(Fault fault, Policy policy)
      throws IOException {
    Path file = mapping(fault + "-" + policy, policy.yaml, TIMEOUT, policy.cache);
    try (FaultProxy proxy = proxy()) {
      CapturedHandler h = CapturedHandler.of(env(file, proxy.endpoint()));

      // one good read through the proxy: warms the client, and fills the cache for stale
      Result good = goodRead(h, USER_A, "first_name");
      assertEquals(FIRST_NAME_A, idClaims(good.responseOrFail()).path("first_name").textValue());

      boolean closesAPort = fault == Fault.STOPPED || fault == Fault.STOPPED_BEHIND_PROXY;
      if (closesAPort) {
        PORTS
            .writeLock()
            .lock(); // until the runs are done: no other test may listen on the closed port
      }
      try {
        inject(fault, proxy);
        List<Duration> times = new ArrayList<>();
        java.util.Set<String> reasons = new java.util.TreeSet<>();
        String outcome = null;
        for (int run = 1; run <= RUNS; run++) {
          String ref = "fault-" + run;
          String user = policy == Policy.STALE_NOTHING_CACHED ? USER_B : USER_A;
          Result result = h.invoke(event(user), ref);
          times.add(result.took());
          assertTrue(
              result.took().compareTo(ANSWERED_WITHIN) < 0,
              fault + "/" + policy + ": answered after " + result.took().toMillis() + " ms");

          JsonNode summary = h.invocation(ref);
          List<String> messages = h.messagesFor(ref);
          assertEquals(1, messages.size(), "one line with the reason: " + messages);
          String message = messages.get(0);
          switch (policy) {
            case DENY, STALE_NOTHING_CACHED -> {
              SignInDenied denied = result.deniedOrFail();
              assertEquals("Sign-in could not be completed (ref " + ref + ")", denied.getMessage());
              assertEquals(0, denied.getStackTrace().length, "no stack trace travels to Cognito");
              assertEquals("denied", summary.path("outcome").asText());
              assertTrue(
                  message.startsWith("ref " + ref + ": sign-in denied at $.source"), message);
              if (policy == Policy.STALE_NOTHING_CACHED) {
                assertTrue(
                    message.endsWith("onError is stale but no item for the key is cached"),
                    message);
              }
              outcome = "denied: \"Sign-in could not be completed (ref …)\"";
            }
            case CONTINUE -> {
              ObjectNode response = result.responseOrFail();
              assertFalse(idClaims(response).has("first_name"), "no claims from the item");
              assertFalse(
                  accessClaims(response).has("interesting_value"), "no claims from the item");
              assertEquals(
                  "claims-mapper",
                  idClaims(response).path("mapped_by").textValue(),
                  "the rest of the mapping applies");
              assertEquals("allowed", summary.path("outcome").asText());
              assertTrue(message.endsWith("(onError: continue)"), message);
              outcome = "allowed, without the item's claims";
            }
            case STALE -> {
              ObjectNode response = result.responseOrFail();
              assertEquals(
                  FIRST_NAME_A,
                  idClaims(response).path("first_name").textValue(),
                  "the cached item's claims");
              assertEquals(
                  SECRET_VALUE, accessClaims(response).path("interesting_value").textValue());
              assertEquals("allowed", summary.path("outcome").asText());
              assertEquals("stale", summary.path("cache").asText());
              assertTrue(message.contains("(onError: stale: served the item read"), message);
              outcome = "allowed, with the cached item's claims (cache: stale)";
            }
          }
          reasons.add(reasonIn(message));
        }
        assertNoPersonalData(h.log());
        MEASURED
            .computeIfAbsent(
                fault.description, f -> Collections.synchronizedMap(new LinkedHashMap<>()))
            .put(policy.label(), new Measurement(outcome, String.join("; ", reasons), times));
      } finally {
        if (closesAPort) {
          PORTS.writeLock().unlock();
        }
      }
    }
  }

  /** The failure's kind from a log line: the part that names DynamoDB's failure. */
  static String reasonIn(String message) {
    int at = message.indexOf("DynamoDB");
    if (at < 0) {
      return message;
    }
    String rest = message.substring(at);
    for (String end : List.of(" (onError", "; onError")) {
      int cut = rest.indexOf(end);
      if (cut >= 0) {
        rest = rest.substring(0, cut);
      }
    }
    return rest;
  }

  static void assertNoPersonalData(String log) {
    for (String secret :
        List.of(
            USER_A,
            USER_B,
            FIRST_NAME_A,
            FIRST_NAME_B,
            SECRET_VALUE,
            "gold-plan-9d1",
            "jane.doe@example.com")) {
      assertFalse(log.contains(secret), "the log holds '" + secret + "':\n" + log);
    }
  }

  // ---- a server that stalls at any byte

  /** Ways a server can stall, each before or inside its answer. */
  enum Stall {
    CONNECT("connect never completes (accept queue full, SYNs dropped)", null),
    ACCEPT_SILENT("accepts, reads nothing, never answers", FaultProxy.Mode.ACCEPT_SILENT),
    TLS_HANDSHAKE("https: the TLS handshake is never answered", FaultProxy.Mode.ACCEPT_SILENT),
    SILENT("reads the request, never answers", FaultProxy.Mode.SILENT),
    HEADERS_THEN_SILENCE(
        "response headers (Content-Length: 100), then silence",
        FaultProxy.Mode.HEADERS_THEN_SILENCE),
    PARTIAL_BODY("headers and 10 of 100 body bytes, then silence", FaultProxy.Mode.PARTIAL_BODY),
    TRICKLE("headers, then the body one byte every 50 ms", FaultProxy.Mode.TRICKLE),
    HUGE_CONTENT_LENGTH(
        "Content-Length: 9 TB, body streamed as fast as read", FaultProxy.Mode.HUGE_CONTENT_LENGTH),
    HALF_CLOSE(
        "headers and 10 body bytes, then FIN (half-close), connection held",
        FaultProxy.Mode.HALF_CLOSE);

    final String description;
    final FaultProxy.Mode mode;

    Stall(String description, FaultProxy.Mode mode) {
      this.description = description;
      this.mode = mode;
    }
  }

  /** Sign-ins per stall: the first one (a new handler, so a new client) and the later ones. */
  static final int STALL_RUNS = 4;

  /**
   * The product promises the answer by the deadline + 50 ms: at idle the measured worst case is far
   * inside that (see docs/failure-behaviour.md). A loaded 2-core CI machine (load 4-7) can delay
   * any thread's wake-up by a few hundred ms, so the assertion allows 400 ms: it still fails for
   * every defect seen (the abandoned-connection stall took 5.6 s, trickle 580 ms, huge
   * Content-Length 912 ms, silence 452 ms for a 300 ms deadline).
   */
  static final Duration STALL_MARGIN = Duration.ofMillis(400);

  /** One stall's sign-ins: each one's wall time and the lookup time its summary line gives. */
  record StallRuns(List<Duration> took, List<Long> lookupMs) {}

  /** stall -> first call and later calls; read by {@link #writeReport()}. */
  static final Map<Stall, StallRuns> STALLS =
      Collections.synchronizedMap(new java.util.EnumMap<>(Stall.class));

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(
      value = Stall.class,
      mode = EXCLUDE,
      names = "HUGE_CONTENT_LENGTH")
  void everyStallIsCutAtTheDeadlineAndTheNextCallIsNotSlowed(Stall stall) throws IOException {
    stallIsCutAtTheDeadlineAndTheNextCallIsNotSlowed(stall);
  }

  static void stallIsCutAtTheDeadlineAndTheNextCallIsNotSlowed(Stall stall) throws IOException {
    Duration deadline = Duration.ofMillis(300);
    Path file = mapping("stall-" + stall, "continue", TIMEOUT, "");
    try (FaultProxy proxy = proxy();
        io.github.claimsmapper.testing.ConnectStall connect =
            stall == Stall.CONNECT
                ? listening(io.github.claimsmapper.testing.ConnectStall::start)
                : null) {
      URI endpoint =
          switch (stall) {
            case CONNECT -> connect.endpoint();
            case TLS_HANDSHAKE -> proxy.endpoint("https");
            default -> proxy.endpoint();
          };
      if (stall.mode != null) {
        proxy.mode(stall.mode);
      }
      CapturedHandler h = CapturedHandler.of(env(file, endpoint));
      List<Duration> times = new ArrayList<>();
      List<Long> lookups = new ArrayList<>();
      for (int run = 1; run <= STALL_RUNS; run++) {
        String ref = "stall-" + run;
        Result result = h.invoke(event(USER_A), ref);
        times.add(result.took());
        lookups.add(h.invocation(ref).path("lookupMs").asLong());
        assertFalse(idClaims(result.responseOrFail()).has("first_name"), "no claims from the item");
        assertEquals("allowed", h.invocation(ref).path("outcome").asText());
        assertTrue(
            result.took().compareTo(deadline.plus(STALL_MARGIN)) < 0,
            stall
                + ", sign-in "
                + run
                + ": answered after "
                + result.took().toMillis()
                + " ms, deadline 300 ms");
        List<String> messages = h.messagesFor(ref);
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).endsWith("(onError: continue)"), messages.get(0));
      }
      STALLS.put(stall, new StallRuns(times, lookups));
      if (stall.mode != null && stall != Stall.TLS_HANDSHAKE) {
        // the server recovers: the next sign-in reads the item, unslowed by the abandoned calls
        proxy.mode(FaultProxy.Mode.PASS);
        Result after = h.invoke(event(USER_A), "recovered");
        assertEquals(FIRST_NAME_A, idClaims(after.responseOrFail()).path("first_name").textValue());
        assertTrue(
            after.took().compareTo(deadline.plus(STALL_MARGIN)) < 0,
            "took " + after.took().toMillis() + " ms");
      }
      assertNoPersonalData(h.log());
    }
  }

  // ---- the real black hole, the default timeout, Lambda's remaining time

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @Test
  void aPortThatAcceptsAndNeverAnswersIsCutAtTheTimeout() throws IOException {
    try (BlackHoleServer server = listening(BlackHoleServer::start)) {
      for (Policy policy : List.of(Policy.DENY, Policy.CONTINUE, Policy.STALE_NOTHING_CACHED)) {
        CapturedHandler h =
            CapturedHandler.of(
                env(
                    mapping("black-hole-" + policy, policy.yaml, TIMEOUT, policy.cache),
                    server.endpoint()));
        List<Duration> times = new ArrayList<>();
        String outcome = null;
        for (int run = 1; run <= RUNS; run++) {
          Result result = h.invoke(event(USER_A), "hole-" + run);
          times.add(result.took());
          assertTrue(
              result.took().compareTo(ANSWERED_WITHIN) < 0,
              "answered after " + result.took().toMillis() + " ms");
          assertTrue(
              result.took().toMillis() >= 290,
              "cut by the 300 ms timeout, not sooner: " + result.took().toMillis() + " ms");
          if (policy == Policy.CONTINUE) {
            assertFalse(idClaims(result.responseOrFail()).has("first_name"));
            outcome = "allowed, without the item's claims";
          } else {
            result.deniedOrFail();
            outcome = "denied: \"Sign-in could not be completed (ref …)\"";
          }
        }
        assertNoPersonalData(h.log());
        MEASURED
            .computeIfAbsent(
                "accepts and never answers (BlackHoleServer, no good read before)",
                f -> Collections.synchronizedMap(new LinkedHashMap<>()))
            .put(
                policy.label(),
                new Measurement(outcome, reasonIn(h.messagesFor("hole-1").get(0)), times));
      }
    }
  }

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @Test
  void withoutATimeoutInTheFileTheLookupIsCutAtTheDefaultSecond() throws IOException {
    try (BlackHoleServer server = listening(BlackHoleServer::start)) {
      CapturedHandler h =
          CapturedHandler.of(
              env(mapping("default-timeout", "continue", null, ""), server.endpoint()));
      Result result = h.invoke(event(USER_A), "default-1");
      assertFalse(idClaims(result.responseOrFail()).has("first_name"));
      assertTrue(result.took().toMillis() >= 990, "took " + result.took().toMillis() + " ms");
      assertTrue(
          result.took().compareTo(Duration.ofMillis(2500)) < 0,
          "took " + result.took().toMillis() + " ms");
      record(
          "accepts and never answers, no `timeout` in the file (default 1000 ms)",
          "continue",
          "allowed, without the item's claims",
          h,
          "default-1",
          result);
    }
  }

  static void record(
      String fault, String policy, String outcome, CapturedHandler h, String ref, Result result) {
    MEASURED
        .computeIfAbsent(fault, f -> Collections.synchronizedMap(new LinkedHashMap<>()))
        .put(
            policy,
            new Measurement(outcome, reasonIn(h.messagesFor(ref).get(0)), List.of(result.took())));
  }

  // ---- the longest timeout a file may set

  /**
   * With the longest {@code timeout} the loader accepts (4500 ms), the client's own bounds (600 ms
   * per attempt, 2 attempts) still end a lookup to a server that never answers in about 1.2 s, and
   * a throttled one after at most one backoff (the SDK's throttling backoff is up to 1 s).
   */
  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @Test
  void theLongestTimeoutIsStillBoundedByTheClientsAttempts() throws IOException {
    try (FaultProxy proxy = proxy()) {
      CapturedHandler h =
          CapturedHandler.of(env(mapping("longest", "continue", "4500ms", ""), proxy.endpoint()));
      h.invoke(event(USER_A), "warm").responseOrFail();
      for (FaultProxy.Mode mode : List.of(FaultProxy.Mode.SILENT, FaultProxy.Mode.THROTTLE)) {
        proxy.mode(mode);
        List<Duration> times = new ArrayList<>();
        java.util.Set<String> reasons = new java.util.TreeSet<>();
        for (int run = 1; run <= RUNS; run++) {
          String ref = "longest-" + mode + "-" + run;
          Result result = h.invoke(event(USER_A), ref);
          assertFalse(idClaims(result.responseOrFail()).has("first_name"));
          assertTrue(
              result.took().compareTo(Duration.ofMillis(2500)) < 0,
              mode + " took " + result.took().toMillis() + " ms");
          times.add(result.took());
          reasons.add(reasonIn(h.messagesFor(ref).get(0)));
        }
        MEASURED
            .computeIfAbsent(
                (mode == FaultProxy.Mode.SILENT ? "accepts and never answers" : "throttled")
                    + ", `timeout: 4500ms` (the longest allowed): the client's 2 × 600 ms attempts"
                    + " bound it",
                f -> Collections.synchronizedMap(new LinkedHashMap<>()))
            .put(
                "continue",
                new Measurement(
                    "allowed, without the item's claims", String.join("; ", reasons), times));
      }
      assertNoPersonalData(h.log());
    }
  }

  // ---- several sources share one deadline

  static Path twoRounds(String name) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "source:\n"
            + "  table: ${env:TABLE_NAME}\n"
            + "  key:\n"
            + "    id: \"USER#${event.userName}\"\n"
            + "  onError: deny\n"
            + "  timeout: 1000ms\n"
            + "sources:\n"
            + "  tenant:\n"
            + "    table: ${env:TABLE_NAME}\n"
            + "    key:\n"
            + "      id: \"TENANT#${item.tenant_id}\"\n"
            + "    onError: deny\n"
            + "idToken:\n"
            + "  claims:\n"
            + "    first_name: item.first_name\n"
            + "    plan: tenant.plan\n");
    return file;
  }

  // ---- the cache's fresh window

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @Test
  void twoSignInsWithinFreshMakeOneLookup() throws IOException {
    // the cache is the subject, not the deadline: a timeout no loaded machine misses
    Path file = mapping("fresh", "deny", "2000ms", "  cache: { fresh: 5s, stale: 1h }\n");
    try (FaultProxy proxy = proxy()) {
      CapturedHandler h = CapturedHandler.of(env(file, proxy.endpoint()));
      Result first = h.invoke(event(USER_A), "fresh-1");
      Result second = h.invoke(event(USER_A), "fresh-2");

      assertEquals(1, proxy.forwarded(), "one lookup for two sign-ins");
      assertEquals(FIRST_NAME_A, idClaims(first.responseOrFail()).path("first_name").textValue());
      assertEquals(FIRST_NAME_A, idClaims(second.responseOrFail()).path("first_name").textValue());
      assertEquals("miss", h.invocation("fresh-1").path("cache").asText());
      assertEquals(1, h.invocation("fresh-1").path("lookups").asInt());
      assertEquals("hit", h.invocation("fresh-2").path("cache").asText());
      assertEquals(0, h.invocation("fresh-2").path("lookups").asInt());

      // within fresh, DynamoDB is not asked at all: a fault there changes nothing
      proxy.mode(FaultProxy.Mode.HTTP_500);
      int before = proxy.requests();
      Result third = h.invoke(event(USER_A), "fresh-3");
      assertEquals(FIRST_NAME_A, idClaims(third.responseOrFail()).path("first_name").textValue());
      assertEquals(before, proxy.requests(), "no request reached the proxy");

      // another key is not in the cache: it is read, and the fault denies (onError: deny)
      h.invoke(event(USER_B), "fresh-other").deniedOrFail();
      assertNoPersonalData(h.log());
    }
  }

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @Test
  void afterFreshTheItemIsReadAgain() throws IOException, InterruptedException {
    Path file = mapping("fresh-short", "deny", "2000ms", "  cache: { fresh: 300ms }\n");
    try (FaultProxy proxy = proxy()) {
      CapturedHandler h = CapturedHandler.of(env(file, proxy.endpoint()));
      h.invoke(event(USER_A), "short-1").responseOrFail();
      Thread.sleep(450);
      h.invoke(event(USER_A), "short-2").responseOrFail();
      assertEquals(2, proxy.forwarded());
      assertEquals("miss", h.invocation("short-2").path("cache").asText());
    }
  }

  // ---- an item whose attributes have the wrong types for the mapping

  @Execution(CONCURRENT)
  @ResourceLock(value = MACHINE, mode = READ)
  @ParameterizedTest(name = "wrong types in the item with onError {0}")
  @org.junit.jupiter.params.provider.EnumSource(
      value = Policy.class,
      names = {"DENY", "CONTINUE", "STALE"})
  void anItemWithWrongTypesGetsThePolicysOutcome(Policy policy) throws IOException {
    String user = "typeduser-" + policy.name().toLowerCase(java.util.Locale.ROOT);
    String id = "USER#" + user;
    Dynalite db = Dynalite.shared();
    db.put(
        table,
        Json.MAPPER
            .createObjectNode()
            .put("id", id)
            .put("first_name", FIRST_NAME_A)
            .put("seats", 25));
    Path file = dir.resolve("typed-" + policy + ".yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "source:\n"
            + "  table: ${env:TABLE_NAME}\n"
            + "  key:\n"
            + "    id: \"USER#${event.userName}\"\n"
            + "  onError: "
            + policy.yaml
            + "\n"
            + policy.cache
            + "idToken:\n"
            + "  claims:\n"
            + "    first_name: item.first_name\n"
            + "    seats: { value: item.seats, type: number }\n");
    CapturedHandler h = CapturedHandler.of(env(file, dynalite));
    JsonNode good = idClaims(h.invoke(event(user), "typed-good").responseOrFail());
    assertEquals(25, good.path("seats").intValue());

    db.put(
        table,
        Json.MAPPER
            .createObjectNode()
            .put("id", id)
            .put("first_name", FIRST_NAME_B)
            .put("seats", "many-" + SECRET_VALUE));
    Result result = h.invoke(event(user), "typed-bad");
    List<String> messages = h.messagesFor("typed-bad");
    switch (policy) {
      case DENY -> {
        result.deniedOrFail();
        assertEquals(
            List.of(
                "ref typed-bad: sign-in denied at $.idToken.claims.seats: cannot convert string to"
                    + " number"),
            messages);
      }
      case CONTINUE -> {
        JsonNode claims = idClaims(result.responseOrFail());
        assertEquals(
            FIRST_NAME_B, claims.path("first_name").textValue(), "the fresh item's other claims");
        assertFalse(claims.has("seats"));
        assertEquals(
            List.of("ref typed-bad: $.idToken.claims.seats: cannot convert string to number"),
            messages);
      }
      case STALE -> {
        JsonNode claims = idClaims(result.responseOrFail());
        assertEquals(
            FIRST_NAME_A,
            claims.path("first_name").textValue(),
            "the last item read without trouble");
        assertEquals(25, claims.path("seats").intValue());
        assertEquals("stale", h.invocation("typed-bad").path("cache").asText());
        assertEquals(
            List.of(
                "ref typed-bad: $.idToken.claims.seats: cannot convert string to number"
                    + " (onError: stale: trying the items last read without trouble)"),
            messages);
      }
      default -> throw new IllegalStateException();
    }
    assertNoPersonalData(h.log());
    assertFalse(h.log().contains("typeduser") || h.log().contains("many-"), h.log());
  }

  // ---- the tests that have the machine to themselves

  /**
   * The tests that must not share the machine with the concurrent ones: those whose outcome needs a
   * real answer inside a tight deadline (the retry of the first round and the second round of two
   * sharing 1000 ms, an odd answer inside 300 ms, a lookup inside 150 ms), and the stall that keeps
   * both cores busy streaming. Run among the others, the first three missed their deadlines at load
   * 8. They run one after another, while no other test of the class runs (the outer tests hold
   * {@link #MACHINE} for reading).
   */
  @Nested
  @ResourceLock(MACHINE)
  class Alone {
    /** {@link Stall#HUGE_CONTENT_LENGTH}: a body without end, streamed as fast as it is read. */
    @Test
    void aBodyWithoutEndIsCutAtTheDeadlineAndTheNextCallIsNotSlowed() throws IOException {
      stallIsCutAtTheDeadlineAndTheNextCallIsNotSlowed(Stall.HUGE_CONTENT_LENGTH);
    }

    @Test
    void lambdasRemainingTimeBoundsTheLookup() throws IOException {
      try (FaultProxy proxy = proxy()) {
        // the file allows the default 1000 ms; 400 ms left in the Lambda leave 150 ms for the
        // lookup
        CapturedHandler h =
            CapturedHandler.of(env(mapping("remaining", "continue", null, ""), proxy.endpoint()));
        assertEquals(
            FIRST_NAME_A,
            idClaims(h.invoke(event(USER_A), "warm").responseOrFail())
                .path("first_name")
                .textValue());
        proxy.mode(FaultProxy.Mode.SILENT);

        Result result = h.invoke(event(USER_A), "remaining-400", 400);
        assertFalse(idClaims(result.responseOrFail()).has("first_name"));
        long millis = result.took().toMillis();
        assertTrue(millis >= 140, "the lookup had 150 ms, took " + millis + " ms");
        assertTrue(
            millis < 900,
            "cut by the remaining time (150 ms), not the 1000 ms timeout: " + millis + " ms");
        assertTrue(h.invocation("remaining-400").path("lookupMs").asLong() < 900);
        record(
            "accepts and never answers, 400 ms left in the Lambda (lookup gets 400 − 250 = 150 ms)",
            "continue",
            "allowed, without the item's claims",
            h,
            "remaining-400",
            result);

        // less than the 250 ms kept for the response: no call at all
        int before = proxy.connections();
        Result none = h.invoke(event(USER_A), "remaining-200", 200);
        assertFalse(idClaims(none.responseOrFail()).has("first_name"));
        assertEquals(before, proxy.connections(), "no call is made when the time is spent");
        assertTrue(none.took().toMillis() < 500, "took " + none.took().toMillis() + " ms");
        assertTrue(
            h.messagesFor("remaining-200").get(0).contains("time budget"),
            h.messagesFor("remaining-200").toString());
        record(
            "200 ms left in the Lambda (less than the 250 ms kept for the response)",
            "continue",
            "allowed, without the item's claims; no DynamoDB call",
            h,
            "remaining-200",
            none);
        assertNoPersonalData(h.log());
      }
    }

    /**
     * The outcome, not the clock, tells a shared deadline from a deadline per round. The first
     * round's first attempt is held past the client's 600 ms attempt timeout and its retry answers
     * at once, so the first round takes at least 600 ms; the second round's answer is held 500 ms,
     * more than the at most 400 ms left of the 1000 ms: it is cut (denied at {@code
     * $.sources.tenant}), where a deadline per round would have answered it. Only lower bounds on
     * time decide the outcome, so a loaded machine cannot change it (this test failed at load 7
     * when two 200 ms answers had to fit in 600 ms).
     */
    @Test
    void twoRoundsOfLookupsShareOneDeadline() throws IOException {
      try (FaultProxy proxy = proxy()) {
        CapturedHandler h = CapturedHandler.of(env(twoRounds("two-rounds"), proxy.endpoint()));
        Result fits = goodRead(h, USER_A, "plan");
        assertEquals("gold-plan-9d1", idClaims(fits.responseOrFail()).path("plan").textValue());

        int before = proxy.requests();
        proxy.delaysInTurn(List.of(Duration.ofMillis(900), Duration.ZERO, Duration.ofMillis(500)));
        Result cut = h.invoke(event(USER_A), "cut");
        cut.deniedOrFail();
        assertTrue(
            h.messagesFor("cut").get(0).contains("$.sources.tenant"),
            h.messagesFor("cut").toString());
        assertEquals(
            3, proxy.requests() - before, "two attempts in the first round, one in the second");
        assertTrue(cut.took().toMillis() >= 990, "took " + cut.took().toMillis() + " ms");
        assertTrue(
            cut.took().compareTo(Duration.ofSeconds(1).plus(STALL_MARGIN)) < 0,
            "took " + cut.took().toMillis() + " ms");
        record(
            "two rounds of lookups (item, then tenant); first round: first attempt held past the"
                + " 600 ms attempt timeout, retry at once; second round held 500 ms; timeout 1000"
                + " ms",
            "deny",
            "denied at the second round: the rounds share one deadline",
            h,
            "cut",
            cut);
        assertNoPersonalData(h.log());
      }
    }

    // ---- an item the client cannot read

    @ParameterizedTest(name = "{0} with onError {1}")
    @org.junit.jupiter.params.provider.CsvSource({
      "'{\"Item\":{\"id\":{\"S\":\"x\"},\"first_name\":{\"X9\":\"1\"}}}', DENY",
      "'{\"Item\":{\"id\":{\"S\":\"x\"},\"first_name\":{\"X9\":\"1\"}}}', CONTINUE",
      "'{\"Item\":{\"id\":{\"S\":\"x\"},\"first_name\":{\"X9\":\"1\"}}}', STALE",
      "'{\"Item\":{\"id\":{\"S\":\"x\"},\"seats\":{\"N\":\"1e999999999\"}}}', DENY",
      "'{\"Item\":{\"id\":{\"S\":\"x\"},\"seats\":{\"N\":\"1e999999999\"}}}', CONTINUE",
      "'{\"Item\":{\"id\":{\"S\":\"x\"},\"seats\":{\"N\":\"1e999999999\"}}}', STALE",
    })
    void anItemTheClientCannotReadFollowsOnError(String answer, Policy policy) throws IOException {
      Path file =
          mapping(
              "unreadable-" + policy + "-" + answer.hashCode(), policy.yaml, TIMEOUT, policy.cache);
      try (FaultProxy proxy = proxy()) {
        CapturedHandler h = CapturedHandler.of(env(file, proxy.endpoint()));
        Result good = goodRead(h, USER_A, "first_name");
        assertEquals(FIRST_NAME_A, idClaims(good.responseOrFail()).path("first_name").textValue());
        proxy.answer(answer);
        Result result = h.invoke(event(USER_A), "odd");
        String attribute =
            answer.contains("X9")
                ? "first_name\": no value of a known type"
                : "seats\": N is outside DynamoDB's number range";
        String reason =
            "DynamoDB GetItem returned an item that cannot be read: attribute \"" + attribute;
        switch (policy) {
          case DENY -> {
            assertEquals(
                "Sign-in could not be completed (ref odd)", result.deniedOrFail().getMessage());
            assertEquals(
                List.of("ref odd: sign-in denied at $.source: " + reason), h.messagesFor("odd"));
            assertEquals("denied", h.invocation("odd").path("outcome").asText());
          }
          case CONTINUE -> {
            assertFalse(idClaims(result.responseOrFail()).has("first_name"));
            assertEquals(
                List.of("ref odd: $.source: " + reason + " (onError: continue)"),
                h.messagesFor("odd"));
            assertEquals("allowed", h.invocation("odd").path("outcome").asText());
          }
          case STALE -> {
            assertEquals(
                FIRST_NAME_A, idClaims(result.responseOrFail()).path("first_name").textValue());
            assertEquals("stale", h.invocation("odd").path("cache").asText());
            assertTrue(
                h.messagesFor("odd")
                    .get(0)
                    .startsWith("ref odd: $.source: " + reason + " (onError: stale: served"),
                h.messagesFor("odd").toString());
          }
          default -> throw new IllegalStateException();
        }
        assertNoPersonalData(h.log());
      }
    }
  }

  // ---- the report

  /**
   * The rows in a fixed order whatever order the concurrent tests finished in: the faults and
   * policies of the matrix in their enums' order, then the other cases by name.
   */
  static <V> Map<String, V> inReportOrder(Map<String, V> rows) {
    List<String> known = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      known.add(fault.description);
    }
    for (Policy policy : Policy.values()) {
      known.add(policy.label());
    }
    Map<String, V> ordered =
        new java.util.TreeMap<>(
            java.util.Comparator.comparingInt(
                    (String key) -> known.contains(key) ? known.indexOf(key) : known.size())
                .thenComparing(java.util.Comparator.naturalOrder()));
    synchronized (rows) {
      ordered.putAll(rows);
    }
    return ordered;
  }

  @AfterAll
  static void writeReport() throws IOException {
    if (MEASURED.isEmpty() && STALLS.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder();
    if (!STALLS.isEmpty()) {
      out.append(
          "| stall (timeout 300 ms, onError: continue) | first call (ms) | later calls (ms) | worst"
              + " | lookupMs |\n");
      out.append("|---|---|---|---|---|\n");
      synchronized (STALLS) {
        STALLS.forEach(
            (stall, runs) -> {
              List<Duration> times = runs.took();
              out.append("| ")
                  .append(stall.description)
                  .append(" | ")
                  .append(times.get(0).toMillis())
                  .append(" | ")
                  .append(
                      String.join(
                          ", ",
                          times.subList(1, times.size()).stream()
                              .map(d -> String.valueOf(d.toMillis()))
                              .toList()))
                  .append(" | ")
                  .append(times.stream().mapToLong(Duration::toMillis).max().orElse(0))
                  .append(" | ")
                  .append(String.join(", ", runs.lookupMs().stream().map(String::valueOf).toList()))
                  .append(" |\n");
            });
      }
      out.append("\n");
    }
    out.append("| fault | onError | outcome | failure logged | times (ms) | median | worst |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    synchronized (MEASURED) {
      inReportOrder(MEASURED)
          .forEach(
              (fault, policies) ->
                  inReportOrder(policies)
                      .forEach(
                          (policy, m) -> {
                            List<Long> millis =
                                m.times().stream().map(Duration::toMillis).sorted().toList();
                            out.append("| ")
                                .append(fault)
                                .append(" | ")
                                .append(policy)
                                .append(" | ")
                                .append(m.outcome())
                                .append(" | ")
                                .append(m.reason())
                                .append(" | ")
                                .append(
                                    String.join(
                                        ", ",
                                        m.times().stream()
                                            .map(d -> String.valueOf(d.toMillis()))
                                            .toList()))
                                .append(" | ")
                                .append(millis.get(millis.size() / 2))
                                .append(" | ")
                                .append(millis.get(millis.size() - 1))
                                .append(" |\n");
                          }));
    }
    Path report = Path.of("target", "failure-behaviour.md");
    Files.createDirectories(report.getParent());
    Files.writeString(report, out.toString(), StandardCharsets.UTF_8);
  }
}
