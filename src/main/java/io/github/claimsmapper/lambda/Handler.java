package io.github.claimsmapper.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;

/**
 * The pre token generation trigger: {@code io.github.claimsmapper.lambda.Handler::handleRequest}.
 * The mapping is loaded and compiled when Lambda creates the handler (cold start); a mapping with
 * any problem stops the function at init, so no token is issued from a broken mapping.
 *
 * <p>Thread-safe: on Lambda Managed Instances several invocations run at once in one handler. Each
 * takes one deadline from its context, and every step draws on it: the mapping's refresh check, the
 * lookups, the shadow; the response is written before the Lambda's time runs out.
 */
public final class Handler implements RequestStreamHandler {
  static final String BUNDLED_CONFIG = Wiring.BUNDLED_CONFIG;

  /** Kept from the Lambda's remaining time for writing the response. */
  static final Duration RESPONSE_MARGIN = Duration.ofMillis(250);

  private final MappingSource mapping;
  private final ShadowMapping shadow;

  /** Where the summary line goes; null for a ready façade (it writes its own summaries). */
  private final JsonLineLog lines;

  /** Held here: CRaC keeps only weak references to registered resources. */
  private final Priming priming;

  /** Used by Lambda: settings from the process environment. */
  public Handler() {
    this(Wiring.from(Settings.from(System.getenv())));
  }

  /**
   * For tests, embedders and benchmarks: a handler over {@code wiring}, which says where the
   * mapping, the items and the log lines come from ({@link Wiring#from(Settings, ItemSource,
   * PrintStream)}, {@link Wiring#of(ClaimsMapper)}).
   */
  public Handler(Wiring wiring) {
    this.mapping = wiring.mapping;
    this.shadow = wiring.shadow;
    this.lines = wiring.lines;
    this.priming = wiring.priming;
  }

  /** The AppConfig mapping, for tests; null for a file. */
  LiveMapping live() {
    return mapping instanceof LiveMapping live ? live : null;
  }

  /** The SnapStart hooks, for tests. */
  Priming priming() {
    return priming;
  }

  /**
   * Answers one invocation. The façade owns the whole of it (reading the event, the lookups, the
   * mapping, writing the response) behind one boundary: it returns the response or the neutral
   * {@link SignInDenied}, with the summary, and exactly one summary line is written either way.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Deadline deadline = Deadline.of(context, RESPONSE_MARGIN);
    String reference =
        context != null && context.getAwsRequestId() != null
            ? context.getAwsRequestId()
            : UUID.randomUUID().toString();
    MappingSource.Serving serving = mapping.serve(deadline);
    ShadowWitness witness = shadow == null ? null : new ShadowWitness(shadow, reference, deadline);
    ClaimsMapper.Answer answer =
        serving
            .mapper()
            .answerWithSummary(
                input,
                reference,
                deadline.left(),
                witness == null ? ClaimsMapper.Witness.NONE : witness);
    try {
      if (answer.denial() != null) {
        throw answer.denial();
      }
      output.write(answer.response());
    } finally {
      if (answer.summary() != null && lines != null) {
        MappingStatus status = serving.status();
        lines.invocation(
            answer.summary(),
            witness == null || witness.report() == null
                ? status
                : status.withShadow(witness.report()));
      }
    }
  }
}
