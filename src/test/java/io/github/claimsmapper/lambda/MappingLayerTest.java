package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipping a mapping in a Lambda layer (docs/shipping-a-mapping.md): the layer's zip holds {@code
 * claims-mapper/claims.yaml}, Lambda extracts it under {@code /opt}, and {@code
 * CLAIMS_CONFIG=/opt/claims-mapper/claims.yaml} makes the function read it instead of the mapping
 * bundled in the jar. {@code /opt} itself is the layer's root, a temporary folder here.
 */
class MappingLayerTest {
  static final String LAYER_PATH = "claims-mapper/claims.yaml";

  @Test
  void theFunctionReadsTheMappingFromTheLayerNamedByClaimsConfig(@TempDir Path opt)
      throws Exception {
    Path mapping = opt.resolve(LAYER_PATH);
    Files.createDirectories(mapping.getParent());
    Files.writeString(
        mapping,
        """
        version: 1
        idToken:
          claims:
            mapping_from: "'layer'"
        """);
    Handler handler =
        new Handler(
            Wiring.from(
                Settings.from(
                    Map.of("CLAIMS_CONFIG", mapping.toString(), "AWS_REGION", "us-east-1"))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Files.readAllBytes(Path.of("events/v2-authentication.json"))),
        out,
        new TestContext("layer-1"));
    JsonNode claims =
        Json.MAPPER
            .readTree(out.toByteArray())
            .at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride");
    assertEquals(
        Json.MAPPER.readTree("{\"mapping_from\":\"layer\"}"),
        claims,
        "the layer's mapping, not the bundled one");
  }

  @Test
  void aLayerPathThatIsNotThereStopsTheFunctionAtStartWithAClearMessage(@TempDir Path opt) {
    Path missing = opt.resolve(LAYER_PATH);
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                new Handler(
                    Wiring.from(Settings.from(Map.of("CLAIMS_CONFIG", missing.toString())))));
    assertEquals(
        "the claims mapping "
            + missing
            + " cannot be read (NoSuchFileException): the function will not start",
        e.getMessage());
  }

  @Test
  void aMappingFileLargerThanTheLoadersCapStopsTheFunctionAtStartUnread(@TempDir Path opt)
      throws Exception {
    Path huge = opt.resolve("claims.yaml");
    try (var file =
        java.nio.channels.FileChannel.open(
            huge,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      file.write(
          java.nio.ByteBuffer.wrap(new byte[] {'#'}),
          MappingLoader.MAX_FILE_BYTES); // one byte past the cap
    }
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                new Handler(Wiring.from(Settings.from(Map.of("CLAIMS_CONFIG", huge.toString())))));
    assertEquals(
        "the claims mapping " + huge + " is larger than 1 MiB: the function will not start",
        e.getMessage());
  }

  @Test
  void withoutClaimsConfigTheFunctionReadsWhereTheBuildBundlesTheMapping() throws Exception {
    assertEquals("config/claims.yaml", Handler.BUNDLED_CONFIG);
    String pom = Files.readString(Path.of("pom.xml"));
    assertTrue(
        pom.contains(
            "<argument>${project.build.outputDirectory}/" + Handler.BUNDLED_CONFIG + "</argument>"),
        "the build bundles ${claims.config} where the handler reads it");
  }
}
