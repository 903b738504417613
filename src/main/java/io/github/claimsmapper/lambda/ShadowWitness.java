package io.github.claimsmapper.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.claimsmapper.ClaimsMapper;

/**
 * One invocation's view for the shadow mapping: keeps a copy of the event as it arrived and, once
 * the real outcome is known, has the shadow answer its copy and compare. Not thread-safe: one per
 * invocation.
 */
final class ShadowWitness implements ClaimsMapper.Witness {
  private final ShadowMapping shadow;
  private final String reference;
  private final Deadline deadline;
  private JsonNode copy;
  private ShadowMapping.Report report;

  ShadowWitness(ShadowMapping shadow, String reference, Deadline deadline) {
    this.shadow = shadow;
    this.reference = reference;
    this.deadline = deadline;
  }

  @Override
  public void read(JsonNode event) {
    copy = event.deepCopy();
  }

  @Override
  public void answered(ObjectNode response) {
    if (copy != null) {
      report = shadow.compare(copy, response, reference, deadline.left());
    }
  }

  /** The shadow's verdict; null when it did not run (the event could not be read). */
  ShadowMapping.Report report() {
    return report;
  }
}
