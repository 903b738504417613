package io.github.claimsmapper.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What changes between two outcomes for the same event: claims added, changed and removed,
 * suppressions, scopes, the group override, and allowed/denied. The engine of the {@code diff}
 * command and of the function's shadow mapping.
 *
 * <p>Each change has a {@link Change#subject() subject} that names what changed without a value
 * (safe for the function's log) and a {@link Change#detail() detail} with the values as compact
 * JSON (for the command line, which runs on the developer's own data).
 */
public final class ResponseDiff {
  private static final List<String> GROUP_FIELDS =
      List.of("groupsToOverride", "iamRolesToOverride", "preferredRole");

  private ResponseDiff() {}

  /**
   * One change.
   *
   * @param subject what changed, by name only: {@code idToken claim changed: plan}, {@code
   *     accessToken scopesToAdd added: orders-api/read}, {@code groupOverrideDetails changed:
   *     groupsToOverride}, {@code outcome changed: allowed -> denied}
   * @param detail the values, appended to the subject for the command line; may be empty
   * @param valueFree the subject without the value it names, when it names one that may come from
   *     data (a scope: {@code accessToken scopesToAdd added}), or null when the subject names no
   *     such value; what reaches a log line
   */
  public record Change(String subject, String detail, String valueFree) {
    Change(String subject, String detail) {
      this(subject, detail, null);
    }

    /** The subject and the detail, as the {@code diff} command prints them. */
    public String text() {
      return subject + detail;
    }
  }

  /**
   * Compares two outcomes.
   *
   * @param before the whole event with its response, or null when the sign-in was denied
   * @param beforeDenial why it was denied (ignored when {@code before} is not null)
   * @param after as {@code before}, for the other mapping
   * @param afterDenial as {@code beforeDenial}
   */
  public static List<Change> between(
      JsonNode before, String beforeDenial, JsonNode after, String afterDenial) {
    List<Change> changes = new ArrayList<>();
    if (before == null || after == null) {
      if (before != null) {
        changes.add(new Change("outcome changed: allowed -> denied", " (" + afterDenial + ")"));
      } else if (after != null) {
        changes.add(
            new Change("outcome changed: denied -> allowed", " (was: " + beforeDenial + ")"));
      } else if (!String.valueOf(beforeDenial).equals(String.valueOf(afterDenial))) {
        changes.add(new Change("denial changed", ": " + beforeDenial + " -> " + afterDenial));
      }
      return changes;
    }
    ResponseView old = ResponseView.of(before);
    ResponseView now = ResponseView.of(after);
    token("idToken", old.idToken(), now.idToken(), changes);
    token("accessToken", old.accessToken(), now.accessToken(), changes);
    groups(old.groups(), now.groups(), changes);
    return changes;
  }

  private static void token(
      String name, ResponseView.Token old, ResponseView.Token now, List<Change> changes) {
    ResponseView.Token empty =
        new ResponseView.Token(
            JsonNodeFactory.instance.objectNode(), List.of(), List.of(), List.of());
    old = old == null ? empty : old;
    now = now == null ? empty : now;
    for (Map.Entry<String, JsonNode> claim : now.claims().properties()) {
      JsonNode was = old.claims().path(claim.getKey());
      if (was.isMissingNode()) {
        changes.add(
            new Change(
                name + " claim added: " + claim.getKey(), " = " + Json.compact(claim.getValue())));
      } else if (!ResponseView.equal(was, claim.getValue())) {
        changes.add(
            new Change(
                name + " claim changed: " + claim.getKey(),
                ": " + Json.compact(was) + " -> " + Json.compact(claim.getValue())));
      }
    }
    for (Map.Entry<String, JsonNode> claim : old.claims().properties()) {
      if (!now.claims().has(claim.getKey())) {
        changes.add(new Change(name + " claim removed: " + claim.getKey(), ""));
      }
    }
    names(name + " suppress", old.suppress(), now.suppress(), false, changes);
    names(name + " scopesToAdd", old.scopesToAdd(), now.scopesToAdd(), true, changes);
    names(
        name + " scopesToSuppress", old.scopesToSuppress(), now.scopesToSuppress(), true, changes);
  }

  /**
   * @param values whether the names may come from data (scopes), not from the mapping file (claim
   *     names)
   */
  private static void names(
      String what, List<String> old, List<String> now, boolean values, List<Change> changes) {
    only(what + " added", now, old, values, changes);
    only(what + " removed", old, now, values, changes);
  }

  /** One {@code change} for each name of {@code in} that {@code other} lacks, in order. */
  private static void only(
      String change, List<String> in, List<String> other, boolean values, List<Change> changes) {
    in.stream()
        .filter(n -> !other.contains(n))
        .forEach(n -> changes.add(new Change(change + ": " + n, "", values ? change : null)));
  }

  private static void groups(ObjectNode old, ObjectNode now, List<Change> changes) {
    if (old == null && now == null) {
      return;
    }
    if (old == null) {
      changes.add(new Change("groupOverrideDetails added", ": " + Json.compact(now)));
    } else if (now == null) {
      changes.add(new Change("groupOverrideDetails removed", " (groups stay as Cognito has them)"));
    } else {
      for (String field : GROUP_FIELDS) {
        JsonNode was = old.path(field);
        JsonNode is = now.path(field);
        if (!ResponseView.equal(was, is)) {
          // group and role names come from data: the subject names the field, the detail the values
          changes.add(
              new Change(
                  "groupOverrideDetails changed: " + field, ": " + text(was) + " -> " + text(is)));
        }
      }
    }
  }

  private static String text(JsonNode value) {
    return value instanceof MissingNode ? "(none)" : Json.compact(value);
  }
}
