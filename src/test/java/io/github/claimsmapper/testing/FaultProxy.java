package io.github.claimsmapper.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP-aware TCP proxy on a free loopback port in front of a loopback server (dynalite),
 * for fault-injection tests. Its {@link Mode} can be switched at any time and applies to every
 * request from then on, including requests on connections that are already open:
 *
 * <ul>
 *   <li>{@link Mode#PASS}: forwards each request (one upstream connection per request) and its
 *       response;
 *   <li>{@link Mode#DELAY}: as PASS, but holds each response for {@link #delay()} before sending
 *       it;
 *   <li>{@link Mode#RESET}: resets connections (close with {@code SO_LINGER 0}, so the client sees
 *       a TCP RST): new ones on accept, open ones at their next request;
 *   <li>{@link Mode#THROTTLE}: answers every request itself with DynamoDB's throttling error (HTTP
 *       400, {@code ProvisionedThroughputExceededException});
 *   <li>{@link Mode#HTTP_500}: answers every request itself with HTTP 500 ({@code
 *       InternalServerError});
 *   <li>{@link Mode#SILENT}: reads requests and never answers, holding the connection open (a hung
 *       server, as {@link BlackHoleServer}, but switchable after good reads).
 * </ul>
 *
 * <p>The stall modes: a server that stops at some byte of its answer, each holding the connection
 * open (and reading nothing more) until the client gives up:
 *
 * <ul>
 *   <li>{@link Mode#ACCEPT_SILENT}: accepts connections and reads nothing at all; with an {@code
 *       https} endpoint ({@link #endpoint(String)}) this is a TLS handshake that never completes;
 *   <li>{@link Mode#HEADERS_THEN_SILENCE}: a 200 head with {@code Content-Length: 100}, no body;
 *   <li>{@link Mode#PARTIAL_BODY}: that head and the first {@value #PARTIAL_BYTES} bytes of the
 *       body;
 *   <li>{@link Mode#TRICKLE}: that head, then the body one byte every {@link #TRICKLE_INTERVAL}
 *       (each read answers well within any socket timeout, so only a deadline on the whole call
 *       ends it);
 *   <li>{@link Mode#HUGE_CONTENT_LENGTH}: a head announcing {@value #HUGE_LENGTH} bytes, then
 *       whitespace (valid JSON padding) as fast as the client reads;
 *   <li>{@link Mode#HALF_CLOSE}: the head and part of the body, then the proxy shuts its sending
 *       side (FIN) and keeps the connection open.
 * </ul>
 *
 * <p>{@link Mode#ANSWER} ({@link #answer(String)}) answers every request itself with HTTP 200 and a
 * given body: an answer dynalite cannot give, such as an attribute of a type the SDK does not know
 * or a number outside DynamoDB's range.
 *
 * <p>When the upstream cannot be reached (a proxy in front of a closed port: the server stopped),
 * PASS and DELAY reset the client's connection. Requests are counted whatever the mode ({@link
 * #requests()}), connections when accepted ({@link #connections()}).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(Dynalite.shared().endpoint())) {
 *   env.put("DYNAMODB_ENDPOINT", proxy.endpoint().toString());
 *   proxy.mode(FaultProxy.Mode.THROTTLE);
 *   ...
 * }
 * }</pre>
 *
 * <p>Only loopback traffic: it listens on the loopback address and refuses an upstream that is not
 * a loopback address. At most {@value #MAX_CONNECTIONS} connections are served at once (further
 * ones are reset); {@link #close()} stops the acceptor, closes every socket and waits for the
 * worker threads.
 */
public final class FaultProxy implements AutoCloseable {

  /** What the proxy does with requests. */
  public enum Mode {
    PASS,
    DELAY,
    RESET,
    THROTTLE,
    HTTP_500,
    SILENT,
    ACCEPT_SILENT,
    HEADERS_THEN_SILENCE,
    PARTIAL_BODY,
    TRICKLE,
    HUGE_CONTENT_LENGTH,
    HALF_CLOSE,
    ANSWER
  }

  /** The body length the stall modes announce (but HUGE_CONTENT_LENGTH). */
  static final int STALL_BODY_LENGTH = 100;

  /** Body bytes PARTIAL_BODY and HALF_CLOSE send before they stop. */
  static final int PARTIAL_BYTES = 10;

  /** The pause between the bytes of a TRICKLE body. */
  public static final Duration TRICKLE_INTERVAL = Duration.ofMillis(50);

  /** What HUGE_CONTENT_LENGTH announces: about 9 TB. */
  static final long HUGE_LENGTH = 9_000_000_000_000L;

  /** The most connections served at once (one worker thread each): 16+ sign-ins and stalls. */
  public static final int MAX_CONNECTIONS = 96;

  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(10);

  static final String THROTTLE_BODY =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
          + "\"message\":\"Rate exceeded\"}";
  static final String SERVER_ERROR_BODY =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
          + "\"message\":\"Internal server error\"}";

  private final ServerSocket server;
  private volatile InetSocketAddress upstream;
  private final ThreadPoolExecutor workers;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;
  private volatile Duration delay = Duration.ZERO;
  private volatile String answer = "{}";
  private volatile byte[] stalledMarker;
  private volatile Mode stalledMode = Mode.PASS;
  private final java.util.Queue<Duration> delaysInTurn =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private FaultProxy(ServerSocket server, InetSocketAddress upstream) {
    this.server = server;
    this.upstream = upstream;
    this.workers =
        new ThreadPoolExecutor(
            0,
            MAX_CONNECTIONS,
            5,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "fault-proxy-worker");
              thread.setDaemon(true);
              return thread;
            });
    this.acceptor = new Thread(this::acceptForever, "fault-proxy-accept");
    this.acceptor.setDaemon(true);
  }

  /**
   * Starts a proxy in PASS mode in front of {@code target} (such as {@code
   * http://127.0.0.1:41234}).
   *
   * @throws IllegalArgumentException when the target is not a loopback address with a port
   */
  public static FaultProxy start(URI target) throws IOException {
    InetSocketAddress upstream = loopback(target);
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    FaultProxy proxy = new FaultProxy(server, upstream);
    proxy.acceptor.start();
    return proxy;
  }

  private static InetSocketAddress loopback(URI target) throws IOException {
    Objects.requireNonNull(target, "target");
    if (target.getHost() == null || target.getPort() < 0) {
      throw new IllegalArgumentException("the target needs a host and a port: " + target);
    }
    InetAddress address = InetAddress.getByName(target.getHost());
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the fault proxy forwards to loopback addresses only: " + target);
    }
    return new InetSocketAddress(address, target.getPort());
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:41235}. */
  public URI endpoint() {
    return endpoint("http");
  }

  /**
   * Where it listens, with the given scheme: {@code https} makes a client start a TLS handshake,
   * which only {@link Mode#ACCEPT_SILENT} lets stall (the proxy speaks no TLS).
   */
  public URI endpoint(String scheme) {
    return URI.create(
        scheme + "://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
  }

  /**
   * One stalled partition: requests whose body holds {@code marker} (a user's key value) get {@code
   * stall}, every other request the proxy's mode. Applies from the next request on.
   */
  public FaultProxy stallRequestsHolding(String marker, Mode stall) {
    this.stalledMode = Objects.requireNonNull(stall, "stall");
    this.stalledMarker = marker.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** Switches the mode; it applies to the next request on every connection. */
  public FaultProxy mode(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * Forwards to another loopback target from the next request on, such as a closed port (the server
   * stopped behind the proxy: PASS and DELAY then reset the client's connection).
   */
  public FaultProxy upstream(URI target) throws IOException {
    this.upstream = loopback(target);
    return this;
  }

  /** The current mode. */
  public Mode mode() {
    return mode;
  }

  /** Switches to DELAY mode: every response is held for {@code delay} before it is sent. */
  public FaultProxy delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be negative: " + delay);
    }
    this.delay = delay;
    delaysInTurn.clear();
    this.mode = Mode.DELAY;
    return this;
  }

  /** Switches to ANSWER mode: every request is answered with HTTP 200 and {@code body}. */
  public FaultProxy answer(String body) {
    this.answer = Objects.requireNonNull(body, "body");
    this.mode = Mode.ANSWER;
    return this;
  }

  /**
   * Switches to DELAY mode with a delay per request, in turn: the first request from now on is held
   * for the first delay, and so on; requests after the last are held for {@link #delay()} (zero
   * unless set).
   */
  public FaultProxy delaysInTurn(List<Duration> delays) {
    delaysInTurn.clear();
    delaysInTurn.addAll(delays);
    this.mode = Mode.DELAY;
    return this;
  }

  /** The delay DELAY mode applies. */
  public Duration delay() {
    return delay;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /**
   * HTTP requests received so far (in every mode except RESET and ACCEPT_SILENT, which never read
   * one).
   */
  public int requests() {
    return requests.get();
  }

  /** Requests forwarded upstream so far (PASS and DELAY). */
  public int forwarded() {
    return forwarded.get();
  }

  /** Forgets the counts. */
  public void resetCounts() {
    connections.set(0);
    requests.set(0);
    forwarded.set(0);
  }

  private void acceptForever() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      if (!client.getInetAddress().isLoopbackAddress() || mode == Mode.RESET) {
        reset(client);
        continue;
      }
      open.add(client);
      if (mode == Mode.ACCEPT_SILENT) {
        continue; // held open, never read: closed by close()
      }
      try {
        workers.execute(() -> serve(client));
      } catch (RejectedExecutionException e) {
        open.remove(client);
        reset(client); // all workers busy: bounded, so refuse
      }
    }
  }

  /** Serves one client connection, request by request, as the mode at each request says. */
  private void serve(Socket client) {
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (!closed) {
        Request request = Request.read(in);
        if (request == null) {
          return; // the client closed the connection
        }
        Mode now = mode;
        byte[] marker = stalledMarker;
        if (marker != null && indexOf(request.body, marker) >= 0) {
          now = stalledMode;
        }
        if (now == Mode.RESET) {
          reset(client);
          return;
        }
        requests.incrementAndGet();
        switch (now) {
          case THROTTLE ->
              answer(
                  out, 400, "Bad Request", "ProvisionedThroughputExceededException", THROTTLE_BODY);
          case HTTP_500 ->
              answer(out, 500, "Internal Server Error", "InternalServerError", SERVER_ERROR_BODY);
          case ANSWER -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            out.write(stallHead(body.length));
            out.write(body);
            out.flush();
          }
          case SILENT, ACCEPT_SILENT -> {
            holdOpen(in);
            return;
          }
          case HEADERS_THEN_SILENCE -> {
            out.write(stallHead(STALL_BODY_LENGTH));
            out.flush();
            holdOpen(in);
            return;
          }
          case PARTIAL_BODY -> {
            out.write(stallHead(STALL_BODY_LENGTH));
            out.write(STALL_BODY, 0, PARTIAL_BYTES);
            out.flush();
            holdOpen(in);
            return;
          }
          case HALF_CLOSE -> {
            out.write(stallHead(STALL_BODY_LENGTH));
            out.write(STALL_BODY, 0, PARTIAL_BYTES);
            out.flush();
            client.shutdownOutput();
            holdOpen(in);
            return;
          }
          case TRICKLE -> {
            out.write(stallHead(STALL_BODY_LENGTH));
            out.flush();
            for (byte b : STALL_BODY) {
              if (!sleep(TRICKLE_INTERVAL)) {
                return;
              }
              out.write(b);
              out.flush();
            }
            return;
          }
          case HUGE_CONTENT_LENGTH -> {
            out.write(stallHead(HUGE_LENGTH));
            byte[] padding = " ".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            while (!closed) {
              out.write(padding); // blocks while the client does not read; fails once it is gone
            }
            return;
          }
          default -> {
            byte[] response = forward(request);
            if (response == null) {
              reset(client); // upstream down: as a stopped server looks to a client
              return;
            }
            Duration held = now == Mode.DELAY ? delaysInTurn.poll() : null;
            if (now == Mode.DELAY && !sleep(held != null ? held : delay)) {
              return;
            }
            out.write(response);
            out.flush();
            return; // the response says Connection: close
          }
        }
      }
    } catch (IOException e) {
      // the client went away (for instance it timed out): nothing to answer
    } finally {
      open.remove(client);
    }
  }

  /**
   * A GetItem answer of {@value #STALL_BODY_LENGTH} bytes: padding, then an empty object (no item).
   */
  private static final byte[] STALL_BODY =
      (" ".repeat(STALL_BODY_LENGTH - 2) + "{}").getBytes(StandardCharsets.US_ASCII);

  private static byte[] stallHead(long contentLength) {
    return ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/x-amz-json-1.0\r\n"
            + "x-amzn-RequestId: FAULTPROXY0000000000000000000000000000000000000000000\r\n"
            + "Content-Length: "
            + contentLength
            + "\r\n"
            + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Keeps the connection open, discarding what the client sends, until it gives up or close(). */
  private static void holdOpen(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }

  /**
   * Sends the request upstream on a new connection and reads the whole response; null when upstream
   * is down.
   */
  private byte[] forward(Request request) {
    try (Socket up = new Socket()) {
      up.connect(upstream, (int) UPSTREAM_TIMEOUT.toMillis());
      up.setSoTimeout((int) UPSTREAM_TIMEOUT.toMillis());
      open.add(up);
      try {
        OutputStream out = up.getOutputStream();
        out.write(request.headWith("Connection", "close"));
        out.write(request.body);
        out.flush();
        byte[] raw = up.getInputStream().readAllBytes();
        forwarded.incrementAndGet();
        return withConnectionClose(raw);
      } finally {
        open.remove(up);
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static void answer(
      OutputStream out, int status, String reason, String errorType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\n"
            + "Content-Type: application/x-amz-json-1.0\r\n"
            + "x-amzn-ErrorType: "
            + errorType
            + "\r\n"
            + "x-amzn-RequestId: FAULTPROXY0000000000000000000000000000000000000000000\r\n"
            + "Content-Length: "
            + bytes.length
            + "\r\n"
            + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  /** The upstream response with its Connection header replaced by {@code Connection: close}. */
  private static byte[] withConnectionClose(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (end < 0) {
      return raw;
    }
    String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        out.append(line).append("\r\n");
      }
    }
    out.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length + 32);
    bytes.writeBytes(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    bytes.write(raw, end + 4, raw.length - end - 4);
    return bytes.toByteArray();
  }

  private boolean sleep(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    try {
      while (!closed) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Closes with SO_LINGER 0: the peer gets a TCP RST, not an orderly FIN. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    workers.shutdownNow();
    try {
      acceptor.join(2000);
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One HTTP/1.1 request: its head lines (without the blank line) and its body. */
  // Bytes on purpose: the body is forwarded as it came; the record is never compared.
  @SuppressWarnings("ArrayRecordComponent")
  private record Request(String head, byte[] body) {

    /** Reads the next request, or returns null when the stream ends before one starts. */
    static Request read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (head.size() == 0) {
            return null;
          }
          throw new IOException("the request ended inside its head");
        }
        head.write(b);
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        if (head.size() > MAX_HEAD_BYTES) {
          throw new IOException("request head too large");
        }
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      text = text.substring(0, text.length() - 4);
      int length = 0;
      for (String line : text.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).trim());
        } else if (lower.startsWith("transfer-encoding:")) {
          throw new IOException("chunked requests are not supported");
        }
      }
      if (length < 0 || length > MAX_BODY_BYTES) {
        throw new IOException("bad Content-Length " + length);
      }
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        throw new IOException("the request ended inside its body");
      }
      return new Request(text, body);
    }

    /** The head with one header set (replacing any of that name), and the blank line. */
    byte[] headWith(String name, String value) {
      StringBuilder out = new StringBuilder();
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String line : head.split("\r\n")) {
        if (!line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          out.append(line).append("\r\n");
        }
      }
      out.append(name).append(": ").append(value).append("\r\n\r\n");
      return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
  }
}
