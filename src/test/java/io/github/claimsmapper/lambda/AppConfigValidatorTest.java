package io.github.claimsmapper.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.InvalidCorpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The AppConfig validator handler, called with AppConfig-shaped events: every invalid file of the
 * test corpus is refused with exactly its located diagnostics (the version named as the file),
 * every valid mapping of the project is accepted.
 */
class AppConfigValidatorTest {
  static byte[] event(String profile, String version, byte[] content) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("applicationId", "abc1234");
    event.put("configurationProfileId", profile);
    event.put("configurationVersion", version);
    event.put("content", Base64.getEncoder().encodeToString(content));
    event.put("uri", "hosted");
    return Json.compact(event).getBytes(StandardCharsets.UTF_8);
  }

  static String validate(byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AppConfigValidator(InvalidCorpus.ENV)
        .handleRequest(new ByteArrayInputStream(event), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidFileIsRefusedWithItsLocatedDiagnostics() throws IOException {
    return InvalidCorpus.each(
        (file, name, expected) -> {
          AppConfigValidator.Refused refused =
              assertThrows(
                  AppConfigValidator.Refused.class,
                  () -> validate(event("prof123", "7", Files.readAllBytes(file))));
          assertEquals(expected.replace(name + ":", "prof123@7:"), refused.getMessage());
          assertEquals(0, refused.getStackTrace().length, "a refusal is not a bug: no stack trace");
        });
  }

  @TestFactory
  Stream<DynamicTest> everyValidMappingIsAccepted() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> config = Files.list(Path.of("config"));
        Stream<Path> golden = Files.list(Path.of("src/test/resources/golden"))) {
      config.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      golden
          .sorted()
          .map(dir -> dir.resolve("mapping.yaml"))
          .filter(Files::exists)
          .forEach(files::add);
    }
    assertTrue(files.size() >= 10, "valid mappings are missing");
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.toString(),
                    () ->
                        assertEquals(
                            "{}", validate(event("prof123", "7", Files.readAllBytes(file))))));
  }

  @Test
  void anEventThatIsNotAppConfigsIsRefusedWithWhatWasExpected() {
    AppConfigValidator.Refused refused =
        assertThrows(
            AppConfigValidator.Refused.class,
            () -> validate("{\"request\":{}}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "the validation event has no content: expected AppConfig's validator event with the"
            + " configuration base64-encoded in \"content\"",
        refused.getMessage());
    refused =
        assertThrows(
            AppConfigValidator.Refused.class,
            () -> validate("{\"content\":\"%%%\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("profile@version:1:1: $: the content is not base64", refused.getMessage());
  }

  @Test
  void trailingDataOrASecondContentIsRefused() throws IOException {
    byte[] valid = event("prof123", "9", Files.readAllBytes(Path.of("config/claims.yaml")));
    assertEquals("{}", validate(valid));
    String text = new String(valid, StandardCharsets.UTF_8);
    String bad =
        Base64.getEncoder().encodeToString("version: 2\n".getBytes(StandardCharsets.UTF_8));
    for (String event :
        List.of(
            text + " {\"content\": \"" + bad + "\"}",
            text + "x",
            text.replace("{\"applicationId\"", "{\"content\":\"" + bad + "\",\"applicationId\""))) {
      AppConfigValidator.Refused refused =
          assertThrows(
              AppConfigValidator.Refused.class,
              () -> validate(event.getBytes(StandardCharsets.UTF_8)),
              event);
      assertEquals(
          "the validation event is not one JSON object without repeated keys: expected"
              + " AppConfig's validator event",
          refused.getMessage());
    }
  }

  @Test
  void aVersionThatCannotBeCheckedIsRefusedWithALocatedLine() {
    for (Throwable failure :
        List.of(new StackOverflowError(), new OutOfMemoryError(), new IllegalStateException())) {
      AppConfigValidator validator =
          new AppConfigValidator(
              (name, text) -> {
                if (failure instanceof Error error) {
                  throw error;
                }
                throw (RuntimeException) failure;
              });
      AppConfigValidator.Refused refused =
          assertThrows(
              AppConfigValidator.Refused.class,
              () ->
                  validator.handleRequest(
                      new ByteArrayInputStream(
                          event("prof123", "4", "version: 1\n".getBytes(StandardCharsets.UTF_8))),
                      new ByteArrayOutputStream(),
                      null));
      assertEquals(
          "prof123@4:1:1: $: the mapping could not be checked ("
              + failure.getClass().getSimpleName()
              + "): refused",
          refused.getMessage());
    }
  }

  @Test
  void anEventThatCannotBeReadIsRefusedNotThrownOut() {
    java.io.InputStream failing =
        new java.io.InputStream() {
          @Override
          public int read() {
            throw new OutOfMemoryError();
          }

          @Override
          public int read(byte[] buffer, int offset, int length) {
            throw new OutOfMemoryError();
          }
        };
    AppConfigValidator.Refused refused =
        assertThrows(
            AppConfigValidator.Refused.class,
            () ->
                new AppConfigValidator(InvalidCorpus.ENV)
                    .handleRequest(failing, new ByteArrayOutputStream(), null));
    assertEquals(
        "the validation event could not be checked (OutOfMemoryError): refused",
        refused.getMessage());
  }

  @Test
  void contentThatIsNotUtf8IsRefused() {
    AppConfigValidator.Refused refused =
        assertThrows(
            AppConfigValidator.Refused.class,
            () -> validate(event("prof123", "8", new byte[] {'v', (byte) 0xff, (byte) 0xfe})));
    assertEquals("prof123@8:1:1: $: the mapping is not UTF-8 text", refused.getMessage());
  }

  @Test
  void idsThatCouldForgeADiagnosticLineAreCleaned() {
    AppConfigValidator.Refused refused =
        assertThrows(
            AppConfigValidator.Refused.class,
            () ->
                validate(
                    event(
                        "p\nfake.yaml:1:1: ok",
                        "1",
                        "version: 2\n".getBytes(StandardCharsets.UTF_8))));
    assertTrue(refused.getMessage().startsWith("pfake.yaml11ok@1:1:10: "), refused.getMessage());
  }
}
