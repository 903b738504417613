package io.github.claimsmapper.cli;

import static io.github.claimsmapper.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cli.CommandLineTest.Run;
import io.github.claimsmapper.cli.serve.PreviewServer;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview page's API over HTTP, as the page calls it and as an attacker would: the answers are
 * those of the commands, and requests without the token, from another origin or for another host
 * are refused.
 */
class ServeApiTest {
  static final String EVENT = "events/v2-authentication.json";
  static final String ITEM = "events/items/user.json";

  @TempDir Path dir;
  Path mapping;
  Path tests;
  PreviewServer server;
  String token;
  final List<String> log = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    mapping = dir.resolve("claims.yaml");
    Files.copy(Path.of("config/claims.yaml"), mapping);
    tests = dir.resolve("cases");
    Path jane = Files.createDirectories(tests.resolve("jane"));
    Files.copy(Path.of(EVENT), jane.resolve("event.json"));
    Files.copy(Path.of(ITEM), jane.resolve("item.json"));
    Files.writeString(
        jane.resolve("expect.yaml"),
        "mapping: ../../claims.yaml\nidToken:\n  claims: { first_name: Jane }\n");
    ObjectNode items = Json.MAPPER.createObjectNode().put("item", Files.readString(Path.of(ITEM)));
    MappingWorkbench workbench =
        new MappingWorkbench(mapping, null, tests, new MappingLoader(Map.of()), null, items);
    server = PreviewServer.start(workbench, 0, ServeCommand.MAX_BODY_BYTES, log::add);
    token = server.url().getQuery().substring("token=".length());
  }

  @AfterEach
  void stop() {
    server.close();
    assertEquals(List.of(), log, "no unexpected error");
  }

  String host() {
    return "127.0.0.1:" + server.port();
  }

  RawHttp.Response get(String target, String... headers) throws IOException {
    List<String> lines = new ArrayList<>(List.of("Host: " + host()));
    lines.addAll(List.of(headers));
    return RawHttp.send(server.port(), "GET", target, lines, null);
  }

  RawHttp.Response post(String path, JsonNode body) throws IOException {
    return RawHttp.send(
        server.port(),
        "POST",
        path + "?token=" + token,
        List.of("Host: " + host(), "Origin: http://" + host(), "Content-Type: application/json"),
        Json.compact(body));
  }

  JsonNode ok(RawHttp.Response response) throws IOException {
    assertEquals(200, response.status(), response.body());
    return Json.MAPPER.readTree(response.body());
  }

  ObjectNode previewRequest(String mappingText) throws IOException {
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put("mapping", mappingText);
    request.put("event", Files.readString(Path.of(EVENT)));
    request.putObject("items").put("item", Files.readString(Path.of(ITEM)));
    return request;
  }

  String saved() throws IOException {
    return Files.readString(mapping);
  }

  // ---- the answers are the commands' ----

  @Test
  void thePreviewRendersAsRenderExplainDoes() throws IOException {
    JsonNode answer = ok(post("/api/preview", previewRequest(saved())));
    assertEquals("1 file checked: 0 errors, 0 warnings", answer.get("summary").asText());
    assertEquals("[\"item\"]", answer.get("sources").toString());
    JsonNode render = answer.get("render");
    assertFalse(render.get("denied").asBoolean());
    assertEquals(
        "{\"first_name\":\"Jane\",\"last_name\":\"Doe\"}",
        render
            .at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride")
            .toString());
    Run cli =
        run(
            "render",
            "--config",
            mapping.toString(),
            "--event",
            EVENT,
            "--item",
            ITEM,
            "--explain");
    assertEquals(0, cli.exit(), cli.err());
    // the explain lines, token previews and size line are those render --explain prints
    List<String> expected = new ArrayList<>();
    render.get("explain").forEach(line -> expected.add(line.asText()));
    render
        .get("tokens")
        .forEach(
            t ->
                expected.add(
                    t.get("name").asText()
                        + " claims (preview, "
                        + t.get("bytes").asInt()
                        + " bytes): "
                        + Json.compact(t.get("claims"))));
    expected.add(render.get("tokenNote").asText());
    expected.add(render.get("sizeLine").asText());
    assertEquals(String.join("\n", expected) + "\n", cli.err());
    assertEquals(
        Json.MAPPER.readTree(cli.out()).get("response"), render.get("response"), "the response");
    assertEquals(
        "[{\"token\":\"idToken\",\"bytes\":39,\"limit\":null},"
            + "{\"token\":\"accessToken\",\"bytes\":28,\"limit\":null}]",
        render.get("sizes").toString());
  }

  @Test
  void diagnosticsAreThoseOfValidateAtTheirLines() throws IOException {
    String broken =
        saved()
            .replace("first_name: item.first_name", "first_name: item.first_name[")
            .replace("last_name: item.last_name", "given_nmae: item.last_name");
    JsonNode answer = ok(post("/api/preview", previewRequest(broken)));
    Path copy = dir.resolve("broken.yaml");
    Files.writeString(copy, broken);
    Run validate = run("validate", copy.toString());
    List<String> lines = new ArrayList<>();
    answer
        .get("diagnostics")
        .forEach(
            d -> lines.add(d.get("text").asText().replace(mapping.toString(), copy.toString())));
    lines.add(answer.get("summary").asText());
    assertEquals(validate.out(), String.join("\n", lines) + "\n");
    JsonNode error = answer.get("diagnostics").get(0);
    assertEquals(21, error.get("line").asInt(), error.toString());
    assertEquals("error", error.get("severity").asText());
    JsonNode warning = answer.get("diagnostics").get(1);
    assertEquals(22, warning.get("line").asInt(), warning.toString());
    assertEquals("warning", warning.get("severity").asText());
    assertEquals(1, answer.get("errors").asInt());
    assertEquals(1, answer.get("warnings").asInt());
    assertFalse(answer.has("render"), "no rendering of a mapping that does not load");
  }

  @Test
  void theChangesAreThoseOfDiffAgainstTheFileAsSaved() throws IOException {
    String edited =
        saved()
            .replace(
                "last_name: item.last_name",
                "last_name: item.last_name\n    tier: { const: gold }");
    JsonNode answer = ok(post("/api/preview", previewRequest(edited)));
    Path after = dir.resolve("after.yaml");
    Files.writeString(after, edited);
    Run diff = run("diff", mapping.toString(), after.toString(), "--event", EVENT, "--item", ITEM);
    assertEquals(1, diff.exit(), diff.err());
    List<String> changes = new ArrayList<>();
    answer.at("/diff/changes").forEach(c -> changes.add(c.asText()));
    assertEquals(List.of("idToken claim added: tier = \"gold\""), changes);
    assertEquals(String.join("\n", changes) + "\n1 change\n", diff.out());
    assertEquals(mapping + " as saved", answer.at("/diff/baseline").asText());
  }

  @Test
  void aBaselineMappingReplacesTheFileAsSaved() throws Exception {
    Path baseline = dir.resolve("deployed.yaml");
    Files.writeString(baseline, saved().replace("    last_name: item.last_name\n", ""));
    MappingWorkbench workbench =
        new MappingWorkbench(
            mapping,
            baseline,
            null,
            new MappingLoader(Map.of()),
            null,
            Json.MAPPER.createObjectNode());
    JsonNode diff = workbench.preview(previewRequest(saved())).get("diff");
    assertEquals(baseline.toString(), diff.get("baseline").asText());
    assertEquals(
        "[\"idToken claim added: last_name = \\\"Doe\\\"\"]", diff.get("changes").toString());
    Files.writeString(baseline, "version: 2\n");
    assertEquals(
        baseline + " does not load (1 error(s))",
        workbench.preview(previewRequest(saved())).at("/diff/problem").asText());
  }

  @Test
  void dynamoDbJsonItemsAndBadInputsAreReadAsRenderReadsThem() throws IOException {
    ObjectNode request = previewRequest(saved());
    ((ObjectNode) request.get("items"))
        .put("item", Files.readString(Path.of("events/items/user.dynamodb.json")));
    JsonNode fromDynamoDb = ok(post("/api/preview", request)).get("render");
    JsonNode plain = ok(post("/api/preview", previewRequest(saved()))).get("render");
    assertEquals(plain.get("tokens"), fromDynamoDb.get("tokens"));

    request.put("event", "{\"version\": \"2\",");
    assertEquals(
        "event:1:17: not valid JSON: Unexpected end-of-input within/between Object entries",
        ok(post("/api/preview", request)).get("inputProblem").asText());
    ObjectNode noItem = previewRequest(saved());
    ((ObjectNode) noItem.get("items")).putNull("item");
    JsonNode render = ok(post("/api/preview", noItem)).get("render");
    assertEquals(
        "{}",
        render
            .at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride")
            .toString());
    assertTrue(
        render
            .get("explain")
            .get(0)
            .asText()
            .endsWith("$.source: missing: no item for the key (onMissing: continue)"),
        render.toString());
  }

  @Test
  void aQuerySourceTakesAListOfItemsAsRenderDoes() throws IOException {
    ObjectNode request = previewRequest(Files.readString(Path.of("config/memberships.yaml")));
    ObjectNode items = (ObjectNode) request.get("items");
    items.put("item", Files.readString(Path.of("events/items/account.json")));
    items.put("memberships", Files.readString(Path.of("events/items/memberships.json")));
    items.put("profile", Files.readString(Path.of("events/items/profile.json")));
    items.put("tenants", Files.readString(Path.of("events/items/tenants.json")));
    JsonNode render = ok(post("/api/preview", request)).get("render");
    JsonNode accessClaims =
        render.at(
            "/response/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride");
    assertEquals("[\"acme\"]", Json.compact(accessClaims.get("admin_of")), render.toString());

    items.put("memberships", "{\"pk\": \"USER#1\"} trailing");
    assertTrue(
        ok(post("/api/preview", request))
            .get("inputProblem")
            .asText()
            .startsWith("items.memberships"));
  }

  @Test
  void aDenialSaysWhatTheUserWouldSeeAndWhy() throws IOException {
    ObjectNode request = previewRequest(saved().replace("onMissing: continue", "onMissing: deny"));
    ((ObjectNode) request.get("items")).putNull("item");
    JsonNode render = ok(post("/api/preview", request)).get("render");
    assertTrue(render.get("denied").asBoolean());
    assertEquals(
        "PreTokenGeneration failed with error Sign-in could not be completed (ref preview)",
        render.get("userMessage").asText());
    assertEquals(
        "sign-in denied at $.source.onMissing: $.source: no item for the key",
        render.get("reason").asText());
    assertEquals(
        "[\""
            + mapping
            + ":12:1: $.source: missing: no item for the key (onMissing: deny)\",\""
            + mapping
            + ":16:3: $.source.onMissing: denied: $.source: no item for the key\"]",
        render.get("explain").toString());
    assertFalse(render.has("tokens"));
  }

  @Test
  void theProcessEnvironmentNeverReachesThePage() throws IOException {
    String path = System.getenv("PATH");
    assertTrue(path != null && !path.isEmpty(), "the test needs PATH set");
    String leaky =
        saved().replace("last_name: item.last_name", "last_name: { const: \"${env:PATH}\" }");
    RawHttp.Response response = post("/api/preview", previewRequest(leaky));
    JsonNode answer = ok(response);
    assertFalse(response.body().contains(path), response.body());
    assertEquals(
        "$.idToken.claims.last_name.const: environment variable PATH is not set (write"
            + " ${env:PATH:-default} to give a default)",
        answer.at("/diagnostics/0/path").asText()
            + ": "
            + answer.at("/diagnostics/0/message").asText());
    assertFalse(get("/api/state?token=" + token).body().contains(path));
  }

  @Test
  void theTestCasesRunOnTheEditedText() throws IOException {
    JsonNode passing =
        ok(post("/api/tests", Json.MAPPER.createObjectNode().put("mapping", saved())));
    assertEquals("1 passed, 0 failed", passing.get("summary").asText());
    String john = saved().replace("first_name: item.first_name", "first_name: { const: John }");
    JsonNode failing = ok(post("/api/tests", Json.MAPPER.createObjectNode().put("mapping", john)));
    assertEquals("0 passed, 1 failed", failing.get("summary").asText());
    assertEquals(
        "{\"name\":\"jane\",\"passed\":false,\"failures\":[\"idToken.claims.first_name: expected"
            + " \\\"Jane\\\", got \\\"John\\\"\"]}",
        failing.get("cases").get(0).toString());
    JsonNode invalid =
        ok(post("/api/tests", Json.MAPPER.createObjectNode().put("mapping", "version: 2\n")));
    assertTrue(
        invalid.at("/cases/0/failures/0").asText().equals(mapping + ": the mapping is invalid"),
        invalid.toString());
  }

  // ---- save ----

  @Test
  void saveWritesTheTextExactlyOnlyWhenConfirmed() throws IOException {
    String before = saved();
    String version = ok(get("/api/state?token=" + token)).get("version").asText();
    String edited =
        before.replace("onMissing: continue", "onMissing: continue   # kept as typed  ");
    ObjectNode request =
        Json.MAPPER.createObjectNode().put("mapping", edited).put("version", version);
    RawHttp.Response unconfirmed = post("/api/save", request);
    assertEquals(409, unconfirmed.status());
    assertEquals(before, saved());
    request.put("confirmed", true);
    JsonNode answer = ok(post("/api/save", request));
    assertEquals(edited, saved());
    assertEquals(MappingWorkbench.version(edited), answer.get("version").asText());
    // the page's version is now stale for a second writer
    RawHttp.Response stale = post("/api/save", request.put("mapping", before));
    assertEquals(409, stale.status());
    assertTrue(stale.body().contains("changed on disk"), stale.body());
    assertEquals(edited, saved());
  }

  @Test
  void aMappingWithErrorsIsSavedOnlyWhenConfirmedTwice() throws IOException {
    String version = ok(get("/api/state?token=" + token)).get("version").asText();
    ObjectNode request =
        Json.MAPPER
            .createObjectNode()
            .put("mapping", "version: 2\n")
            .put("version", version)
            .put("confirmed", true);
    RawHttp.Response once = post("/api/save", request);
    assertEquals(409, once.status());
    assertTrue(once.body().contains("1 error(s)"), once.body());
    assertNotEquals("version: 2\n", saved());
    ok(post("/api/save", request.put("despiteErrors", true)));
    assertEquals("version: 2\n", saved());
  }

  @Test
  void aFileWrittenWithCrlfKeepsItsLineEnds() throws IOException {
    Files.writeString(mapping, saved().replace("\n", "\r\n"));
    JsonNode state = ok(get("/api/state?token=" + token));
    String typed = state.get("mapping").asText().replace("\r\n", "\n").replace("deny", "continue");
    ok(
        post(
            "/api/save",
            Json.MAPPER
                .createObjectNode()
                .put("mapping", typed)
                .put("version", state.get("version").asText())
                .put("confirmed", true)));
    assertEquals(typed.replace("\n", "\r\n"), saved());
  }

  @Test
  void theRequestNamesNoFile() throws IOException {
    String version = ok(get("/api/state?token=" + token)).get("version").asText();
    Path other = dir.resolve("other.yaml");
    ok(
        post(
            "/api/save",
            Json.MAPPER
                .createObjectNode()
                .put("mapping", saved())
                .put("version", version)
                .put("confirmed", true)
                .put("file", other.toString())
                .put("path", other.toString())));
    assertFalse(Files.exists(other), "only the file serve was started with is written");
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of("cases", "claims.yaml"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  // ---- refusals ----

  @Test
  void everyRequestNeedsTheToken() throws IOException {
    assertEquals(401, get("/").status());
    assertEquals(401, get("/api/state").status());
    assertEquals(403, get("/?token=" + token.substring(1) + "x").status());
    assertEquals(403, get("/api/state?token=").status());
    RawHttp.Response page = get("/?token=" + token);
    assertEquals(200, page.status());
    assertTrue(page.body().contains("<textarea id=\"mapping\""), page.body());
    String cookie = page.header("Set-Cookie");
    assertEquals(
        "ccm_token_" + server.port() + "=" + token + "; HttpOnly; SameSite=Strict; Path=/", cookie);
    assertEquals(
        200, get("/app.js", "Cookie: " + cookie.substring(0, cookie.indexOf(';'))).status());
    assertEquals(
        403, get("/app.js", "Cookie: ccm_token_" + server.port() + "=" + token + "x").status());
    RawHttp.Response noToken =
        RawHttp.send(
            server.port(),
            "POST",
            "/api/preview",
            List.of("Host: " + host(), "Origin: http://" + host()),
            Json.compact(previewRequest(saved())));
    assertEquals(401, noToken.status());
    assertEquals(24, Base64.getUrlDecoder().decode(token).length, "192 random bits");
  }

  @Test
  void otherHostsAreRefusedAgainstDnsRebinding() throws IOException {
    String target = "/api/state?token=" + token;
    int port = server.port();
    for (String host :
        List.of(
            "evil.example:" + port,
            "127.0.0.1:" + (port + 1),
            "127.0.0.1",
            "localhost.evil.example:" + port)) {
      RawHttp.Response response = RawHttp.send(port, "GET", target, List.of("Host: " + host), null);
      assertEquals(403, response.status(), host);
      assertFalse(response.body().contains("mapping\""), host);
    }
    assertEquals(403, RawHttp.send(port, "GET", target, List.of(), null).status(), "no Host");
    assertEquals(
        200, RawHttp.send(port, "GET", target, List.of("Host: localhost:" + port), null).status());
  }

  @Test
  void otherOriginsAreRefused() throws IOException {
    String target = "/api/preview?token=" + token;
    String body = Json.compact(previewRequest(saved()));
    int port = server.port();
    for (List<String> origin :
        List.of(
            List.of("Origin: http://evil.example"),
            List.of("Origin: null"),
            List.of("Origin: http://127.0.0.1:" + (port + 1)),
            List.<String>of())) {
      List<String> headers = new ArrayList<>(List.of("Host: " + host()));
      headers.addAll(origin);
      assertEquals(
          403, RawHttp.send(port, "POST", target, headers, body).status(), origin.toString());
    }
    assertEquals(
        403, get("/api/state?token=" + token, "Origin: http://evil.example").status(), "a GET too");
    assertEquals(200, get("/api/state?token=" + token, "Origin: http://" + host()).status());
  }

  @Test
  void bodiesOverTheCapsAreRefused() throws IOException {
    int port = server.port();
    List<String> headers =
        List.of(
            "Host: " + host(),
            "Origin: http://" + host(),
            "Content-Length: " + (ServeCommand.MAX_BODY_BYTES + 1));
    assertEquals(
        413, RawHttp.send(port, "POST", "/api/preview?token=" + token, headers, "").status());
    String huge = "#".repeat(MappingLoader.MAX_FILE_BYTES) + "\n";
    RawHttp.Response mappingTooLarge = post("/api/preview", previewRequest(huge));
    assertEquals(413, mappingTooLarge.status());
    assertEquals(
        "{\"error\":\"the mapping is larger than 1 MiB: not read\"}", mappingTooLarge.body());
    assertEquals(400, post("/api/preview", Json.MAPPER.createObjectNode()).status());
  }

  @Test
  void answersCarryTheSecurityHeaders() throws IOException {
    for (RawHttp.Response response :
        List.of(
            get("/?token=" + token),
            get("/app.js?token=" + token),
            get("/"),
            post("/api/preview", previewRequest(saved())))) {
      assertEquals(
          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
          response.header("Content-Security-Policy"));
      assertEquals("nosniff", response.header("X-Content-Type-Options"));
      assertEquals("DENY", response.header("X-Frame-Options"));
      assertEquals("no-referrer", response.header("Referrer-Policy"));
    }
    assertEquals(404, get("/etc/passwd?token=" + token).status());
    assertEquals(404, get("/../config/claims.yaml?token=" + token).status());
    assertEquals(405, get("/api/preview?token=" + token).status());
  }

  @Test
  void thePageHasNoInlineScriptAndItsScriptsAreSmall() throws IOException {
    String page = get("/?token=" + token).body();
    assertFalse(page.matches("(?s).*<script>.*"), "no inline script");
    assertFalse(page.matches("(?s).*\\son[a-z]+=.*"), "no inline event handler");
    assertFalse(page.contains("http"), "no asset from elsewhere");
    int bytes = 0;
    for (String asset : List.of("/app.js", "/editor.js", "/app.css", "/")) {
      bytes += get(asset + "?token=" + token).body().getBytes(StandardCharsets.UTF_8).length;
    }
    assertTrue(bytes < 300 * 1024, "the page's assets: " + bytes + " bytes");
  }
}
