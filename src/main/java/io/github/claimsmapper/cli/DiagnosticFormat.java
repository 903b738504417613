package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.config.Diagnostic;
import io.github.claimsmapper.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** How {@code validate} prints its diagnostics. */
enum DiagnosticFormat {
  /** {@code file:line:column: path: message} lines, then the summary line. */
  TEXT {
    @Override
    void print(List<Diagnostic> diagnostics, int files, PrintWriter out) {
      diagnostics.forEach(d -> out.println(d.format()));
      out.println(summary(diagnostics, files));
    }
  },
  /** One JSON document: {@code {"files", "errors", "warnings", "diagnostics": [...]}}. */
  JSON {
    @Override
    void print(List<Diagnostic> diagnostics, int files, PrintWriter out) {
      ObjectNode document = Json.MAPPER.createObjectNode();
      document.put("files", files);
      document.put("errors", count(diagnostics, Diagnostic.Severity.ERROR));
      document.put("warnings", count(diagnostics, Diagnostic.Severity.WARNING));
      ArrayNode list = document.putArray("diagnostics");
      for (Diagnostic d : diagnostics) {
        list.addObject()
            .put("file", d.file())
            .put("line", d.line())
            .put("column", d.column())
            .put("path", d.path())
            .put("severity", d.severity().name().toLowerCase(Locale.ROOT))
            .put("message", d.message());
      }
      out.println(Json.compact(document));
    }
  },
  /**
   * GitHub Actions workflow commands ({@code ::error file=...::message}), then the summary line.
   */
  GITHUB {
    @Override
    void print(List<Diagnostic> diagnostics, int files, PrintWriter out) {
      for (Diagnostic d : diagnostics) {
        out.println(
            "::"
                + (d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning")
                + " file="
                + property(d.file())
                + ",line="
                + d.line()
                + ",col="
                + d.column()
                + ",title="
                + property(d.path())
                + "::"
                + data(d.message()));
      }
      out.println(summary(diagnostics, files));
    }
  };

  /** Reads {@code text}, {@code json} or {@code github}, in any case. */
  static final class Converter implements CommandLine.ITypeConverter<DiagnosticFormat> {
    @Override
    public DiagnosticFormat convert(String value) {
      for (DiagnosticFormat format : values()) {
        if (format.name().equalsIgnoreCase(value)) {
          return format;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected text, json or github, found '" + value + "'");
    }
  }

  abstract void print(List<Diagnostic> diagnostics, int files, PrintWriter out);

  static long count(List<Diagnostic> diagnostics, Diagnostic.Severity severity) {
    return diagnostics.stream().filter(d -> d.severity() == severity).count();
  }

  /** {@code 2 files checked: 3 errors, 0 warnings}. */
  static String summary(List<Diagnostic> diagnostics, int files) {
    long errors = count(diagnostics, Diagnostic.Severity.ERROR);
    long warnings = count(diagnostics, Diagnostic.Severity.WARNING);
    return files
        + (files == 1 ? " file" : " files")
        + " checked: "
        + errors
        + (errors == 1 ? " error" : " errors")
        + ", "
        + warnings
        + (warnings == 1 ? " warning" : " warnings");
  }

  /** Escapes a workflow command's message (as the Actions toolkit does). */
  static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /**
   * Escapes a workflow command's property value: as a message, and also {@code :} and {@code ,}.
   */
  static String property(String text) {
    return data(text).replace(":", "%3A").replace(",", "%2C");
  }
}
