package io.github.claimsmapper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed readers: a value of the wrong type yields nothing and one located diagnostic, never a
 * default that could pass for what was written.
 */
class FieldsTest {
  @TempDir Path dir;

  private CheckedFile read(String yaml) throws IOException, ConfigException {
    Path file = dir.resolve("f.yaml");
    Files.writeString(file, yaml);
    return CheckedFile.read(file, "test file");
  }

  private static String problems(CheckedFile file) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> file.fields().diagnostics().requireNoErrors());
    return e.diagnostics().stream()
        .map(d -> d.line() + ":" + d.column() + " " + d.path() + ": " + d.message())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void aValueOfTheWrongTypeIsNothingAndOneLocatedProblem() throws Exception {
    CheckedFile file =
        read(
            """
            flag: "yes"
            name: 42
            list: [a, 1, b]
            wait: 5 minutes
            policy: retry
            """);
    JsonNode root = file.root();
    Fields fields = file.fields();
    assertEquals(Optional.empty(), fields.bool(root.get("flag"), "$.flag"));
    assertEquals(Optional.empty(), fields.string(root.get("name"), "$.name"));
    assertEquals(
        List.of(new Fields.Entry("a", "$.list[0]"), new Fields.Entry("b", "$.list[2]")),
        fields.strings(root.get("list"), "$.list"));
    assertEquals(Optional.empty(), fields.duration(root.get("wait"), "$.wait"));
    assertEquals(Optional.empty(), fields.policy(root.get("policy"), "$.policy", false));
    assertEquals(
        """
        1:7 $.flag: expected true or false, found string
        2:7 $.name: expected a string, found number
        3:11 $.list[1]: expected a string, found number
        4:7 $.wait: expected a duration such as 500ms, 2s, 5m or 1h, found '5 minutes'
        5:9 $.policy: unknown policy 'retry' (expected one of: deny, continue)\
        """,
        problems(file));
  }

  @Test
  void aValueOfTheRightTypeIsReadAsWritten() throws Exception {
    CheckedFile file =
        read(
            """
            flag: false
            wait: 2s
            bytes: 2048
            """);
    JsonNode root = file.root();
    Fields fields = file.fields();
    assertEquals(Optional.of(false), fields.bool(root.get("flag"), "$.flag"));
    assertEquals(Optional.of(Duration.ofSeconds(2)), fields.duration(root.get("wait"), "$.wait"));
    assertEquals(2048, fields.positive(root.get("bytes"), "$.bytes", "bytes").getAsInt());
    fields.keys(file.fields().object(root, "$").orElseThrow(), "$", "flag", "wait");
    assertEquals("3:1 $.bytes: unknown key 'bytes' (expected one of: flag, wait)", problems(file));
  }
}
