package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The example GitHub Actions workflow for mapping changes: it is valid YAML in the Actions shape,
 * triggers on mapping changes, and every {@code java -jar} command it runs exists in this CLI and
 * succeeds on this repository, as it would on the runner (shell globs expanded the same way).
 */
class MappingsWorkflowTest {
  static final Path WORKFLOW = Path.of(".github/workflows/mappings.yml");
  static final String JAR = "java -jar target/cognito-claims-mapper.jar ";

  static JsonNode workflow() throws Exception {
    return new YAMLMapper().readTree(Files.readString(WORKFLOW));
  }

  static List<String> runs() throws Exception {
    List<String> runs = new ArrayList<>();
    for (JsonNode job : workflow().get("jobs")) {
      for (JsonNode step : job.get("steps")) {
        if (step.has("run")) {
          runs.add(step.get("run").asText().strip());
        }
      }
    }
    return runs;
  }

  @Test
  void itTriggersOnMappingChangesInPullRequestsAndPushes() throws Exception {
    JsonNode on = workflow().get("on");
    for (String event : List.of("pull_request", "push")) {
      List<String> paths = new ArrayList<>();
      on.get(event).get("paths").forEach(p -> paths.add(p.asText()));
      assertTrue(paths.contains("config/**"), event + " on mapping changes: " + paths);
      assertTrue(
          paths.contains("src/test/resources/cli/mapping-tests/**"),
          event + " on test case changes: " + paths);
    }
    assertEquals(
        "read", workflow().at("/permissions/contents").asText(), "least privilege for the token");
  }

  @Test
  void itValidatesWithGithubAnnotationsAndRunsTheMappingTests() throws Exception {
    List<String> commands =
        runs().stream().filter(r -> r.startsWith(JAR)).map(r -> r.substring(JAR.length())).toList();
    assertTrue(
        commands.stream().anyMatch(c -> c.startsWith("validate --format github ")),
        "validate --format github: " + commands);
    assertTrue(commands.stream().anyMatch(c -> c.startsWith("test ")), "test: " + commands);
    assertTrue(
        runs().get(0).startsWith("mvn -B -q package -DskipTests"),
        "the jar is built first: " + runs());
  }

  @Test
  void everyCommandItRunsExistsAndPassesHere() throws Exception {
    for (String run : runs()) {
      if (!run.startsWith(JAR)) {
        continue;
      }
      List<String> args = new ArrayList<>();
      for (String word : run.substring(JAR.length()).split("\\s+")) {
        args.addAll(expand(word));
      }
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          Main.run(
              args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
      assertEquals(0, exit, run + "\n" + out + err);
      assertTrue(
          !out.toString().contains("Unknown") && err.toString().isEmpty(), run + "\n" + out + err);
    }
  }

  /** A shell glob in the last path segment, as bash expands it; other words as they are. */
  private static List<String> expand(String word) throws Exception {
    if (!word.contains("*")) {
      return List.of(word);
    }
    Path dir = Path.of(word).getParent();
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + word);
    try (Stream<Path> files = Files.list(dir)) {
      List<String> matched = files.filter(glob::matches).map(Path::toString).sorted().toList();
      assertTrue(!matched.isEmpty(), word + " matches files");
      return matched;
    }
  }

  @Test
  void theGlobExpansionMatchesEveryMappingInConfig() throws Exception {
    assertEquals(
        Arrays.asList(
            "config/claims.yaml",
            "config/memberships.yaml",
            "config/multi-tenant.yaml",
            "config/tenant-rbac.yaml"),
        expand("config/*.yaml"));
  }
}
