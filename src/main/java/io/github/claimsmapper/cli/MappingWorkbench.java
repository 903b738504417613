package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.cli.serve.Workbench;
import io.github.claimsmapper.config.ConfigException;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.config.MappingLoader;
import io.github.claimsmapper.config.TextFile;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The preview page's questions answered for one mapping file, by the loader and the commands' code:
 * diagnostics as {@code validate} finds them, the sign-in as {@code render --explain} shows it, the
 * changes as {@code diff} lists them, the cases as {@code test} runs them. Writes nothing but the
 * mapping file it was made for.
 */
final class MappingWorkbench implements Workbench {
  private final Path file;
  private final Path baseline;
  private final Path tests;
  private final MappingLoader loader;
  private final ItemSource table;
  private final ObjectNode items;
  private final Object saving = new Object();
  private Loaded baselineCache;

  /** A mapping text loaded: the result, or its problems. */
  private record Loaded(String text, MappingLoader.Result result, ConfigException problems) {
    List<Diagnostic> diagnostics() {
      return result != null ? result.warnings() : problems.diagnostics();
    }
  }

  /**
   * @param file the mapping file: the only file ever written
   * @param baseline the mapping the changes are counted from, or null for {@code file} as saved
   * @param tests the folder of test cases, or null
   * @param loader loads with the environment the page may show
   * @param table where items not given are read, or null
   * @param items the items the page starts with: source name to text, or JSON null for no item
   */
  MappingWorkbench(
      Path file,
      Path baseline,
      Path tests,
      MappingLoader loader,
      ItemSource table,
      ObjectNode items) {
    this.file = file;
    this.baseline = baseline;
    this.tests = tests;
    this.loader = loader;
    this.table = table;
    this.items = items.deepCopy();
  }

  @Override
  public JsonNode state() throws Refusal {
    String text = saved(file);
    ObjectNode state = Json.MAPPER.createObjectNode();
    state.put("file", file.toString());
    state.put("mapping", text);
    state.put("version", version(text));
    state.put("baseline", baseline == null ? file + " as saved" : baseline.toString());
    state.put("tests", tests == null ? null : tests.toString());
    state.put("table", table != null);
    ArrayNode samples = state.putArray("samples");
    for (String name : SampleEvents.EVENTS) {
      String event = SampleEvents.text(name);
      samples
          .addObject()
          .put("name", name)
          .put("label", SampleEvents.label(event))
          .put("event", event);
    }
    PreviewRendering.strings(state.putArray("triggerSources"), SampleEvents.TRIGGER_SOURCES);
    state.set("items", items);
    state.put("maxMappingBytes", MappingLoader.MAX_FILE_BYTES);
    return state;
  }

  @Override
  public JsonNode preview(JsonNode request) throws Refusal {
    Loaded edited = load(text(request, "mapping", MappingLoader.MAX_FILE_BYTES));
    ObjectNode out = Json.MAPPER.createObjectNode();
    diagnostics(out, edited.diagnostics());
    if (edited.result() == null) {
      return out;
    }
    PreviewRendering.strings(
        out.putArray("sources"), List.copyOf(PreviewRendering.sources(edited.result().plan())));
    String eventText = text(request, "event", JsonInput.MAX_FILE_BYTES);
    JsonNode given = request.path("items");
    for (JsonNode item : given) {
      if (item.isTextual() && bytes(item.textValue()) > JsonInput.MAX_FILE_BYTES) {
        throw Refusal.tooLarge(
            "an item is larger than " + TextFile.describe(JsonInput.MAX_FILE_BYTES));
      }
    }
    JsonNode event;
    ItemFiles itemFiles;
    ItemFiles baselineItems;
    try {
      event = JsonInput.parse(eventText, "event", "event");
      itemFiles = PreviewRendering.items(given, table);
      baselineItems = PreviewRendering.items(given, table);
    } catch (CommandFailure failure) {
      out.put("inputProblem", failure.getMessage());
      return out;
    }
    Set<String> names = new HashSet<>();
    given.fieldNames().forEachRemaining(names::add);
    out.set("render", PreviewRendering.render(edited.result(), event, itemFiles, names));
    ObjectNode diff = out.putObject("diff");
    diff.put("baseline", baseline == null ? file + " as saved" : baseline.toString());
    Loaded before;
    try {
      before = baseline();
    } catch (Refusal refusal) {
      diff.put("problem", refusal.getMessage());
      return out;
    }
    if (before.result() == null) {
      long errors = errors(before.diagnostics());
      diff.put(
          "problem", diff.get("baseline").asText() + " does not load (" + errors + " error(s))");
      return out;
    }
    PreviewRendering.strings(
        diff.putArray("changes"),
        PreviewRendering.changes(
            before.result().plan(), edited.result().plan(), event, baselineItems, itemFiles));
    return out;
  }

