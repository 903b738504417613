package io.github.claimsmapper.benchmarks.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.benchmarks.baseline.BaselineHandler;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole façade with an in-memory item: event JSON bytes in → {@code ClaimsMapper.respond} →
 * response JSON bytes out, parsing and writing included (with {@code Json.MAPPER}, as the
 * handler does). Beside it, the same work done by the hand-written baseline (its Jackson parse,
 * its response building from an in-memory item, its write), so the CPU cost of a warm sign-in
 * minus the DynamoDB call can be compared directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FacadeBenchmark {
  private byte[] event;
  private ClaimsMapper seed;
  private ClaimsMapper fifty;
  private Map<String, AttributeValue> baselineItem;

  @Setup
  public void setUp() {
    event = BenchFiles.bytes(BenchFiles.V2_EVENT);
    ObjectNode seedItem = BenchFiles.json(BenchFiles.SEED_ITEM);
    ObjectNode fiftyItem = BenchFiles.json(BenchFiles.FIFTY_ITEM);
    // The in-memory source hands out the same (never modified) item tree on every call.
    seed = new ClaimsMapper(BenchFiles.plan(BenchFiles.SEED_MAPPING), request -> Optional.of(seedItem), Log.NONE);
    fifty = new ClaimsMapper(BenchFiles.plan(BenchFiles.FIFTY_MAPPING), request -> Optional.of(fiftyItem), Log.NONE);
    baselineItem = new LinkedHashMap<>();
    seedItem.fields().forEachRemaining(e -> {
      if (e.getValue().isTextual()) {
        baselineItem.put(e.getKey(), AttributeValue.fromS(e.getValue().textValue()));
      }
    });
    try {
      if (!Json.MAPPER.readTree(seedRespond()).equals(Json.MAPPER.readTree(baselineRespond()))) {
        throw new IllegalStateException("ours and the baseline answer the seed event differently");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Benchmark
  public byte[] seedRespond() throws IOException {
    return Json.MAPPER.writeValueAsBytes(seed.respond(Json.MAPPER.readTree(event), "bench"));
  }

  @Benchmark
  public byte[] claims50Respond() throws IOException {
    return Json.MAPPER.writeValueAsBytes(fifty.respond(Json.MAPPER.readTree(event), "bench"));
  }

  @Benchmark
  public byte[] baselineRespond() throws IOException {
    return BaselineHandler.writeResponse(BaselineHandler.readEvent(event), baselineItem);
  }
}
