package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.SignInDenied;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.engine.SourcePlan;
import io.github.claimsmapper.json.Json;
import io.github.claimsmapper.source.ItemRequest;
import io.github.claimsmapper.source.ItemSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots the initialized function, run the code a sign-in runs,
 * so the snapshot holds loaded, initialized classes (Jackson, JMESPath, the plan, the response
 * writer) and a DynamoDB client that has built and signed a request. After a restore, nothing is
 * left to do. Registered by the handler; a no-op on JVMs without CRaC.
 */
final class Priming implements Resource {
  /** A version 2 event that reaches every part of a plan; its user does not exist. */
  static final String SYNTHETIC_EVENT =
      """
      {"version": "2", "triggerSource": "TokenGeneration_Authentication", "region": "us-east-1",
       "userPoolId": "us-east-1_Priming", "userName": "snapstart-priming",
       "callerContext": {"awsSdkVersion": "priming", "clientId": "priming"},
       "request": {"userAttributes": {"sub": "snapstart-priming", "email_verified": "true"},
                   "groupConfiguration": {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null},
                   "scopes": ["openid"]},
       "response": {"claimsAndScopeOverrideDetails": null}}
      """;

  private final MappingPlan plan;
  private final ItemSource store;
  private final Log log;
  private int primed;

  Priming(MappingPlan plan, ItemSource store, Log log) {
    this.plan = plan;
    this.store = store;
    this.log = log;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    log.write(Log.Level.INFO, "restored from a SnapStart snapshot (primed " + primed + " time(s))");
  }

  /**
   * Runs the synthetic event through the façade with an empty item (no network), serializes the
   * response, then asks the store once for the synthetic user, ignoring the answer and any failure:
   * the point is the classes and the client's first request, not the data.
   */
  void prime() {
    try {
      ClaimsMapper offline =
          new ClaimsMapper(plan, request -> Optional.of(Json.MAPPER.createObjectNode()), Log.NONE);
      JsonNode event = Json.MAPPER.readTree(SYNTHETIC_EVENT);
      try {
        Json.MAPPER.writeValue(new ByteArrayOutputStream(), offline.respond(event, "priming"));
      } catch (SignInDenied expected) {
        // a mapping with required claims denies the synthetic user: the code ran all the same
      }
      if (!plan.sources().isEmpty()) {
        SourcePlan primary = plan.sources().get(0);
        Map<String, JsonNode> key = new LinkedHashMap<>();
        primary
            .key()
            .keySet()
            .forEach(name -> key.put(name, TextNode.valueOf("snapstart-priming")));
        ItemRequest request =
            new ItemRequest(primary.name(), primary.table(), key, false, primary.attributes());
        try {
          store.findAll(List.of(request));
        } catch (RuntimeException ignored) {
          // unreachable table, a numeric key, anything the store threw: the client still built,
          // signed and sent a request, which is all priming is for
        }
      }
      primed++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int timesPrimed() {
    return primed;
  }
}
