package io.github.claimsmapper.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Refuses an answer whose body ends before its {@code Content-Length}.
 *
 * <p>Why: {@code HttpURLConnection} reports the end of a body cut short by the server (a
 * half-closed or dropped connection) as an ordinary end of stream, and the SDK then reads the bytes
 * it got. A GetItem answer cut inside its leading whitespace reads as {@code {}}: "no item", which
 * the mapping's {@code onMissing} would handle as if DynamoDB had said so. Cut short, it is a
 * failure, and {@code onError} decides.
 */
final class CompleteBodies implements ExecutionInterceptor {

  /** The body ended before its announced length. */
  static final class CutShort extends IOException {
    private static final long serialVersionUID = 1L;

    CutShort(long read, long announced) {
      super("the answer ended after " + read + " of " + announced + " bytes");
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
    Optional<InputStream> body = context.responseBody();
    Optional<String> length = context.httpResponse().firstMatchingHeader("Content-Length");
    if (body.isEmpty()) {
      return body;
    }
    long announced = -1; // unknown: the HTTP client reads the body by its own rules
    if (length.isPresent()) {
      try {
        announced = Long.parseLong(length.get().trim());
      } catch (NumberFormatException e) {
        announced = -1;
      }
    }
    return Optional.of(new Counted(body.get(), announced));
  }

  private static final class Counted extends FilterInputStream {
    private final long announced;
    private long read;

    Counted(InputStream in, long announced) {
      super(in);
      this.announced = announced;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        ended();
      } else {
        read++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n < 0) {
        ended();
      } else {
        read += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      read += Math.max(0, skipped);
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false; // a reset would make the count wrong
    }

    private void ended() throws IOException {
      if (announced >= 0 && read < announced) {
        throw new CutShort(read, announced);
      }
    }
  }
}
