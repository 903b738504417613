/**
 * The mapping model and its evaluation: compiled expressions and templates, claim, scope and group
 * rules, and the pure {@link io.github.claimsmapper.engine.MappingPlan#apply} that turns an
 * envelope {@code {"event": ..., "item": ...}} into token overrides ({@code PlanEvaluation} is one
 * such evaluation; {@link io.github.claimsmapper.engine.TemplateLexer} the one reader of a
 * template's {@code ${...}} code; {@link io.github.claimsmapper.engine.AudienceRule} Cognito's rule
 * for an access token's {@code aud}). No I/O and no knowledge of Cognito's wire format or of
 * DynamoDB; depends on JMESPath, Jackson and the project's JSON configuration ({@link
 * io.github.claimsmapper.json.Json}) only.
 */
package io.github.claimsmapper.engine;
