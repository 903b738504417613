package io.github.claimsmapper.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a plan decided for one event, independent of the Cognito wire format.
 *
 * @param idToken the ID token's claims to add or override, and to suppress
 * @param accessToken the access token's claims to add or override, and to suppress
 * @param scopes the access token's scopes to add and suppress
 * @param groups the group override, present only when the mapping overrides groups
 * @param warnings problems the file's policy chose to go on after, each {@code path: reason}, for
 *     the log (they name no data)
 */
public record Overrides(
    Claims idToken,
    Claims accessToken,
    Scopes scopes,
    Optional<Groups> groups,
    List<String> warnings) {

  public Overrides {
    warnings = List.copyOf(warnings);
  }

  /** Claims to add or override (in file order) and claims to suppress. */
  public record Claims(Map<String, JsonNode> add, List<String> suppress) {
    public static final Claims NONE = new Claims(Map.of(), List.of());

    public Claims {
      add = Collections.unmodifiableMap(new LinkedHashMap<>(add));
      suppress = List.copyOf(suppress);
    }
  }

  /** Scopes to add and to suppress. */
  public record Scopes(List<String> add, List<String> suppress) {
    public static final Scopes NONE = new Scopes(List.of(), List.of());

    public Scopes {
      add = List.copyOf(add);
      suppress = List.copyOf(suppress);
    }
  }

  /** The complete group override; {@code preferredRole} may be null. */
  public record Groups(List<String> groups, List<String> iamRoles, String preferredRole) {
    public Groups {
      groups = List.copyOf(groups);
      iamRoles = List.copyOf(iamRoles);
    }
  }
}
