package io.github.claimsmapper.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's files the benchmarks read: the seed mapping and sample event and item of the
 * main project, and the 50-claim mapping under {@code benchmarks/mappings}. The repository root
 * is the system property {@code bench.root}, else the environment variable {@code BENCH_ROOT},
 * else the first directory upwards from the working directory holding {@code config/claims.yaml}.
 */
public final class BenchFiles {
  public static final String SEED_MAPPING = "config/claims.yaml";
  public static final String SEED_ITEM = "events/items/user.json";
  public static final String FIFTY_MAPPING = "benchmarks/mappings/claims-50.yaml";
  public static final String FIFTY_ITEM = "benchmarks/mappings/item-50.json";
  public static final String V2_EVENT = "events/v2-authentication.json";

  private BenchFiles() {}

  public static Path root() {
    String configured = System.getProperty("bench.root", System.getenv("BENCH_ROOT"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SEED_MAPPING))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root: set -Dbench.root or BENCH_ROOT");
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode json(String relative) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(bytes(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads and compiles a mapping with {@code TABLE_NAME=users}. */
  public static MappingPlan plan(String relative) {
    try {
      return new MappingLoader(Map.of("TABLE_NAME", "users")).load(path(relative)).plan();
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Checks, through the façade's response, that a mapping yields {@code expected} claims in all. */
  public static void requireClaims(MappingPlan plan, String item, int expected) {
    ObjectNode itemJson = json(item);
    ObjectNode response = new ClaimsMapper(plan, request -> Optional.of(itemJson), Log.NONE)
        .respond(json(V2_EVENT), "check");
    JsonNode details = response.path("response").path("claimsAndScopeOverrideDetails");
    int claims = details.path("idTokenGeneration").path("claimsToAddOrOverride").size()
        + details.path("accessTokenGeneration").path("claimsToAddOrOverride").size();
    if (claims != expected) {
      throw new IllegalStateException(item + ": the mapping yields " + claims + " claims, expected " + expected);
    }
  }

  /** {@code {"event": ..., "item": ...}} as the façade builds it. */
  public static ObjectNode envelope(JsonNode event, JsonNode item) {
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.set("event", event);
    envelope.set("item", item);
    return envelope;
  }
}
