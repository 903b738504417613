package io.github.claimsmapper.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.engine.Overrides;
import io.github.claimsmapper.engine.ValueText;
import java.util.List;
import java.util.Map;

/**
 * Writes overrides into the event's {@code response}, in the shape of the event's version. The
 * function returns the whole event with the response filled in.
 */
public final class CognitoResponse {
  private CognitoResponse() {}

  /**
   * The event with {@code response} filled in. The answer is a new object whose top-level fields
   * are the event's own (shared, not copied) and whose {@code response} is new; the event itself is
   * left as it was. So a claim whose value is the event, or holds it ({@code event}, {@code @}),
   * carries the event as it came in, and never comes to contain the response that contains it,
   * which no serializer could write.
   */
  public static ObjectNode fill(CognitoEvent event, Overrides overrides) {
    ObjectNode json = event.json().objectNode();
    json.setAll(event.json());
    ObjectNode response = json.objectNode();
    if (event.version() == EventVersion.V1) {
      ObjectNode details = response.putObject("claimsOverrideDetails");
      writeClaims(details, overrides.idToken(), true);
      overrides.groups().ifPresent(g -> writeGroups(details, g));
    } else {
      ObjectNode details = response.putObject("claimsAndScopeOverrideDetails");
      if (!event.isClientCredentials()) {
        writeClaims(details.putObject("idTokenGeneration"), overrides.idToken(), false);
      }
      ObjectNode access = details.putObject("accessTokenGeneration");
      writeClaims(access, overrides.accessToken(), false);
      strings(access.putArray("scopesToAdd"), overrides.scopes().add());
      strings(access.putArray("scopesToSuppress"), overrides.scopes().suppress());
      if (!event.isClientCredentials()) {
        overrides.groups().ifPresent(g -> writeGroups(details, g));
      }
    }
    json.set("response", response);
    return json;
  }

  private static void writeClaims(ObjectNode target, Overrides.Claims claims, boolean stringsOnly) {
    ObjectNode add = target.putObject("claimsToAddOrOverride");
    for (Map.Entry<String, JsonNode> claim : claims.add().entrySet()) {
      add.set(
          claim.getKey(),
          stringsOnly ? ValueText.asClaimString(claim.getValue()) : claim.getValue());
    }
    strings(target.putArray("claimsToSuppress"), claims.suppress());
  }

  private static void writeGroups(ObjectNode details, Overrides.Groups groups) {
    ObjectNode target = details.putObject("groupOverrideDetails");
    strings(target.putArray("groupsToOverride"), groups.groups());
    strings(target.putArray("iamRolesToOverride"), groups.iamRoles());
    // no preferred role is no key: a null would be echoed into the answer as a value of its own
    if (groups.preferredRole() != null) {
      target.put("preferredRole", groups.preferredRole());
    }
  }

  private static void strings(ArrayNode target, List<String> values) {
    values.forEach(target::add);
  }
}
