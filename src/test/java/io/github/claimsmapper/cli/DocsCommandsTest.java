package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.claimsmapper.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The commands a user copies from the {@code ```sh} blocks of the README and {@code docs/}. This
 * jar's commands run through {@link Main#run} and must succeed; Maven commands must be the ones the
 * build supports (the test command is what CI runs); commands of other tools (AWS CLI, SAM, CDK,
 * Docker, the shell), which need an AWS account or Docker, are checked for the files and folders
 * they name, from the folder the block has {@code cd}'d into.
 */
class DocsCommandsTest {
  static final String JAR = "java -jar target/cognito-claims-mapper.jar";

  /**
   * Its commands (cdk synth with cdk-nag, attach-trigger against a local Cognito fake, the
   * templates' parameters) are run by deploy/test/docs.test.js, which .ci/run runs after the build.
   */
  static final Path DEPLOY_GUIDE = Path.of("docs/deploy.md");

  /** Programs whose commands are checked, not run. */
  static final Set<String> EXTERNAL =
      Set.of("aws", "sam", "npx", "npm", "docker", "mkdir", "cp", "zip");

  /** One command: the file it is in, the folder it runs in (after {@code cd}), its words. */
  record Command(Path document, Path dir, List<String> words) {
    String name() {
      return document
          + ": "
          + (dir.toString().isEmpty() ? "" : "(in " + dir + ") ")
          + String.join(" ", words);
    }
  }

  /** Every command of every sh block, a block's {@code cd} carried to the commands after it. */
  static List<Command> commands() throws Exception {
    List<Command> commands = new ArrayList<>();
    for (Path document : ReadmeCommandsTest.documents()) {
      if (document.equals(DEPLOY_GUIDE)) {
        continue;
      }
      for (List<String> block : blocks(Files.readString(document))) {
        Path dir = Path.of("");
        for (String line : block) {
          for (String part : line.split(" && ")) {
            List<String> words = words(document, part.strip());
            if (words.get(0).equals("cd")) {
              Command cd = new Command(document, dir, words);
              commands.add(cd);
              dir = dir.resolve(words.get(1)).normalize();
            } else {
              commands.add(new Command(document, dir, words));
            }
          }
        }
      }
    }
    return commands;
  }

  /**
   * The words of one command as a POSIX shell splits them: single quotes are kept literally (so
   * {@code '${AWS::Region}'} reaches the program as written); anything a shell would expand or
   * redirect outside them fails the test, since a copied command must mean what it shows.
   */
  static List<String> words(Path document, String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '\'') {
        int end = command.indexOf('\'', i + 1);
        assertTrue(end > 0, document + ": an unclosed quote: " + command);
        word.append(command, i + 1, end);
        i = end;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        assertTrue(
            "\"|<>;$`".indexOf(c) < 0,
            document
                + ": copied commands use no double quotes, pipes, redirections or variables: "
                + command);
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** The lines of each sh block (indented blocks too), continuations joined, comments left out. */
  static List<List<String>> blocks(String document) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> lines = document.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```sh")) {
        continue;
      }
      List<String> block = new ArrayList<>();
      StringBuilder pending = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.endsWith("\\")) {
          pending.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        block.add(pending + line);
        pending.setLength(0);
      }
      blocks.add(block);
    }
    return blocks;
  }

  @TestFactory
  Stream<DynamicTest> everyCopiedCommandWorksOrNamesFilesThatExist() throws Exception {
    List<Command> commands = commands();
    assertTrue(commands.size() >= 10, "commands found: " + commands.size());
    return commands.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  static void check(Command command) throws Exception {
    List<String> words = command.words();
    String line = String.join(" ", words);
    if (line.startsWith(JAR + " ")) {
      assertEquals(Path.of(""), command.dir(), "the jar's commands run from the project root");
      runJar(words.subList(3, words.size()));
    } else if (words.get(0).equals("mvn")) {
      checkMaven(command);
    } else if (words.get(0).equals("cd")) {
      Path target = command.dir().resolve(words.get(1)).normalize();
      existsOrIsBuilt(target, command);
    } else if (EXTERNAL.contains(words.get(0))) {
      checkExternal(command);
    } else {
      fail(
          command.name()
              + ": a command the docs test does not know; run it here or check what it names");
    }
  }

  private static void runJar(List<String> args) throws Exception {
    if (args.get(0).equals("serve")) {
      // it serves until stopped: started, its page fetched, then stopped
      ServeCommandTest.serveBriefly(args);
      return;
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, exit, String.join(" ", args) + "\n" + out + err);
    if (args.get(0).equals("render")) {
      assertTrue(
          Json.MAPPER.readTree(out.toString()).has("response"),
          "render prints the function's answer: " + out);
    }
  }

  /**
   * The build's supported commands: the test command of CI, the fast loop without the suites tagged
   * slow, the formatter, and package with an optional mapping.
   */
  private static void checkMaven(Command command) throws Exception {
    assertEquals(Path.of(""), command.dir(), "Maven runs from the project root");
    String line = String.join(" ", command.words());
    if (line.equals("mvn -B verify")) {
      assertTrue(
          Files.readString(Path.of(".ci/run")).lines().anyMatch(line::equals),
          "CI runs the documented test command");
      return;
    }
    if (line.equals("mvn -B test -DexcludedGroups=slow")) {
      String pom = Files.readString(Path.of("pom.xml"));
      assertFalse(
          pom.contains("<excludedGroups>") || pom.contains("<groups>"),
          "mvn -B verify runs every test, tagged or not");
      try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
        assertTrue(
            sources
                .filter(f -> f.toString().endsWith(".java"))
                .anyMatch(DocsCommandsTest::taggedSlow),
            "some suite is tagged slow");
      }
      return;
    }
    if (line.equals("mvn spotless:apply")) {
      String pom = Files.readString(Path.of("pom.xml"));
      assertTrue(
          pom.contains("<artifactId>spotless-maven-plugin</artifactId>")
              && pom.contains("<id>format-check</id>"),
          "the build checks what spotless:apply formats");
      return;
    }
    Matcher bundle =
        Pattern.compile("mvn -B -q package -DskipTests(?: -Dclaims\\.config=(\\S+))?")
            .matcher(line);
    assertTrue(bundle.matches(), "a Maven command the docs may show: " + line);
    if (bundle.group(1) != null) {
      runJar(List.of("validate", bundle.group(1)));
    }
  }

  private static boolean taggedSlow(Path source) {
    try {
      return Files.readString(source).contains("@Tag(\"slow\")");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Other tools: the files they read must exist (file://, fileb:// and the options that take a
   * file), and so must the folders they run in. Files under target/ are made by the build or by an
   * earlier command of the block.
   */
  private static void checkExternal(Command command) throws Exception {
    List<String> words = command.words();
    existsOrIsBuilt(command.dir().toString().isEmpty() ? Path.of(".") : command.dir(), command);
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      String previous = words.get(i - 1);
      Path named = null;
      if (word.startsWith("file://") || word.startsWith("fileb://")) {
        named = Path.of(word.substring(word.indexOf("://") + 3));
      } else if (Set.of("-e", "--event", "--env-vars", "-t", "--template", "--template-file")
          .contains(previous)) {
        named = Path.of(word);
      } else if (words.get(0).equals("cp") && i == words.size() - 2) {
        named = Path.of(word);
      }
      if (named != null) {
        existsOrIsBuilt(command.dir().resolve(named).normalize(), command);
      }
    }
    if (words.get(0).equals("sam")
        && words.stream().noneMatch(w -> w.startsWith("-t") || w.startsWith("--template"))) {
      Path template = command.dir().resolve("template.yaml");
      Assumptions.assumeTrue(
          Files.isRegularFile(template), "the SAM template is not in this tree yet: " + template);
    }
    if (words.size() >= 2 && words.get(0).equals("npx") && words.get(1).equals("cdk")) {
      Path cdkJson = command.dir().resolve("cdk.json");
      Assumptions.assumeTrue(
          Files.isDirectory(command.dir()),
          "the CDK app is not in this tree yet: " + command.dir());
      assertTrue(Files.isRegularFile(cdkJson), command.name() + ": npx cdk needs " + cdkJson);
    }
    if (words.equals(List.of("npm", "ci"))) {
      Assumptions.assumeTrue(
          Files.isDirectory(command.dir()),
          "the CDK app is not in this tree yet: " + command.dir());
      assertTrue(
          Files.isRegularFile(command.dir().resolve("package-lock.json")),
          command.name() + ": npm ci needs a lockfile");
    }
  }

  /**
   * A path must exist, unless the build makes it (target/); a folder still to come is an
   * assumption.
   */
  private static void existsOrIsBuilt(Path path, Command command) {
    if (path.startsWith("target")) {
      return;
    }
    if (path.equals(Path.of("deploy")) || path.startsWith("deploy")) {
      Assumptions.assumeTrue(Files.exists(Path.of("deploy")), "deploy/ is not in this tree yet");
    }
    assertTrue(Files.exists(path), command.name() + ": " + path + " does not exist");
  }

  @Test
  void theReadmeHasTheQuickStartAndTheDeployCommands() throws Exception {
    List<String> readme =
        commands().stream()
            .filter(c -> c.document().equals(Path.of("README.md")))
            .map(c -> String.join(" ", c.words()))
            .toList();
    assertTrue(readme.contains("mvn -B verify"), readme.toString());
    assertTrue(
        readme.contains(
            JAR
                + " render --config config/claims.yaml --event events/v2-authentication.json"
                + " --item events/items/user.json"),
        readme.toString());
    assertTrue(
        readme.contains(JAR + " serve --config config/claims.yaml"),
        "the README shows the preview page: " + readme);
    assertTrue(readme.contains("npx cdk deploy"), readme.toString());
    assertTrue(readme.contains("sam deploy --guided"), readme.toString());
  }

  @Test
  void theParserJoinsContinuationsAndSplitsChains() {
    List<List<String>> blocks =
        blocks(
            """
            text
              ```sh
              # a comment
              mvn -B -q package \\
                -DskipTests && cd deploy
              ```
            """);
    assertEquals(List.of(List.of("mvn -B -q package  -DskipTests && cd deploy")), blocks);
    assertFalse(blocks("```text\nmvn\n```\n").stream().anyMatch(b -> !b.isEmpty()));
  }

  /** The README is for users: short, and free of the project's internal bookkeeping. */
  @Test
  void theReadmeIsShortAndUserFacing() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(
        readme.length() < 12_000,
        "README.md is " + readme.length() + " characters: reference goes to docs/");
    for (Pattern internal :
        List.of(Pattern.compile("(?i)\\bissue \\d+"), Pattern.compile("(?i)not met"))) {
      assertFalse(internal.matcher(readme).find(), "README.md: " + internal);
    }
    Matcher link = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)").matcher(readme);
    while (link.find()) {
      String target = link.group(1);
      if (!target.startsWith("http")) {
        if (target.equals("docs/deploy.md")) {
          continue; // written with the deploy/ app; checked once it is in the tree, below
        }
        assertTrue(Files.exists(Path.of(target)), "README links a file that exists: " + target);
      }
    }
  }

  @Test
  void everyLinkOfTheDocsResolves() throws Exception {
    for (Path document : ReadmeCommandsTest.documents()) {
      Matcher link =
          Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)").matcher(Files.readString(document));
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("http")) {
          continue;
        }
        Path resolved = document.resolveSibling(target).normalize();
        if (resolved.equals(Path.of("docs/deploy.md")) && !Files.exists(resolved)) {
          continue; // the deploy helper's page, not in this tree yet
        }
        assertTrue(
            Files.exists(resolved), document + " links " + target + ", which does not exist");
      }
    }
  }
}
