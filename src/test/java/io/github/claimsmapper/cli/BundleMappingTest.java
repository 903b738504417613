package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Shipping a mapping inside the jar: {@code mvn package -Dclaims.config=FILE} runs {@link
 * BundleMapping}, which validates the file and bundles only a valid one. Calling it here is what
 * the build does, without a second Maven build per case; the pom test pins the wiring.
 */
class BundleMappingTest {
  record Result(int exit, String err) {}

  static Result bundle(Path source, Path target) {
    StringWriter err = new StringWriter();
    int exit = BundleMapping.run(source, target, new PrintWriter(err, true));
    return new Result(exit, err.toString());
  }

  @Test
  void aBrokenMappingFailsTheBuildWithEveryProblemLocatedAndIsNotBundled(@TempDir Path dir) {
    Path target = dir.resolve("classes/config/claims.yaml");
    Result result = bundle(Path.of("src/test/resources/invalid/added-and-suppressed.yaml"), target);
    assertEquals(1, result.exit());
    assertEquals(
        """
        src/test/resources/invalid/added-and-suppressed.yaml:5:14: $.idToken.suppress[0]: \
        'email' is both added and suppressed in this token (Cognito would suppress it)
        src/test/resources/invalid/added-and-suppressed.yaml:5:35: $.idToken.suppress[2]: \
        warning: 'phone_number' is listed twice
        src/test/resources/invalid/added-and-suppressed.yaml:9:16: $.accessToken.scopes.suppress[0]: \
        'orders-api/read' is both added and suppressed
        1 file checked: 2 errors, 1 warning
        src/test/resources/invalid/added-and-suppressed.yaml: not bundled into the jar: \
        fix the problems above (claims.config names the file)
        """,
        result.err());
    assertFalse(Files.exists(target), "nothing is bundled from a broken mapping");
  }

  @Test
  void aBrokenMappingLeavesWhatWasBundledBeforeUntouched(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("claims.yaml");
    Files.writeString(target, "version: 1\n");
    assertEquals(
        1, bundle(Path.of("src/test/resources/invalid/wrong-version.yaml"), target).exit());
    assertEquals("version: 1\n", Files.readString(target));
  }

  @Test
  void aMissingFileFailsTheBuild(@TempDir Path dir) {
    Result result = bundle(dir.resolve("nope.yaml"), dir.resolve("claims.yaml"));
    assertTrue(result.exit() != 0, result.err());
    assertTrue(
        result
            .err()
            .endsWith(
                "nope.yaml: not bundled into the jar: fix the problems above (claims.config names"
                    + " the file)\n"),
        result.err());
    assertFalse(Files.exists(dir.resolve("claims.yaml")));
  }

  @Test
  void aValidMappingIsBundledByteForByteAndSilently(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("classes/config/claims.yaml");
    Result result = bundle(Path.of("config/tenant-rbac.yaml"), target);
    assertEquals(
        new Result(0, ""),
        result,
        "a clean mapping prints nothing: the build's output stays pipeable");
    assertArrayEquals(
        Files.readAllBytes(Path.of("config/tenant-rbac.yaml")), Files.readAllBytes(target));
    // beside it, the checked JSON form the function loads without the YAML parser
    assertEquals(dir.resolve("classes/config/claims.json"), BundleMapping.checkedForm(target));
    assertEquals(
        new io.github.claimsmapper.config.MappingLoader(java.util.Map.of())
            .load(Path.of("config/tenant-rbac.yaml"))
            .checkedJson(),
        Files.readString(dir.resolve("classes/config/claims.json")));
  }

  @Test
  void aBrokenMappingWritesNoCheckedForm(@TempDir Path dir) {
    Path target = dir.resolve("classes/config/claims.yaml");
    assertEquals(
        1, bundle(Path.of("src/test/resources/invalid/wrong-version.yaml"), target).exit());
    assertFalse(Files.exists(dir.resolve("classes/config/claims.json")));
  }

  @Test
  void warningsAreShownButDoNotStopTheBuild(@TempDir Path dir) throws Exception {
    Path mapping = dir.resolve("warned.yaml");
    Files.writeString(mapping, "version: 1\nidToken:\n  suppress: [phone_number, phone_number]\n");
    Path target = dir.resolve("claims.yaml");
    Result result = bundle(mapping, target);
    assertEquals(0, result.exit(), result.err());
    assertEquals(
        mapping
            + ":3:28: $.idToken.suppress[1]: warning: 'phone_number' is listed twice\n"
            + "1 file checked: 0 errors, 1 warning\n",
        result.err());
    assertTrue(Files.exists(target));
  }

  /**
   * The build runs the step above on ${claims.config} before the jar is made, default the seed
   * mapping.
   */
  @Test
  void thePomValidatesAndBundlesClaimsConfigBeforeTheJar() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    assertEquals("config/claims.yaml", text(pom.getDocumentElement(), "properties/claims.config"));
    NodeList executions = pom.getElementsByTagName("execution");
    Element step = null;
    for (int i = 0; i < executions.getLength(); i++) {
      Element execution = (Element) executions.item(i);
      if ("validate-and-bundle-mapping".equals(text(execution, "id"))) {
        step = execution;
      }
    }
    assertTrue(step != null, "pom.xml has the validate-and-bundle-mapping execution");
    assertEquals(
        "prepare-package",
        text(step, "phase"),
        "runs before the jar is made, also with -DskipTests");
    assertEquals("java", text(step, "goals/goal"));
    assertEquals(BundleMapping.class.getName(), text(step, "configuration/mainClass"));
    assertEquals(
        "true", text(step, "configuration/blockSystemExit"), "its exit code fails the build");
    NodeList arguments =
        ((Element) step.getElementsByTagName("arguments").item(0)).getElementsByTagName("argument");
    assertEquals(
        List.of("${claims.config}", "${project.build.outputDirectory}/config/claims.yaml"),
        List.of(arguments.item(0).getTextContent(), arguments.item(1).getTextContent()));
  }

  private static String text(Element parent, String path) {
    Element current = parent;
    for (String name : path.split("/")) {
      Element next = null;
      for (org.w3c.dom.Node child = current.getFirstChild();
          child != null;
          child = child.getNextSibling()) {
        if (child instanceof Element e && e.getTagName().equals(name)) {
          next = e;
          break;
        }
      }
      if (next == null) {
        return null;
      }
      current = next;
    }
    return current.getTextContent().strip();
  }
}
