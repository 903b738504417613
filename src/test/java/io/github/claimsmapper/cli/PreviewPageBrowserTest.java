package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.claimsmapper.testing.RawHttp;
import io.github.claimsmapper.testing.SecondLane;
import io.github.claimsmapper.testing.WebDriver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The preview page in a real browser (headless Chromium through chromedriver), started by {@code
 * serve} as a user starts it: typing into the editor changes the diagnostics at their lines, both
 * tokens, the explain lines and the diff; the tests run; a save writes the file. The steps build on
 * each other, in order. Without Chromium the class is skipped, saying so.
 */
@Tag("slow") // excluded by the fast loop only: mvn -B test -DexcludedGroups=slow
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SecondLane
class PreviewPageBrowserTest {
  /**
   * Where the screenshot for docs/cli.md is written; -Dserve.screenshot=docs/serve.png updates it.
   */
  static final Path SCREENSHOT =
      Path.of(System.getProperty("serve.screenshot", "target/serve-preview.png"));

  static Path dir;
  static Path mapping;
  static String file;
  static final ExecutorService serving = Executors.newSingleThreadExecutor();
  static Future<Integer> exit;
  static String url;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Optional<WebDriver.Binaries> binaries = WebDriver.find();
    if (binaries.isEmpty()) {
      System.err.println(
          "PreviewPageBrowserTest SKIPPED: no chromium and chromedriver on the PATH"
              + " (apt-get install chromium chromium-driver); the preview page is not tested in a"
              + " browser");
    }
    Assumptions.assumeTrue(
        binaries.isPresent(),
        "no chromium and chromedriver on the PATH (apt-get install chromium chromium-driver)");
    // under target/ and named relatively, as a user names it: the screenshot shows the path
    dir = Files.createDirectories(Path.of("target/serve-test"));
    mapping = dir.resolve("claims.yaml");
    Files.copy(Path.of("config/claims.yaml"), mapping, StandardCopyOption.REPLACE_EXISTING);
    file = mapping.toString();
    Path jane = Files.createDirectories(dir.resolve("cases/jane"));
    Files.copy(
        Path.of("events/v2-authentication.json"),
        jane.resolve("event.json"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        Path.of("events/items/user.json"),
        jane.resolve("item.json"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        jane.resolve("expect.yaml"),
        "mapping: ../../claims.yaml\nidToken:\n  claims: { first_name: Jane }\n");
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out, true);
    exit =
        serving.submit(
            () ->
                Main.run(
                    new String[] {
                      "serve", "--config", file, "--tests", dir.resolve("cases").toString()
                    },
                    writer,
                    writer));
    Matcher printed =
        Pattern.compile("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]+").matcher("");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!printed.reset(out.toString()).find()) {
      assertTrue(System.nanoTime() < deadline && !exit.isDone(), "serve printed no URL: " + out);
      Thread.sleep(20);
    }
    url = printed.group();
    browser = new WebDriver(binaries.get(), 1500, 950);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    serving.shutdownNow();
    if (exit != null) {
      assertEquals(0, exit.get(60, TimeUnit.SECONDS), "serve stops when interrupted");
    }
  }

  static String text(String css) throws Exception {
    return browser
        .script(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css)
        .asText();
  }

  /** Waits until the element's text contains {@code expected}. */
  static String waitForText(String css, String expected) throws Exception {
    return browser
        .waitFor(
            css + " showing " + expected,
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
            v -> v.asText().contains(expected),
            css)
        .asText();
  }

  static void waitForNoText(String css, String gone) throws Exception {
    browser.waitFor(
        css + " no longer showing " + gone,
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
        v -> !v.asText().contains(gone),
        css);
  }

  /** Puts the caret in the editor right after the first occurrence of {@code text}. */
  static void caretAfter(String text) throws Exception {
    JsonNode at =
        browser.script(
            "const t = document.getElementById('mapping'); const i = t.value.indexOf(arguments[0]);"
                + " if (i < 0) return -1; t.focus(); t.setSelectionRange(i + arguments[0].length,"
                + " i + arguments[0].length); return i;",
            text);
    assertTrue(at.asInt() >= 0, "the editor holds " + text);
  }

  static String editor() throws Exception {
    return browser.script("return document.getElementById('mapping').value;").asText();
  }

  @Test
  @Order(1)
  void thePageShowsTheBundledMappingAndBothTokens() throws Exception {
    browser.open(url);
    waitForText("[data-token='ID token']", "\"first_name\": \"Jane\"");
    waitForText("[data-token='access token']", "\"interesting_value\": \"blue\"");
    assertEquals(Files.readString(mapping), editor());
    String explain = text("#explain");
    assertTrue(explain.contains("21:5: $.idToken.claims.first_name: applied: = \"Jane\""), explain);
    assertEquals(
        file + ":21:5: $.idToken.claims.first_name: applied: = \"Jane\"",
        browser.script("return document.querySelectorAll('#explain li')[1].title;").asText());
    assertEquals("no changes", text("#diff"));
    assertEquals(
        "27",
        browser
            .script("return document.querySelectorAll('#gutter div[data-line]').length;")
            .asText());
  }

  @Test
  @Order(2)
  void typingAClaimChangesTheTokenAndTheDiff() throws Exception {
    caretAfter("last_name: item.last_name");
    browser.type("\n    tier: { const: gold }");
    waitForText("[data-token='ID token']", "\"tier\": \"gold\"");
    waitForText("#diff", "idToken claim added: tier = \"gold\"");
    waitForText("#explain", "23:5: $.idToken.claims.tier: applied: = \"gold\"");
    assertTrue(
        text("#sizes").contains("ID token added claims: 53 bytes (no limits.maxClaimBytes)"),
        text("#sizes"));
  }

  @Test
  @Order(3)
  void diagnosticsAppearAtTheirLinesAsYouType() throws Exception {
    caretAfter("first_name: item.first_name");
    browser.type("[");
    String errors = waitForText("#errors", "21:");
    assertTrue(errors.startsWith("21:"), errors);
    assertEquals(
        "error",
        browser
            .script("return document.querySelector('#gutter [data-line=\"21\"]').className;")
            .asText());
    waitForText("#stale", "The mapping has errors");
    browser.type("\b");
    waitForNoText("#errors", "21:");
    caretAfter("tier: { const: gold }");
    browser.type("\n    given_nmae: item.first_name");
    String warnings =
        waitForText("#warnings", "looks like a typo of the standard claim 'given_name'");
    assertTrue(warnings.startsWith("24:5: $.idToken.claims.given_nmae: "), warnings);
    assertEquals(
        "warning",
        browser
            .script("return document.querySelector('#gutter [data-line=\"24\"]').className;")
            .asText());
    assertEquals("", text("#errors"));
    waitForText("[data-token='ID token']", "\"given_nmae\": \"Jane\"");
  }

  @Test
  @Order(4)
  void otherSignInsShowTheTokensCognitoWouldIssue() throws Exception {
    choose("#sample", "v3-client-credentials.json");
    waitForText("#tokens", "\"token_use\": \"access\"");
    browser.waitFor(
        "only the access token",
        "return document.querySelectorAll('[data-token]').length;",
        v -> v.asInt() == 1);
    assertEquals(
        "access token",
        browser.script("return document.querySelector('[data-token]').dataset.token;").asText());
    choose("#sample", "v1-hosted-auth.json");
    browser.waitFor(
        "only the ID token",
        "const t = document.querySelectorAll('[data-token]'); return t.length === 1 ?"
            + " t[0].dataset.token : '';",
        v -> v.asText().equals("ID token"));
    choose("#trigger", "TokenGeneration_RefreshTokens");
    assertTrue(
        browser
            .script("return document.getElementById('event').value;")
            .asText()
            .contains("\"triggerSource\": \"TokenGeneration_RefreshTokens\""));
    choose("#sample", "v2-authentication.json");
    waitForText("[data-token='access token']", "\"interesting_value\": \"blue\"");
  }

  static void choose(String select, String value) throws Exception {
    browser.script(
        "const s = document.querySelector(arguments[0]); s.value = arguments[1];"
            + " s.dispatchEvent(new Event('change'));",
        select,
        value);
  }

  @Test
  @Order(5)
  void theTestsRunOnTheEditedText() throws Exception {
    browser.click("#run-tests");
    waitForText("#tests-summary", "1 passed, 0 failed");
    assertEquals("PASS jane", text("#tests").strip());
  }

  @Test
  @Order(6)
  void aScreenshotForTheDocs() throws Exception {
    browser.script(
        "document.getElementById('mapping').scrollTop = 0; document.activeElement.blur();"
            + " document.querySelectorAll('section').forEach((s) => { s.scrollTop = 0; });");
    Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
    Files.write(SCREENSHOT, browser.screenshot());
    assertTrue(Files.size(SCREENSHOT) > 10_000);
  }

  @Test
  @Order(7)
  void saveWritesTheEditorsTextAfterConfirming() throws Exception {
    String typed = editor();
    browser.click("#save");
    waitForText("#confirm-text", "Write the editor's text to " + file + "?");
    browser.click("#confirm-no");
    assertEquals(
        Files.readString(Path.of("config/claims.yaml")), Files.readString(mapping), "cancelled");
    browser.click("#save");
    waitForText("#confirm-text", "Write the editor's text to");
    browser.click("#confirm-yes");
    waitForText("#status", "saved " + file);
    assertEquals(typed, Files.readString(mapping));
    waitForText("#diff", "no changes"); // the preview after the save has answered
    assertTrue(
        text("#status").contains("saved " + file),
        "the save stays in the status line until the next edit: " + text("#status"));
  }

  @Test
  @Order(8)
  void aMappingWithErrorsIsSavedOnlyWhenAskedTwice() throws Exception {
    caretAfter("first_name: item.first_name");
    browser.type("[");
    waitForText("#errors", "21:");
    String before = Files.readString(mapping);
    browser.click("#save");
    waitForText(
        "#confirm-text", "The mapping has 1 error(s): the function would not start with it.");
    browser.click("#confirm-yes");
    waitForText("#confirm-text", "Really write");
    assertEquals(before, Files.readString(mapping), "not after one confirmation");
    browser.click("#confirm-yes");
    waitForText("#status", "saved " + file);
    assertEquals(editor(), Files.readString(mapping));
    assertTrue(Files.readString(mapping).contains("item.first_name["));
  }

  @Test
  @Order(9)
  void refusalsInTheBrowsersOwnTerms() throws Exception {
    // a page opened without the token gets no mapping (the cookie of this port was set above, so
    // ask from a fresh origin name whose cookie jar is empty: localhost)
    String port = url.replaceAll("^http://127\\.0\\.0\\.1:(\\d+)/.*$", "$1");
    browser.open("http://localhost:" + port + "/api/state");
    assertTrue(text("body").contains("refused: no token"), text("body"));
    browser.open("http://localhost:" + port + "/api/state?token=wrong");
    assertTrue(text("body").contains("refused: wrong token"), text("body"));
    RawHttp.Response rebound =
        RawHttp.send(
            Integer.parseInt(port),
            "GET",
            url.substring(url.indexOf("/?")),
            List.of("Host: rebound.example:" + port),
            null);
    assertEquals(403, rebound.status());
  }

  @Test
  @Order(10)
  void keystrokeToUpdatedTokensTimes() throws Exception {
    browser.open(url);
    waitForText("#errors", "21:"); // the mapping saved with an error above
    caretAfter("item.first_name[");
    browser.type("\b");
    waitForText("[data-token='ID token']", "\"first_name\"");
    caretAfter("last_name: item.last_name");
    browser.type("\n    level: { const: t }");
    waitForText("[data-token='ID token']", "\"level\": \"t\"");
    caretAfter("level: { const: t");
    List<Double> millis = new ArrayList<>();
    String value = "t";
    for (int i = 0; i < 30; i++) {
      char next = (char) ('a' + i % 26);
      value += next;
      browser.script(
          "window.__measured = null; const t = document.getElementById('mapping');"
              + " const expected = '\"level\": \"' + arguments[0] + '\"';"
              + " t.addEventListener('keydown', () => { const started = performance.now();"
              + " const o = new MutationObserver(() => {"
              + " const id = document.querySelector(\"[data-token='ID token']\");"
              + " if (id && id.innerText.includes(expected)) { o.disconnect();"
              + " window.__measured = performance.now() - started; } });"
              + " o.observe(document.getElementById('tokens'), {childList: true, subtree: true,"
              + " characterData: true}); }, {once: true});",
          value);
      browser.type(String.valueOf(next));
      millis.add(
          browser
              .waitFor("the token with " + value, "return window.__measured;", v -> v.isNumber())
              .asDouble());
    }
    Collections.sort(millis);
    double median = (millis.get(14) + millis.get(15)) / 2;
    String report =
        String.format(
            "keystroke to updated tokens, 30 keystrokes: median %.0f ms (min %.0f, max %.0f),"
                + " including the page's 120 ms debounce%n",
            median, millis.get(0), millis.get(29));
    System.err.print(report);
    Files.writeString(Path.of("target/serve-timing.txt"), report);
  }
}
