package io.github.claimsmapper.lambda;

import io.github.claimsmapper.ClaimsMapper;
import io.github.claimsmapper.Log;
import io.github.claimsmapper.engine.MappingPlan;
import io.github.claimsmapper.source.ItemSource;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Builds the shadow mapping from {@code CLAIMS_SHADOW_CONFIG}: a file, or an AppConfig profile. */
final class ShadowSetup {
  private ShadowSetup() {}

  /**
   * The shadow, or null when none is set. A shadow file is checked like the mapping (the function
   * does not start with a broken one: it was deployed with it); an AppConfig shadow that cannot be
   * read or compiled at init is logged and read again on later checks.
   */
  static ShadowMapping from(LiveSettings live, Settings settings, ItemSource store, Log log) {
    if (live.shadowConfig().isEmpty()) {
      return null;
    }
    String setting = live.shadowConfig().get();
    // what the shadow decides per sign-in is not the function's outcome: DEBUG, marked as the
    // shadow's
    Log evaluation = (level, message) -> log.write(Log.Level.DEBUG, "shadow: " + message);
    Log checks = (level, message) -> log.write(level, "shadow: " + message);
    Function<MappingPlan, ClaimsMapper> mappers = plan -> new ClaimsMapper(plan, store, evaluation);
    Optional<AppConfigProfile> profile = AppConfigProfile.parse(LiveSettings.SHADOW, setting);
    if (profile.isPresent()) {
      LiveMapping shadow = Wiring.appConfig(live, profile.get(), settings, mappers, checks);
      try {
        shadow.start(LiveSettings.INIT_TIMEOUT, false);
      } catch (RuntimeException | Error e) {
        // the shadow never stops the function: whatever its first version threw, it is read again
        checks.write(
            Log.Level.ERROR,
            e instanceof IllegalStateException
                ? e.getMessage()
                : "the shadow could not be started (" + e.getClass().getSimpleName() + ")");
      }
      return new ShadowMapping(
          timeLeft ->
              Optional.ofNullable(shadow.current(timeLeft).active())
                  .map(LiveMapping.Active::mapper),
          live.shadowBudget());
    }
    MappingPlan plan =
        Wiring.loadPlan(setting, Wiring.readConfig(Path.of(setting)), settings, checks);
    ClaimsMapper mapper = mappers.apply(plan);
    return new ShadowMapping(timeLeft -> Optional.of(mapper), live.shadowBudget());
  }
}
