package io.github.claimsmapper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.ClaimRule;
import io.github.claimsmapper.engine.Expression;
import io.github.claimsmapper.engine.TokenPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an {@code idToken} or {@code accessToken} section: its claims and the claims it suppresses.
 */
final class TokenParser extends SectionParser {
  private final ClaimParser claims;

  TokenParser(Fields fields, Expressions expressions) {
    super(fields, expressions);
    this.claims = new ClaimParser(fields, expressions);
  }

  /** A claim that a token section adds or suppresses, where it is written. */
  record ClaimAt(String token, String name, String path) {}

  /**
   * A token section read.
   *
   * @param added the claims it adds, to warn where another section suppresses one
   * @param suppressed the claims it suppresses
   */
  record Section(
      TokenPlan plan, List<Expression> reads, List<ClaimAt> added, List<ClaimAt> suppressed) {
    static final Section EMPTY = new Section(TokenPlan.EMPTY, List.of(), List.of(), List.of());
  }

  /**
   * The section at {@code path}: {@code idToken} or {@code accessToken} (which may also hold
   * scopes).
   */
  Section token(ObjectNode token, String path, boolean accessToken) {
    if (accessToken) {
      fields.keys(token, path, "claims", "suppress", "scopes");
    } else {
      fields.keys(token, path, "claims", "suppress");
    }
    String side = accessToken ? "accessToken" : "idToken";
    List<ClaimRule> rules = new ArrayList<>();
    List<Expression> reads = new ArrayList<>();
    List<ClaimAt> added = new ArrayList<>();
    if (token.has("claims")) {
      String claimsPath = path + ".claims";
      Optional<ObjectNode> nodes = fields.object(token.get("claims"), claimsPath);
      Iterable<Map.Entry<String, JsonNode>> entries =
          nodes.isPresent() ? nodes.get().properties() : Set.of();
      for (Map.Entry<String, JsonNode> entry : entries) {
        String claimPath = DocumentPath.child(claimsPath, entry.getKey());
        Parsed<ClaimRule> claim =
            claims.claim(entry.getKey(), entry.getValue(), claimPath, accessToken);
        reads.addAll(claim.reads());
        if (claim.value().isPresent()) {
          rules.add(claim.value().get());
          added.add(new ClaimAt(side, entry.getKey(), claimPath));
          warnAboutName(entry.getKey(), claimPath);
        }
      }
    }
    List<String> suppress = new ArrayList<>();
    List<ClaimAt> suppressed = new ArrayList<>();
    if (token.has("suppress")) {
      for (Fields.Entry entry : fields.strings(token.get("suppress"), path + ".suppress")) {
        String name = entry.value();
        Optional<String> why = CognitoRules.whyNotSuppressed(name);
        if (CognitoRules.holdsControl(name)) {
          diagnostics.error(
              entry.path(),
              "a claim name cannot hold control characters ('" + CognitoRules.shown(name) + "')");
        } else if (why.isPresent()) {
          diagnostics.error(entry.path(), why.get());
        } else if (suppress.contains(name)) {
          diagnostics.warning(entry.path(), "'" + name + "' is listed twice");
        } else if (token.path("claims").isObject() && token.path("claims").has(name)) {
          diagnostics.error(
              entry.path(),
              "'"
                  + name
                  + "' is both added and suppressed in this token (Cognito would "
                  + "suppress it)");
        } else {
          suppress.add(name);
          suppressed.add(new ClaimAt(side, name, entry.path()));
          Optional<String> owned = CognitoRules.lookAlikeOf(name);
          if (owned.isPresent()) {
            diagnostics.warning(
                entry.path(),
                "'"
                    + CognitoRules.shown(name)
                    + "' looks like the Cognito claim '"
                    + owned.get()
                    + "': Cognito compares names exactly, so this does not suppress '"
                    + owned.get()
                    + "'");
          }
        }
      }
    }
    return new Section(new TokenPlan(rules, suppress), reads, added, suppressed);
  }

  private void warnAboutName(String name, String path) {
    Optional<String> owned = CognitoRules.lookAlikeOf(name);
    if (owned.isPresent()) {
      diagnostics.warningAtKey(
          path,
          "'"
              + CognitoRules.shown(name)
              + "' looks like the Cognito claim '"
              + owned.get()
              + "': Cognito adds it as a separate claim, and a reader that compares names loosely"
              + " could take it for '"
              + owned.get()
              + "' (rename it)");
      return;
    }
    Optional<String> standard = OidcClaimNames.likelyTypoOf(name);
    if (standard.isPresent()) {
      diagnostics.warningAtKey(
          path, "'" + name + "' looks like a typo of the standard claim '" + standard.get() + "'");
    }
  }

  /** Warns where a claim one section adds is suppressed in the same token by another section. */
  static void warnAboutAddedAndSuppressed(List<Section> sections, Diagnostics diagnostics) {
    Map<String, ClaimAt> firstAdded = new HashMap<>();
    for (Section section : sections) {
      for (ClaimAt claim : section.added()) {
        firstAdded.putIfAbsent(claim.token() + " " + claim.name(), claim);
      }
    }
    for (Section section : sections) {
      for (ClaimAt suppressed : section.suppressed()) {
        ClaimAt added = firstAdded.get(suppressed.token() + " " + suppressed.name());
        if (added != null) {
          diagnostics.warning(
              suppressed.path(),
              "'"
                  + suppressed.name()
                  + "' is added at "
                  + added.path()
                  + " and suppressed here: where both apply, Cognito suppresses it");
        }
      }
    }
  }
}
