package io.github.claimsmapper.config;

import io.github.claimsmapper.engine.TemplateLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} and {@code ${env:NAME:-default}} in string values, resolved once when the
 * file is loaded. Other {@code ${...}} parts are templates and are left alone.
 *
 * <p>A value is always text, never code: where the string is an expression or a template, the value
 * is spliced in as a string literal, so an environment value such as {@code ${item.password}} or
 * {@code ' || item.secret || '} stays those characters. In an expression a placeholder must
 * therefore stand inside a {@code '...'} string (a {@code "..."} is a field name in JMESPath, and
 * names are never taken from the environment); in a template's text it is a literal part; in a
 * regular expression it is quoted. The variables that hold the function's credentials are refused:
 * a mapping writes tokens, and a token is no place for them.
 */
final class Placeholders {
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([^}:]*)(?::-([^}]*))?}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Variables the Lambda runtime sets that hold credentials or point at the runtime's own endpoints
   * (the reserved variables of "Defined runtime environment variables" in the Lambda developer
   * guide, plus the container-credential pair used by SnapStart and the older {@code
   * AWS_SECRET_KEY}/{@code AWS_SECURITY_TOKEN} spellings the SDKs still read). The descriptive ones
   * ({@code AWS_REGION}, {@code AWS_LAMBDA_FUNCTION_NAME}) stay usable.
   */
  static final List<String> REFUSED =
      List.of(
          "AWS_ACCESS_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SECRET_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_SECURITY_TOKEN",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_LAMBDA_RUNTIME_API");

  private Placeholders() {}

  /** What a string is, which decides what a placeholder's value becomes in it. */
  enum Use {
    /** Plain data (a table name, a constant): the value as it is. */
    TEXT,
    /** A JMESPath expression: the value as a string literal, inside the quotes it stands in. */
    EXPRESSION,
    /** Literal text with {@code ${expression}} parts: the value as a literal part. */
    TEMPLATE,
    /** A regular expression (RE2): the value quoted, so it matches itself and nothing else. */
    REGEX
  }

  /** Receives a problem at an offset in the text as written. */
  interface Problems {
    void at(int offset, String message);
  }

  /** True when the text holds a placeholder. */
  static boolean holdsPlaceholder(String text) {
    return text.contains("${env:");
  }

  /**
   * The text without its placeholders, to tell a template from an expression by what was written.
   */
  static String withoutPlaceholders(String text) {
    return ENV.matcher(text).replaceAll("");
  }

  /**
   * Resolves the placeholders in {@code text} for its use; each problem is passed on with its
   * offset in the text. A problem never names a variable's value.
   */
  static ResolvedText resolve(String text, Map<String, String> env, Use use, Problems problems) {
    if (!holdsPlaceholder(text)) {
      return new ResolvedText(text, List.of(), List.of());
    }
    StringBuilder out = new StringBuilder();
    List<String> values = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    Matcher m = ENV.matcher(text);
    boolean inPart = use == Use.EXPRESSION; // inside code (a whole expression or a template's part)
    TemplateLexer code = new TemplateLexer(); // where in that code: in a string, in braces
    int i = 0;
    while (i < text.length()) {
      if (!code.escaping()
          && text.startsWith("${env:", i)
          && m.region(i, text.length()).lookingAt()) {
        String value = value(m, env, problems);
        if (value != null && env.containsKey(m.group(1))) {
          values.add(value);
        }
        String spliced = value == null ? "" : value;
        if (use == Use.REGEX) {
          spliced = com.google.re2j.Pattern.quote(spliced);
        } else if (use == Use.TEMPLATE && !inPart) {
          spliced = "${'" + rawString(spliced) + "'}";
        } else if (use != Use.TEXT) {
          if (code.quote() == '\'') {
            spliced = rawString(spliced);
          } else if (code.quote() == '"') {
            if (value != null) {
              problems.at(
                  i,
                  "${env:"
                      + m.group(1)
                      + "} stands inside a \"...\" name: in JMESPath \"...\" reads the field of"
                      + " that name, never text, and a name is not taken from the environment"
                      + " (write '${env:"
                      + m.group(1)
                      + "}' for the text)");
            }
            spliced = "";
          } else {
            if (value != null) {
              problems.at(
                  i,
                  "${env:"
                      + m.group(1)
                      + "} stands outside a '...' string: in an expression an environment"
                      + " value is text, never code (write '${env:"
                      + m.group(1)
                      + "}', or use const: for a constant claim)");
            }
            spliced = "";
          }
        }
        spans.add(new int[] {out.length(), out.length() + spliced.length(), i, m.end() - i});
        out.append(spliced);
        i = m.end();
        continue;
      }
      char c = text.charAt(i);
      if (use == Use.TEMPLATE && !inPart) {
        if (text.startsWith("${", i)) {
          inPart = true;
          code = new TemplateLexer();
          out.append("${");
          i += 2;
          continue;
        }
      } else if (use == Use.EXPRESSION || use == Use.TEMPLATE) {
        if (code.closesPart(c) && use == Use.TEMPLATE) {
          inPart = false;
        }
      }
      out.append(c);
      i++;
    }
    return new ResolvedText(out.toString(), values, spans);
  }

  /** The value of the placeholder {@code m} matched, or null after a problem. */
  private static String value(Matcher m, Map<String, String> env, Problems problems) {
    String name = m.group(1);
    if (!NAME.matcher(name).matches()) {
      problems.at(m.start(), "invalid environment variable name '" + name + "'");
      return null;
    }
    if (REFUSED.contains(name)) {
      problems.at(
          m.start(),
          "${env:"
              + name
              + "} is set by the Lambda runtime and holds the function's credentials"
              + " or its runtime endpoint: a mapping cannot use it");
      return null;
    }
    if (env.containsKey(name)) {
      return env.get(name);
    }
    if (m.group(2) != null) {
      return m.group(2);
    }
    problems.at(
        m.start(),
        "environment variable "
            + name
            + " is not set (write ${env:"
            + name
            + ":-default} to give a default)");
    return null;
  }

  /**
   * How a value may be spelled in a resolved text: as it is, and escaped for either string literal.
   */
  static List<String> spellings(String value) {
    return value.isEmpty() ? List.of() : List.of(rawString(value), quotedString(value), value);
  }

  /**
   * The inside of a JMESPath raw string literal ({@code '...'}): {@code \} and {@code '} escaped.
   */
  private static String rawString(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  /** The inside of a JSON string ({@code "..."}, a quoted identifier). */
  private static String quotedString(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
