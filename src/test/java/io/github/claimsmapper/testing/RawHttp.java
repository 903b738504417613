package io.github.claimsmapper.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 requests written by hand, so a test can send what a browser never would and {@code
 * java.net.http} refuses to (a foreign {@code Host}, a declared body size that is not sent).
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * An answer.
   *
   * @param status the status code
   * @param headers the headers, names in lower case (the last of repeated ones)
   * @param body the body as UTF-8 text
   */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends one request to 127.0.0.1:{@code port} and reads the answer to its end.
   *
   * @param headers header lines ({@code "Host: 127.0.0.1:8080"}); {@code Content-Length} is added
   *     for a body unless given
   * @param body the body, or null
   */
  public static Response send(
      int port, String method, String target, List<String> headers, String body)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      if (body != null
          && headers.stream()
              .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))) {
        request.append("Content-Length: ").append(bytes.length).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      // the whole request is sent: a server waiting for a body it was promised sees its end
      socket.shutdownOutput();
      return read(socket.getInputStream());
    }
  }

  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    byte[] body = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }
}
