package io.github.claimsmapper.config;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} and {@code ${env:NAME:-default}} in string values, resolved once when the
 * file is loaded. Other {@code ${...}} parts are templates and are left alone.
 */
final class Placeholders {
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([^}:]*)(?::-([^}]*))?}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Placeholders() {}

  /**
   * Resolves the placeholders in {@code text}; each problem is passed to {@code problem} with its
   * offset in the text.
   */
  static String resolve(String text, Map<String, String> env, BiConsumer<Integer, String> problem) {
    if (!text.contains("${env:")) {
      return text;
    }
    Matcher m = ENV.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value;
      if (!NAME.matcher(name).matches()) {
        problem.accept(m.start(), "invalid environment variable name '" + name + "'");
        value = "";
      } else if (env.containsKey(name)) {
        value = env.get(name);
      } else if (m.group(2) != null) {
        value = m.group(2);
      } else {
        problem.accept(m.start(), "environment variable " + name + " is not set (write ${env:" + name
            + ":-default} to give a default)");
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
