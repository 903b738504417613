package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.claimsmapper.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The command examples of the README and of {@code docs/} are tests. Every {@code ```text} block
 * that starts with the prompt below (in {@code docs/cli.md}'s "Working on a mapping" section every
 * {@code ```text} block must) holds commands ({@code $ java -jar target/cognito-claims-mapper.jar
 * ...}, continued with a trailing {@code \}) each followed by the output it prints, standard output
 * and standard error together as a terminal shows them. {@code > FILE} at the end of a command
 * sends standard output away (it must be the response JSON, and no file is written): the block then
 * shows standard error alone. Each command runs through {@link Main#run} from the project root and
 * its output must match.
 */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
// (docs/development.md)
class ReadmeCommandsTest {
  static final String SECTION = "## Working on a mapping";
  static final String PROMPT = "$ java -jar target/cognito-claims-mapper.jar ";

  /**
   * One command of the README.
   *
   * @param args the arguments after the jar
   * @param redirected whether standard output goes to a file ({@code > FILE})
   * @param expected the lines shown after it, joined with newlines and a final newline
   */
  record Example(List<String> args, boolean redirected, String expected) {
    String name() {
      return String.join(" ", args);
    }
  }

  /** The file with the walk-through of every command. */
  static final Path WALK_THROUGH = Path.of("docs/cli.md");

  /** The README and every page of docs/. */
  static List<Path> documents() throws Exception {
    List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  static String section() throws Exception {
    String readme = Files.readString(WALK_THROUGH);
    int start = readme.indexOf("\n" + SECTION + "\n");
    assertTrue(start >= 0, WALK_THROUGH + " has no '" + SECTION + "' section");
    int end = readme.indexOf("\n## ", start + 1);
    return end < 0 ? readme.substring(start) : readme.substring(start, end);
  }

  /** The commands of every {@code ```text} block of the section, in order. */
  static List<Example> examples(String section) {
    return examples(section, true);
  }

  /**
   * The commands of the {@code ```text} blocks of a document, in order; a block may be indented
   * (inside a list item). With {@code all}, every block must start with the prompt; otherwise
   * blocks that do not (usage lines, sample files) are not examples.
   */
  static List<Example> examples(String document, boolean all) {
    List<Example> examples = new ArrayList<>();
    List<String> lines = document.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```text")) {
        continue;
      }
      int indent = lines.get(i).indexOf('`');
      List<String> block = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        String line = lines.get(i);
        block.add(
            line.length() >= indent && line.substring(0, indent).isBlank()
                ? line.substring(indent)
                : line);
      }
      boolean commands = !block.isEmpty() && block.get(0).startsWith(PROMPT);
      assertFalse(
          all && !commands,
          "every text block of '" + SECTION + "' starts with '" + PROMPT + "...': " + block);
      if (commands) {
        examples.addAll(parse(block));
      }
    }
    return examples;
  }

  private static List<Example> parse(List<String> block) {
    List<Example> examples = new ArrayList<>();
    int i = 0;
    while (i < block.size()) {
      StringBuilder command = new StringBuilder(block.get(i).substring(PROMPT.length()));
      while (command.toString().endsWith("\\")) {
        command.setLength(command.length() - 1);
        command.append(' ').append(block.get(++i).strip());
      }
      i++;
      StringBuilder output = new StringBuilder();
      for (; i < block.size() && !block.get(i).startsWith(PROMPT); i++) {
        output.append(block.get(i)).append('\n');
      }
      List<String> args = new ArrayList<>(Arrays.asList(command.toString().strip().split("\\s+")));
      boolean redirected = args.size() >= 2 && args.get(args.size() - 2).equals(">");
      if (redirected) {
        args = args.subList(0, args.size() - 2);
      }
      assertTrue(
          args.stream()
              .noneMatch(
                  a -> a.contains("'") || a.contains("\"") || a.contains(">") || a.contains("|")),
          "README commands use no quoting, pipes or other redirections: " + args);
      examples.add(new Example(List.copyOf(args), redirected, output.toString()));
    }
    return examples;
  }

  @TestFactory
  Stream<DynamicTest> everyCommandPrintsWhatTheDocsShow() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path document : documents()) {
      for (Example example : examples(Files.readString(document), false)) {
        tests.add(DynamicTest.dynamicTest(document + ": " + example.name(), () -> check(example)));
      }
    }
    assertTrue(tests.size() >= 8, "command examples found: " + tests.size());
    return tests.stream();
  }

  @Test
  void theReadmeShowsARunCommand() throws Exception {
    assertFalse(
        examples(Files.readString(Path.of("README.md")), false).isEmpty(),
        "the README's 'Change a mapping safely' shows validate with its output");
  }

  private static void check(Example example) throws Exception {
    StringWriter shown = new StringWriter();
    StringWriter file = new StringWriter();
    PrintWriter terminal = new PrintWriter(shown, true);
    PrintWriter out = example.redirected() ? new PrintWriter(file, true) : terminal;
    Main.run(example.args().toArray(String[]::new), out, terminal);
    assertEquals(example.expected(), shown.toString());
    if (example.redirected()) {
      assertTrue(
          Json.MAPPER.readTree(file.toString()).has("response"),
          "standard output is the response: " + file);
    }
  }

  @Test
  void theSectionWalksThroughEveryCommand() throws Exception {
    List<Example> examples = examples(section());
    Set<String> commands = examples.stream().map(e -> e.args().get(0)).collect(Collectors.toSet());
    assertEquals(Set.of("validate", "render", "diff", "test"), commands);
    assertTrue(
        examples.stream().anyMatch(e -> e.args().contains("--explain")),
        "render --explain is shown");
    assertTrue(examples.size() >= 7, "examples: " + examples.size());
  }

  @Test
  void theParserReadsContinuationsRedirectionAndSeveralCommandsPerBlock() {
    List<Example> examples =
        examples(
            """
            ## Working on a mapping
            ```text
            $ java -jar target/cognito-claims-mapper.jar render --config a.yaml \\
                --event e.json --explain > response.json
            line one
            $ java -jar target/cognito-claims-mapper.jar validate a.yaml
            1 file checked: 0 errors, 0 warnings
            ```
            ```yaml
            version: 1
            ```
            """);
    assertEquals(
        List.of(
            new Example(
                List.of("render", "--config", "a.yaml", "--event", "e.json", "--explain"),
                true,
                "line one\n"),
            new Example(
                List.of("validate", "a.yaml"), false, "1 file checked: 0 errors, 0 warnings\n")),
        examples);
  }
}
