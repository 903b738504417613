/**
 * The mapping model and its evaluation: compiled expressions and templates, claim, scope and group
 * rules, and the pure {@link io.github.claimsmapper.engine.MappingPlan#apply} that turns an
 * envelope {@code {"event": ..., "item": ...}} into token overrides ({@code PlanEvaluation} is one
 * such evaluation; {@link io.github.claimsmapper.engine.TemplateLexer} the one reader of a
 * template's {@code ${...}} code; {@link io.github.claimsmapper.engine.AudienceRule} Cognito's rule
 * for an access token's {@code aud}). No I/O and no knowledge of Cognito's wire format or of
 * DynamoDB; depends on JMESPath, Jackson and the project's JSON configuration ({@link
 * io.github.claimsmapper.json.Json}) only.
 *
 * <p>The classes, by role:
 *
 * <ul>
 *   <li>The plan, as the loader builds it: {@link MappingPlan}, a compiled mapping file and its
 *       pure {@code apply}; {@link SourcePlan}, one item read per sign-in (table, key templates,
 *       policies, the attributes read, what it depends on, its cache); {@link QueryPlan}, what
 *       makes a source's value a list of items ({@code query} or {@code forEach}); {@link
 *       RulePlan}, a conditional overlay; {@link Condition}, a rule's {@code when} (a failure is
 *       thrown, never read as false); {@link Limits}, the bytes each token's added claims may take;
 *       {@link Policy}, what happens when data is missing or cannot be read ({@code deny}, {@code
 *       continue}, {@code stale}).
 *   <li>Claims: {@link TokenPlan}, the claims one token gains and loses; {@link ClaimRule}, one
 *       claim and what to do without a value; {@link ValueType}, a claim's declared type and its
 *       lossless conversions.
 *   <li>Scopes and groups: {@link ScopePlan}, the access token's scopes, literal and from data;
 *       {@link ScopePattern}, an {@code allow} entry with {@code *}; {@link GroupPlan}, the group
 *       override; {@link GroupMatch}, what a {@code keep} or {@code remove} filter selects (its
 *       regular expression in RE2/J, in linear time).
 *   <li>Expressions: {@link Expression}, a compiled expression over the envelope that also says
 *       which attributes of a source it reads; {@link ExpressionCompiler}, the only class that
 *       knows the JMESPath runtime (built-ins extended with the mapping functions); {@link
 *       ExpressionSyntaxException}, an expression or template that does not compile, with its
 *       offset; {@link Template}, text with {@code ${...}} parts, read by {@link TemplateLexer};
 *       {@link Constant}, a literal where expressions are also taken; {@link JsonTypes}, the JSON
 *       type names JMESPath and authors use.
 *   <li>Inside the compiler: {@code ExactRuntime}, the Jackson runtime charging each step to the
 *       budget and comparing numbers exactly; {@code EvaluationBudget}, what one evaluation may
 *       spend (steps, values, characters), per thread; {@code Nesting}, the bound on how deeply an
 *       expression nests, checked before the library parses it; {@code ShapeRecorder}, the parser's
 *       node factory that notes each node's {@code Shape}, the structure of the parse; {@code
 *       References}, the top-level attributes an expression reads, from that structure, "the whole
 *       item" when it cannot tell; {@link QuotedNames}, double-quoted names that stand where a
 *       string was likely meant (a warning of the loader's).
 *   <li>Evaluation: {@code PlanEvaluation}, one evaluation with its trace and warnings; {@link
 *       EventFacts}, what a plan needs of the event besides its expressions (the {@link Targets}
 *       that apply, the client id, the current groups); {@link Evaluated}, a claim's value and
 *       whether its default stood in; {@code ResultSize}, a value's size bounded while it is
 *       measured; {@link ValueText}, the text forms of values (plain numbers, version 1's string
 *       claims); {@link AudienceRule}, the {@code aud} check; {@link Overrides}, what a plan
 *       decided for one event, independent of the wire format; {@link Trace}, each step for {@code
 *       render --explain}.
 *   <li>Failures: {@link EvaluationException}, an expression failed or a value did not convert,
 *       worded without the data; {@link MappingDenied}, the mapping decided the sign-in fails, with
 *       the rule's path and a reason naming no data; {@link DenialReason}, why a sign-in was
 *       denied, as a closed set of words, each asked for or a failure.
 * </ul>
 */
package io.github.claimsmapper.engine;
