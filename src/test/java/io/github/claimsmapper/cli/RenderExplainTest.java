package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.claimsmapper.cli.CommandLineTest.Run;
import io.github.claimsmapper.engine.Json;
import io.github.claimsmapper.engine.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code render --explain}: standard output stays exactly the response; standard error gets one
 * located line per step, the token preview and the sizes (expected output verbatim in
 * {@code src/test/resources/cli/explain/*.stderr}).
 */
class RenderExplainTest {
  static final String GOLDEN = "src/test/resources/golden/multi-tenant-v2/";
  static final String EXPECTED = "src/test/resources/cli/explain/";

  static String expected(String name) throws Exception {
    return Files.readString(Path.of(EXPECTED + name));
  }

  @Test
  void explainsEachStepWithItsLineThenPreviewsTheTokens() throws Exception {
    String[] args = {"render", "--config", "config/multi-tenant.yaml", "--event", GOLDEN + "event.json",
        "--item", GOLDEN + "item.json", "--item", "tenant=" + GOLDEN + "items/tenant.json"};
    Run plain = run(args);
    Run explained = run(concat(args, "--explain"));
    assertEquals(0, explained.exit(), explained.err());
    assertEquals(plain.out(), explained.out(), "standard output is what the Lambda returns, with or without --explain");
    assertEquals(expected("multi-tenant-v2.stderr"), explained.err());

    Run compact = run(concat(args, "--explain", "--compact"));
    assertEquals(explained.err(), compact.err());
  }

  @Test
  void aDenialShowsTheStepsUpToItAndWhereTheFileDecidedIt() throws Exception {
    Run run = run("render", "--config", "config/multi-tenant.yaml", "--event", GOLDEN + "event.json", "--no-item", "--explain");
    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertEquals(expected("multi-tenant-v2-no-item.stderr"), run.err());
  }

  @Test
  void aDenialTheTraceAlreadyShowsIsNotRepeated() throws Exception {
    Run run = run("render", "--config", "config/tenant-rbac.yaml", "--event", "events/v2-authentication.json",
        "--item", EXPECTED + "item-without-tenant.json", "--explain");
    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertEquals(expected("tenant-rbac-required.stderr"), run.err());
  }

  @Test
  void withoutExplainNothingChanges() {
    Run run = run("render", "--config", "config/multi-tenant.yaml", "--event", GOLDEN + "event.json", "--no-item");
    assertEquals("ERROR ref render: sign-in denied at $.source.onMissing: $.source: no item for the key\n"
        + "denied: the function would fail this sign-in; the user would see: PreTokenGeneration failed with error "
        + "Sign-in could not be completed (ref render)\n", run.err());
  }

  @Test
  void explanationLinesAreLocatedAndLowercase() {
    Outcome allowed = new Outcome(Json.MAPPER.createObjectNode(), null, null, List.of(),
        List.of(new Outcome.Step("$.rules[1]", Trace.Outcome.SKIPPED, "when does not hold: x")));
    assertEquals(List.of("m.yaml:60:5: $.rules[1]: skipped: when does not hold: x"),
        Explanation.lines(allowed, path -> "m.yaml:60:5"));

    Outcome eventNotAnObject = new Outcome(null, "sign-in denied: the event is not a JSON object", "msg", List.of(), List.of());
    assertEquals(List.of("denied: the event is not a JSON object"), Explanation.lines(eventNotAnObject, path -> "?"));
  }

  @Test
  void theDenialsPathIsReadWhateverTheClaimIsCalled() {
    Outcome quoted = new Outcome(null, "sign-in denied at $.rules[2].idToken.claims['a: b\\'c']: required claim has no value",
        "msg", List.of(), List.of());
    assertEquals("$.rules[2].idToken.claims['a: b\\'c']", quoted.denialPath());
    assertEquals("required claim has no value", quoted.denialReason());

    Outcome plain = new Outcome(null, "sign-in denied at $.source.onMissing: $.source: no item for the key", "msg",
        List.of(), List.of());
    assertEquals("$.source.onMissing", plain.denialPath());
    assertEquals("$.source: no item for the key", plain.denialReason());

    assertNull(new Outcome(null, "sign-in denied: bad event", "msg", List.of(), List.of()).denialPath());
    assertEquals(-1, Outcome.pathEnd("$.a[x]: no", 0));
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
