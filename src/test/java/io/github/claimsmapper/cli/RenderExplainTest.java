package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.cli.CommandLineTest.Run;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.engine.DenialReason;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.Trace;
import io.github.claimsmapper.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code render --explain}: standard output stays exactly the response; standard error gets one
 * located line per step, the token preview and the sizes (expected output verbatim in {@code
 * src/test/resources/cli/explain/*.stderr}).
 */
class RenderExplainTest {
  static final String GOLDEN = "src/test/resources/golden/multi-tenant-v2/";
  static final String EXPECTED = "src/test/resources/cli/explain/";

  static String expected(String name) throws Exception {
    return Files.readString(Path.of(EXPECTED + name));
  }

  @Test
  void explainsEachStepWithItsLineThenPreviewsTheTokens() throws Exception {
    String[] args = {
      "render",
      "--config",
      "config/multi-tenant.yaml",
      "--event",
      GOLDEN + "event.json",
      "--item",
      GOLDEN + "item.json",
      "--item",
      "tenant=" + GOLDEN + "items/tenant.json"
    };
    Run plain = run(args);
    Run explained = run(concat(args, "--explain"));
    assertEquals(0, explained.exit(), explained.err());
    assertEquals(
        plain.out(),
        explained.out(),
        "standard output is what the Lambda returns, with or without --explain");
    assertEquals(expected("multi-tenant-v2.stderr"), explained.err());

    Run compact = run(concat(args, "--explain", "--compact"));
    assertEquals(explained.err(), compact.err());
  }

  /** Literal scopes, the base's and a rule's, each have their line, as scopes from data do. */
  @Test
  void literalScopesAreExplainedWhereTheFileWritesThem(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path mapping = dir.resolve("scopes.yaml");
    Files.writeString(
        mapping,
        """
        version: 1
        accessToken:
          scopes:
            add: [api/read, openid]
            suppress: [aws.cognito.signin.user.admin]
        rules:
          - when: "event.triggerSource == 'TokenGeneration_Authentication'"
            accessToken:
              scopes:
                add: [api/write]
        """);
    Run run =
        run(
            "render",
            "--config",
            mapping.toString(),
            "--event",
            "events/v2-authentication.json",
            "--explain");
    assertEquals(0, run.exit(), run.err());
    String err = run.err();
    assertTrue(
        err.contains(
            mapping
                + ":4:5: $.accessToken.scopes.add: applied: scopes added: api/read, openid\n"
                + mapping
                + ":10:9: $.rules[0].accessToken.scopes.add: applied: scopes added: api/write\n"
                + mapping
                + ":5:5: $.accessToken.scopes.suppress: applied: scopes suppressed:"
                + " aws.cognito.signin.user.admin\n"),
        err);
  }

  @Test
  void aDenialShowsTheStepsUpToItAndWhereTheFileDecidedIt() throws Exception {
    Run run =
        run(
            "render",
            "--config",
            "config/multi-tenant.yaml",
            "--event",
            GOLDEN + "event.json",
            "--no-item",
            "--explain");
    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertEquals(expected("multi-tenant-v2-no-item.stderr"), run.err());
  }

  @Test
  void aDenialTheTraceAlreadyShowsIsNotRepeated() throws Exception {
    Run run =
        run(
            "render",
            "--config",
            "config/tenant-rbac.yaml",
            "--event",
            "events/v2-authentication.json",
            "--item",
            EXPECTED + "item-without-tenant.json",
            "--explain");
    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertEquals(expected("tenant-rbac-required.stderr"), run.err());
  }

  @Test
  void withoutExplainNothingChanges() {
    Run run =
        run(
            "render",
            "--config",
            "config/multi-tenant.yaml",
            "--event",
            GOLDEN + "event.json",
            "--no-item");
    assertEquals(
        "ERROR ref render: sign-in denied at $.source.onMissing: $.source: no item for the key\n"
            + "denied: the function would fail this sign-in; the user would see: PreTokenGeneration"
            + " failed with error Sign-in could not be completed (ref render)\n",
        run.err());
  }

  @Test
  void explanationLinesAreLocatedAndLowercase() {
    Outcome allowed =
        new Outcome(
            Json.MAPPER.createObjectNode(),
            null,
            List.of(),
            List.of(
                new Outcome.Step("$.rules[1]", Trace.Outcome.SKIPPED, "when does not hold: x")));
    assertEquals(
        List.of("m.yaml:60:5: $.rules[1]: skipped: when does not hold: x"),
        Explanation.lines(allowed, path -> "m.yaml:60:5"));

    Outcome eventNotAnObject =
        new Outcome(
            null,
            new SignInDenied(
                "r", null, "the event is not a JSON object", DenialReason.INVALID_EVENT),
            List.of(),
            List.of());
    assertEquals(
        List.of("denied: the event is not a JSON object"),
        Explanation.lines(eventNotAnObject, path -> "?"));
  }

  /**
   * The denial's path and reason come from the façade as fields, whatever the claim is called: no
   * log text is parsed.
   */
  @Test
  void theDenialCarriesItsPathAndReasonWhateverTheClaimIsCalled() throws Exception {
    MappingLoader.Result loaded =
        new MappingLoader(Map.of())
            .load(
                "m.yaml",
                "version: 1\n"
                    + "idToken:\n"
                    + "  claims:\n"
                    + "    \"a: b'c\": { value: event.nothing, required: true }\n");
    MappingPlan plan = loaded.plan();
    JsonNode event =
        Json.MAPPER.readTree(Files.readString(Path.of("events/v2-authentication.json")));
    Outcome denied = Outcome.render(plan, request -> Optional.empty(), event, "x");

    assertTrue(denied.denied());
    assertEquals(Optional.of("$.idToken.claims['a: b\\'c']"), denied.denial().path());
    assertEquals("required claim 'a: b'c' has no value", denied.denial().reason());
    assertEquals("Sign-in could not be completed (ref x)", denied.userMessage());
    assertEquals(
        List.of(
            "m.yaml:4:5: $.idToken.claims['a: b\\'c']: denied: required claim 'a: b'c' has no"
                + " value"),
        Explanation.lines(
            new Outcome(null, denied.denial(), List.of(), List.of()), loaded::locate));
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
