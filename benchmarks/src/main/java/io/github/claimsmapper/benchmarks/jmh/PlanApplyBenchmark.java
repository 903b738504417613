package io.github.claimsmapper.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.cognito.CognitoEvent;
import io.github.claimsmapper.engine.EventFacts;
import io.github.claimsmapper.engine.MappingPlan;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code MappingPlan.apply} alone (pure evaluation, no I/O, no JSON parsing or writing): the seed
 * mapping ({@code config/claims.yaml}) and the 50-claim mapping ({@code
 * benchmarks/mappings/claims-50.yaml}) over {@code {event: events/v2-authentication.json, item}}.
 * Targets (BENCHMARKS.md): seed ≤ 5 µs, 50 claims ≤ 50 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlanApplyBenchmark {
  private MappingPlan seed;
  private JsonNode seedEnvelope;
  private MappingPlan fifty;
  private JsonNode fiftyEnvelope;
  /** What the façade hands the plan for the sample event: its targets, client id and groups. */
  private EventFacts facts;

  @Setup
  public void setUp() {
    facts = CognitoEvent.of(BenchFiles.json(BenchFiles.V2_EVENT)).facts();
    seed = BenchFiles.plan(BenchFiles.SEED_MAPPING);
    seedEnvelope = BenchFiles.envelope(BenchFiles.json(BenchFiles.V2_EVENT), BenchFiles.json(BenchFiles.SEED_ITEM));
    fifty = BenchFiles.plan(BenchFiles.FIFTY_MAPPING);
    fiftyEnvelope = BenchFiles.envelope(BenchFiles.json(BenchFiles.V2_EVENT), BenchFiles.json(BenchFiles.FIFTY_ITEM));
    BenchFiles.requireClaims(fifty, BenchFiles.FIFTY_ITEM, 50);
    BenchFiles.requireClaims(seed, BenchFiles.SEED_ITEM, 3);
  }

  @Benchmark
  public Object seedApply() {
    return seed.apply(seedEnvelope, facts);
  }

  @Benchmark
  public Object claims50Apply() {
    return fifty.apply(fiftyEnvelope, facts);
  }
}