  @Override
  public JsonNode tests(JsonNode request) throws Refusal {
    if (tests == null) {
      throw Refusal.conflict("no test cases: start serve with --tests DIR");
    }
    Loaded edited = load(text(request, "mapping", MappingLoader.MAX_FILE_BYTES));
    List<TestCommand.CaseResult> results;
    try {
      results = TestCommand.runEdited(tests, file, loader, edited.result(), edited.problems());
    } catch (CommandFailure failure) {
      throw Refusal.conflict(failure.getMessage());
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode cases = out.putArray("cases");
    long passed = 0;
    for (TestCommand.CaseResult result : results) {
      ObjectNode one = cases.addObject().put("name", result.name()).put("passed", result.passed());
      PreviewRendering.strings(one.putArray("failures"), result.failures());
      passed += result.passed() ? 1 : 0;
    }
    out.put("summary", passed + " passed, " + (results.size() - passed) + " failed");
    return out;
  }

  /**
   * Writes the editor's text to the file, exactly, when the page confirmed it, the file is still
   * the one the page loaded, and (for a text with errors) the page confirmed that too. Browsers
   * hand a text area's lines over with LF line ends: a file written with CRLF keeps CRLF.
   */
  @Override
  public JsonNode save(JsonNode request) throws Refusal {
    String text = text(request, "mapping", MappingLoader.MAX_FILE_BYTES);
    if (!request.path("confirmed").asBoolean(false)) {
      throw Refusal.conflict("not saved: the save was not confirmed");
    }
    Loaded edited = load(text);
    long errors = errors(edited.diagnostics());
    if (errors > 0 && !request.path("despiteErrors").asBoolean(false)) {
      throw Refusal.conflict(
          "not saved: the mapping has "
              + errors
              + " error(s) and the function would not start with it; confirm again to save it"
              + " anyway");
    }
    synchronized (saving) {
      String onDisk = saved(file);
      if (!version(onDisk).equals(request.path("version").asText())) {
        throw Refusal.conflict(
            "not saved: "
                + file
                + " changed on disk since the page read it; copy your text, reload the page and"
                + " apply it again");
      }
      String written =
          onDisk.contains("\r\n") ? text.replace("\r\n", "\n").replace("\n", "\r\n") : text;
      try {
        Files.writeString(file, written, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw Refusal.conflict("not saved: " + file + ": " + e.getClass().getSimpleName());
      }
      return Json.MAPPER
          .createObjectNode()
          .put("saved", file.toString())
          .put("version", version(written))
          .put("errors", errors);
    }
  }

  private Loaded load(String text) {
    try {
      return new Loaded(text, loader.load(file.toString(), text), null);
    } catch (ConfigException e) {
      return new Loaded(text, null, e);
    }
  }

  /** The baseline as it is on disk now, loaded again only when its text changed. */
  private synchronized Loaded baseline() throws Refusal {
    Path from = baseline == null ? file : baseline;
    String text = saved(from);
    if (baselineCache == null || !baselineCache.text().equals(text)) {
      try {
        baselineCache = new Loaded(text, loader.load(from.toString(), text), null);
      } catch (ConfigException e) {
        baselineCache = new Loaded(text, null, e);
      }
    }
    return baselineCache;
  }

  private static String saved(Path path) throws Refusal {
    try {
      return TextFile.read(path, MappingLoader.MAX_FILE_BYTES);
    } catch (IOException e) {
      throw Refusal.conflict(
          path
              + ": cannot read the file ("
              + (e instanceof TextFile.TooLarge ? e.getMessage() : e.getClass().getSimpleName())
              + ")");
    }
  }

  private static void diagnostics(ObjectNode out, List<Diagnostic> diagnostics) {
    ArrayNode list = out.putArray("diagnostics");
    for (Diagnostic d : diagnostics.stream().sorted(Diagnostic.IN_FILE_ORDER).toList()) {
      list.addObject()
          .put("line", d.line())
          .put("column", d.column())
          .put("path", d.path())
          .put("severity", d.severity().name().toLowerCase(Locale.ROOT))
          .put("message", d.message())
          .put("text", d.format());
    }
    out.put("errors", errors(diagnostics));
    out.put("warnings", diagnostics.size() - errors(diagnostics));
    out.put("summary", DiagnosticFormat.summary(diagnostics, 1));
  }

  private static long errors(List<Diagnostic> diagnostics) {
    return DiagnosticFormat.count(diagnostics, Diagnostic.Severity.ERROR);
  }

  /** A text member of the request, within the cap the command line reads such a file with. */
  private static String text(JsonNode request, String name, int maxBytes) throws Refusal {
    JsonNode value = request.get(name);
    if (value == null || !value.isTextual()) {
      throw Refusal.malformed("the request needs '" + name + "' as a string");
    }
    if (bytes(value.textValue()) > maxBytes) {
      throw Refusal.tooLarge(
          "the " + name + " is larger than " + TextFile.describe(maxBytes) + ": not read");
    }
    return value.textValue();
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Identifies a saved text, so that a save cannot overwrite a change made beside the page. */
  static String version(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
