/**
 * The Lambda entry points: the trigger ({@link io.github.claimsmapper.lambda.Handler}) reads
 * settings from the environment once at cold start ({@code Wiring}: the log, the one DynamoDB
 * client, the mapping, the shadow), and answers each event through one path: the mapping of the
 * invocation from its {@code MappingSource} (a file, or {@code LiveMapping}: an AppConfig profile
 * through the extension's loopback endpoint, re-checked on the invocation path with last-known-good
 * and new versions compiled beside the sign-ins), the answer and its summary from the {@link
 * io.github.claimsmapper.ClaimsMapper} façade, the shadow's verdict ({@code ShadowMapping}), and
 * one summary line. Every step of an invocation draws on one {@code Deadline} taken from the Lambda
 * context. The AppConfig validator ({@link io.github.claimsmapper.lambda.AppConfigValidator}) runs
 * the loader's checks on a version before AppConfig deploys it.
 *
 * <p>The classes, by role:
 *
 * <ul>
 *   <li>Entry points: {@link Handler}, the pre token generation trigger; {@link
 *       AppConfigValidator}, AppConfig's validator, running the checks of {@code validate} and of
 *       the function's init on a version before it is deployed; {@link AotTraining}, the training
 *       run of an ahead-of-time cache, answering sample events as Lambda would, its lookups served
 *       by {@code LoopbackTable}, a stand-in for DynamoDB on 127.0.0.1.
 *   <li>Cold start: {@link Settings}, the function's settings, read from its environment once;
 *       {@link Wiring}, what the handler is built from (the log, the mapping, the item source, the
 *       shadow, the SnapStart hooks), the one way into a {@code Handler}; {@code BundledMapping},
 *       which bundled mapping is loaded without {@code CLAIMS_CONFIG} (the checked JSON form when
 *       the jar has it); {@code LazyItems}, the DynamoDB item source over a client built on a
 *       second thread at init; {@code Priming}, SnapStart priming, running what a sign-in runs
 *       before the snapshot.
 *   <li>The mapping: {@code MappingSource}, where it comes from (a file, or an AppConfig profile);
 *       {@code LiveMapping}, the profile's mapping re-checked on the invocation path, with
 *       last-known-good and new versions compiled beside the sign-ins; {@code LiveState},
 *       everything of it that changes, as one value swapped whole; {@code LiveSettings}, the
 *       AppConfig and shadow settings, read once; {@code AppConfigProfile}, a profile as a setting
 *       names it; {@code AppConfigClient}, one read of the extension's loopback endpoint, every
 *       byte within one deadline.
 *   <li>The shadow: {@code ShadowMapping}, a second mapping answered beside the real one and
 *       compared by name only; {@code ShadowSetup}, which builds it from {@code
 *       CLAIMS_SHADOW_CONFIG}; {@code ShadowWitness}, one invocation's copy of the event for it.
 *   <li>Each invocation: {@code Deadline}, its one deadline from the Lambda context; {@code
 *       MappingStatus}, what the summary line says of its mapping (the AppConfig version, the
 *       refresh check, the shadow's verdict); {@link EmbeddedMetrics}, the CloudWatch embedded
 *       metric members of the summary line; {@code JsonLineLog}, the log, one JSON object per line
 *       in the shape of Lambda's JSON log format.
 * </ul>
 */
package io.github.claimsmapper.lambda;
