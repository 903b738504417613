package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ${env:NAME}} placeholders of one document, in values only: a placeholder in a name is
 * refused. Plain data (table names, claim constants) takes the values as text, in the tree itself;
 * code (expressions, templates) is resolved again from what was written, each value spliced in as a
 * string literal, so a value can never become code. Every string that took a value is remembered by
 * the {@link EnvironmentMask}.
 */
final class Substitutions {
  private final Map<String, String> env;
  private final Diagnostics diagnostics;
  private final EnvironmentMask mask;

  Substitutions(Map<String, String> env, Diagnostics diagnostics, EnvironmentMask mask) {
    this.env = env;
    this.diagnostics = diagnostics;
    this.mask = mask;
  }

  /** Replaces the placeholders of every string below {@code node} with their values as text. */
  void resolveAll(JsonNode node, String path) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> names = new ArrayList<>(object.size());
      for (Iterator<String> i = object.fieldNames(); i.hasNext(); ) {
        names.add(i.next()); // a copy: the loop below replaces values
      }
      for (String name : names) {
        String child = DocumentPath.child(path, name);
        if (Placeholders.holdsPlaceholder(name)) {
          refuseInName(child);
        }
        JsonNode value = object.get(name);
        if (value.isTextual()) {
          object.set(name, TextNode.valueOf(resolve(value.textValue(), child)));
        } else {
          resolveAll(value, child);
        }
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        String child = DocumentPath.index(path, i);
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(resolve(array.get(i).textValue(), child)));
        } else {
          resolveAll(array.get(i), child);
        }
      }
    }
  }

  /**
   * A name (a claim, a key attribute, any key of the file) is literal. Resolving it would make the
   * names a token carries and a lookup sends differ by environment, unseen by {@code validate} in
   * CI, and would put environment values wherever names are shown: log lines, metrics, {@code diff}
   * and {@code --explain}.
   */
  private void refuseInName(String path) {
    diagnostics.errorAtKey(
        path,
        "${env:...} is not resolved in a key: claim names, key attributes and every other key"
            + " are literal, the same in every environment (a placeholder goes in a value, such as"
            + " a table, a template or a constant)");
    diagnostics.quiet(path); // the literal name's other errors would only repeat this one
  }

  private String resolve(String text, String path) {
    if (!Placeholders.holdsPlaceholder(text)) {
      return text;
    }
    ResolvedText resolved =
        Placeholders.resolve(
            text,
            env,
            Placeholders.Use.TEXT,
            (offset, message) -> {
              diagnostics.errorInText(path, offset, message);
              diagnostics.quiet(path);
            });
    mask.remember(path, text, resolved);
    return resolved.text();
  }

  /** The string at {@code path} as written: with its placeholders, when it held any. */
  String asWritten(String path, String text) {
    return mask.written(path).orElse(text);
  }

  /** The text of a string that is code, for {@code use}; nothing after a reported problem. */
  Optional<ResolvedText> code(String text, String path, Placeholders.Use use) {
    Optional<String> written = mask.written(path);
    if (written.isEmpty()) {
      return Optional.of(new ResolvedText(text, List.of(), List.of()));
    }
    boolean[] failed = {false};
    ResolvedText code =
        Placeholders.resolve(
            written.get(),
            env,
            use,
            (offset, message) -> {
              diagnostics.errorInText(path, offset, message);
              failed[0] = true;
            });
    return failed[0] ? Optional.empty() : Optional.of(code);
  }
}
