package io.github.claimsmapper.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one configuration profile from the AWS AppConfig Lambda extension's loopback endpoint
 * ({@code GET http://localhost:PORT/applications/A/environments/E/configurations/P}).
 *
 * <p>Plain HTTP/1.1 over a socket, not an HTTP client library: the request is one line, and only a
 * socket lets every read obey one deadline, so a server that stalls at any byte (or trickles one
 * byte at a time) costs at most the time given. When the {@code Configuration-Version} header names
 * the version already held, the body is not read at all.
 */
final class AppConfigClient {
  /** The extension's default port ({@code AWS_APPCONFIG_EXTENSION_HTTP_PORT}). */
  static final int DEFAULT_PORT = 2772;

  static final String VERSION_HEADER = "Configuration-Version";
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final int port;
  private final AppConfigProfile profile;
  private final int maxBodyBytes;
  private final byte[] request;

  AppConfigClient(int port, AppConfigProfile profile, int maxBodyBytes) {
    this.port = port;
    this.profile = profile;
    this.maxBodyBytes = maxBodyBytes;
    this.request =
        ("GET "
                + profile.path()
                + " HTTP/1.1\r\nHost: localhost:"
                + port
                + "\r\nAccept: */*\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** The profile this client reads. */
  AppConfigProfile profile() {
    return profile;
  }

  /** What the extension answered. */
  sealed interface Answer {}

  /** The extension serves the version already held; its body was not read. */
  record Unchanged(String version) implements Answer {}

  /**
   * The extension serves this content.
   *
   * @param version the {@code Configuration-Version} header, or empty when the server sent none
   */
  record Content(Optional<String> version, String text) implements Answer {
    /**
     * What identifies this content among versions: its version, or without a {@code
     * Configuration-Version} header the digest of its text (never the text itself, which may be 1
     * MB and is remembered for every refused version).
     */
    String key() {
      if (version.isPresent()) {
        return "version " + version.get();
      }
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return "text " + HexFormat.of().formatHex(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }
  }

  /**
   * The extension could not be read: down, slow, an error status, or an answer that is not HTTP.
   */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Asks for the profile.
   *
   * @param held the version held now, or null; the body is skipped when the extension serves it
   * @param timeout the most the whole exchange may take, connecting included
   */
  Answer fetch(String held, Duration timeout) throws Unavailable {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          millisLeft(deadline, timeout));
      socket.setTcpNoDelay(true);
      socket.getOutputStream().write(request);
      Reader in = new Reader(socket, deadline, timeout);
      String status = in.line(MAX_HEADER_BYTES);
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new Unavailable(
            "the AppConfig extension at port " + port + " did not answer HTTP for " + profile);
      }
      int code;
      try {
        code = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new Unavailable(
            "the AppConfig extension at port " + port + " did not answer HTTP for " + profile);
      }
      long length = -1;
      boolean chunked = false;
      String version = null;
      int headerBytes = status.length();
      for (String header = in.line(MAX_HEADER_BYTES);
          !header.isEmpty();
          header = in.line(MAX_HEADER_BYTES)) {
        headerBytes += header.length();
        if (headerBytes > MAX_HEADER_BYTES) {
          throw new Unavailable(
              "the AppConfig extension sent more than "
                  + MAX_HEADER_BYTES
                  + " bytes of headers for "
                  + profile);
        }
        int colon = header.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = parseLength(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "configuration-version" -> version = version(value);
          default -> {}
        }
      }
      if (code != 200) {
        // 400 and 404 name a profile the extension does not know (or may not read); 5xx its own
        // trouble
        throw new Unavailable("the AppConfig extension answered HTTP " + code + " for " + profile);
      }
      if (version != null && version.equals(held)) {
        return new Unchanged(version);
      }
      byte[] body = chunked ? in.chunked(maxBodyBytes) : in.body(length, maxBodyBytes);
      return new Content(Optional.ofNullable(version), new String(body, StandardCharsets.UTF_8));
    } catch (SocketTimeoutException e) {
      throw new Unavailable(
          "the AppConfig extension did not answer within "
              + timeout.toMillis()
              + " ms for "
              + profile);
    } catch (ConnectException e) {
      throw new Unavailable(
          "the AppConfig extension refused the connection on port " + port + " (" + profile + ")");
    } catch (IOException e) {
      throw new Unavailable(
          "the AppConfig extension could not be read for "
              + profile
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * AppConfig's versions are numbers; anything but a short printable token is refused, not logged.
   */
  private String version(String value) throws Unavailable {
    if (value.isEmpty()) {
      return null;
    }
    if (value.length() > 64 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new Unavailable(
          "the AppConfig extension sent an invalid Configuration-Version for " + profile);
    }
    return value;
  }

  private long parseLength(String value) throws Unavailable {
    try {
      long length = Long.parseLong(value);
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Unavailable("the AppConfig extension sent an invalid Content-Length for " + profile);
  }

  private static int millisLeft(long deadline, Duration timeout) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("the time given is spent (" + timeout.toMillis() + " ms)");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  /** Reads a socket with every read bounded by one deadline. */
  private final class Reader {
    private final Socket socket;
    private final InputStream in;
    private final long deadline;
    private final Duration timeout;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    Reader(Socket socket, long deadline, Duration timeout) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.deadline = deadline;
      this.timeout = timeout;
    }

    /** -1 at the end of the stream. */
    private int next() throws IOException {
      if (position == limit && !fill()) {
        return -1;
      }
      return buffer[position++] & 0xff;
    }

    private boolean fill() throws IOException {
      socket.setSoTimeout(millisLeft(deadline, timeout));
      int read = in.read(buffer);
      if (read < 0) {
        return false;
      }
      position = 0;
      limit = read;
      return true;
    }

    String line(int max) throws IOException, Unavailable {
      StringBuilder line = new StringBuilder();
      for (int c = next(); c != '\n'; c = next()) {
        if (c < 0) {
          throw new Unavailable(
              "the AppConfig extension closed the connection in the middle of its answer for "
                  + profile);
        }
        if (line.length() >= max) {
          throw new Unavailable(
              "the AppConfig extension sent more than " + max + " bytes of headers for " + profile);
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    /** A body of {@code length} bytes, or up to the end of the stream when the length is -1. */
    byte[] body(long length, int max) throws IOException, Unavailable {
      if (length > max) {
        throw tooLarge(max);
      }
      Bytes out = new Bytes(max);
      if (length < 0) {
        for (int c = next(); c >= 0; c = next()) {
          out.add(c);
        }
        return out.toArray();
      }
      for (long i = 0; i < length; i++) {
        int c = next();
        if (c < 0) {
          throw new Unavailable(
              "the AppConfig extension closed the connection in the middle of its answer for "
                  + profile);
        }
        out.add(c);
      }
      return out.toArray();
    }

    byte[] chunked(int max) throws IOException, Unavailable {
      Bytes out = new Bytes(max);
      while (true) {
        String size = line(64);
        int semicolon = size.indexOf(';');
        long length;
        try {
          length =
              Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
        } catch (NumberFormatException e) {
          throw new Unavailable("the AppConfig extension sent an invalid chunk for " + profile);
        }
        if (length == 0) {
          return out.toArray();
        }
        byte[] chunk = body(length, max);
        for (byte b : chunk) {
          out.add(b & 0xff);
        }
        line(2);
      }
    }

    private Unavailable tooLarge(int max) {
      return new Unavailable(
          "the configuration " + profile + " is larger than " + max + " bytes: not read");
    }

    /** A growing byte array with a cap. */
    private final class Bytes {
      private final int max;
      private byte[] bytes = new byte[4096];
      private int size;

      Bytes(int max) {
        this.max = max;
      }

      void add(int b) throws Unavailable {
        if (size == max) {
          throw tooLarge(max);
        }
        if (size == bytes.length) {
          bytes = java.util.Arrays.copyOf(bytes, Math.min(max, bytes.length * 2));
        }
        bytes[size++] = (byte) b;
      }

      byte[] toArray() {
        return java.util.Arrays.copyOf(bytes, size);
      }
    }
  }
}
