package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The preview page's samples: every event of events/ is offered, from the jar's copy. */
class SampleEventsTest {
  @Test
  void everySampleEventIsListedAndBundled() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("events"))) {
      List<String> onDisk =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .map(p -> p.getFileName().toString())
              .sorted()
              .toList();
      assertEquals(onDisk, SampleEvents.EVENTS.stream().sorted().toList());
    }
    for (String name : SampleEvents.EVENTS) {
      assertEquals(Files.readString(Path.of("events", name)), SampleEvents.text(name), name);
    }
    assertEquals(
        Files.readString(Path.of("events", SampleEvents.ITEM)),
        SampleEvents.text(SampleEvents.ITEM));
  }

  @Test
  void labelsSayTheVersionTheFunctionReadsAndTheTriggerSource() {
    assertEquals(
        "V2 · TokenGeneration_Authentication",
        SampleEvents.label(SampleEvents.text("v2-authentication.json")));
    assertEquals(
        "V3 · TokenGeneration_ClientCredentials",
        SampleEvents.label(SampleEvents.text("v3-client-credentials.json")));
    assertEquals(
        "V1 · TokenGeneration_Authentication",
        SampleEvents.label(SampleEvents.text("cognito-local-v0.json")));
    assertEquals(
        "V1 · no triggerSource", SampleEvents.label(SampleEvents.text("console-test.json")));
  }
}
