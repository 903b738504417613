package io.github.claimsmapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What changes between two outcomes for the same event, one line per change: claims added,
 * changed and removed, suppressions, scopes, the group override, and allowed/denied. Values are
 * compact JSON.
 */
final class ResponseDiff {
  private static final List<String> GROUP_FIELDS = List.of("groupsToOverride", "iamRolesToOverride", "preferredRole");

  private ResponseDiff() {}

  static List<String> between(Outcome before, Outcome after) {
    List<String> changes = new ArrayList<>();
    if (before.denied() || after.denied()) {
      if (!before.denied()) {
        changes.add("outcome changed: allowed -> denied (" + after.denial() + ")");
      } else if (!after.denied()) {
        changes.add("outcome changed: denied -> allowed (was: " + before.denial() + ")");
      } else if (!before.denial().equals(after.denial())) {
        changes.add("denial changed: " + before.denial() + " -> " + after.denial());
      }
      return changes;
    }
    ResponseView old = ResponseView.of(before.response());
    ResponseView now = ResponseView.of(after.response());
    token("idToken", old.idToken(), now.idToken(), changes);
    token("accessToken", old.accessToken(), now.accessToken(), changes);
    groups(old.groups(), now.groups(), changes);
    return changes;
  }

  private static void token(String name, ResponseView.Token old, ResponseView.Token now, List<String> changes) {
    ResponseView.Token empty = new ResponseView.Token(JsonNodeFactory.instance.objectNode(), List.of(), List.of(), List.of());
    old = old == null ? empty : old;
    now = now == null ? empty : now;
    for (Map.Entry<String, JsonNode> claim : now.claims().properties()) {
      JsonNode was = old.claims().path(claim.getKey());
      if (was.isMissingNode()) {
        changes.add(name + " claim added: " + claim.getKey() + " = " + Json.compact(claim.getValue()));
      } else if (!ResponseView.equal(was, claim.getValue())) {
        changes.add(name + " claim changed: " + claim.getKey() + ": " + Json.compact(was) + " -> " + Json.compact(claim.getValue()));
      }
    }
    for (Map.Entry<String, JsonNode> claim : old.claims().properties()) {
      if (!now.claims().has(claim.getKey())) {
        changes.add(name + " claim removed: " + claim.getKey());
      }
    }
    names(name + " suppress", old.suppress(), now.suppress(), changes);
    names(name + " scopesToAdd", old.scopesToAdd(), now.scopesToAdd(), changes);
    names(name + " scopesToSuppress", old.scopesToSuppress(), now.scopesToSuppress(), changes);
  }

  private static void names(String what, List<String> old, List<String> now, List<String> changes) {
    now.stream().filter(n -> !old.contains(n)).forEach(n -> changes.add(what + " added: " + n));
    old.stream().filter(n -> !now.contains(n)).forEach(n -> changes.add(what + " removed: " + n));
  }

  private static void groups(ObjectNode old, ObjectNode now, List<String> changes) {
    if (old == null && now == null) {
      return;
    }
    if (old == null) {
      changes.add("groupOverrideDetails added: " + Json.compact(now));
    } else if (now == null) {
      changes.add("groupOverrideDetails removed (groups stay as Cognito has them)");
    } else {
      for (String field : GROUP_FIELDS) {
        JsonNode was = old.path(field);
        JsonNode is = now.path(field);
        if (!ResponseView.equal(was, is)) {
          changes.add("groupOverrideDetails changed: " + field + ": " + text(was) + " -> " + text(is));
        }
      }
    }
  }

  private static String text(JsonNode value) {
    return value instanceof MissingNode ? "(none)" : Json.compact(value);
  }
}
