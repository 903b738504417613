package io.github.claimsmapper.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Ends a call its caller has given up on ({@link DeadlineExecutor#abandoned()}) at the next chance:
 * no further attempt is sent, and the answer being read fails at its next read.
 *
 * <p>Why: an abandoned call still holds a worker thread and a connection until it ends. A body that
 * keeps coming (a trickle, an endless {@code Content-Length}) never trips a socket timeout, and
 * reading it costs CPU the next sign-in needs; the SDK may also clear the thread's interrupt and
 * retry. The flag is the caller's own, so it holds whatever the SDK does with interrupts.
 */
final class StopWhenAbandoned implements ExecutionInterceptor {

  /** The caller gave up on this answer. */
  static final class Abandoned extends IOException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("the caller gave up on this answer");
    }
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    if (DeadlineExecutor.abandoned()) {
      // AbortedException is never retried
      throw AbortedException.builder().message("the caller gave up on this call").build();
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
    return context.responseBody().map(Checked::new);
  }

  private static final class Checked extends FilterInputStream {
    Checked(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      check();
      return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      check();
      return super.read(buffer, offset, length);
    }

    @Override
    public long skip(long n) throws IOException {
      check();
      return super.skip(n);
    }

    private static void check() throws IOException {
      if (DeadlineExecutor.abandoned()) {
        throw new Abandoned();
      }
    }
  }
}
