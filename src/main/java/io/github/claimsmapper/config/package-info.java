/**
 * Turns a mapping file into a {@link io.github.claimsmapper.engine.MappingPlan}: YAML with
 * locations, environment placeholders, structural and semantic checks (Cognito's rules), and
 * compilation of every expression. Every problem is collected and reported at once as a {@link
 * io.github.claimsmapper.config.Diagnostic} with {@code file:line:column}; an invalid file never
 * yields a plan.
 *
 * <p>Each section of the file has its own parser, and each parser returns what it read (a part of
 * the plan, and every expression it compiled) instead of leaving it in shared fields, so the order
 * parsers run in cannot change the result. The readers of {@link
 * io.github.claimsmapper.config.Fields} return {@code Optional}: after a mistake there is no value,
 * never a default standing in for it.
 *
 * <p>The parsers run in the function's cold start, so they are written with plain loops and
 * conditionals rather than lambdas and streams: each lambda is a class the JVM defines on first
 * use, and the split into parsers had added 42 of them (about 6% more time to load the bundled
 * mapping in a fresh JVM). Loading it now defines fewer classes than the single compiler did.
 *
 * <p>The classes, by role:
 *
 * <ul>
 *   <li>The loader and its result: {@link MappingLoader}, the only way to obtain a plan (its {@code
 *       Result} holds the plan, the warnings, the locator of paths and the document as read);
 *       {@link ConfigException}, a file that cannot be loaded, with every problem found in it;
 *       {@code Compilation}, one document made into a plan: each section read by its parser, the
 *       plan assembled only when no problem was found.
 *   <li>The parsers per section: {@code SectionParser}, what they all read with (the typed readers,
 *       the diagnostics, the compiler of code); {@code Sections}, the tokens, scopes and groups
 *       that the top of a mapping and each rule have alike; {@code TokenParser}, an {@code idToken}
 *       or {@code accessToken} section; {@code ClaimParser}, one claim; {@code ScopeParser}, {@code
 *       accessToken.scopes} (scopes from data need {@code allow}); {@code GroupParser}, a {@code
 *       groups} section; {@code SourceParser}, {@code source}, {@code sources} and a rule's changes
 *       to them; {@code QueryParser}, the parts that make a source list-valued ({@code query},
 *       {@code forEach}, {@code limit}, {@code onTruncated}); {@code RuleParser}, {@code rules};
 *       {@code Parsed}, what a parser made of its part and every expression it compiled there;
 *       {@code Expressions}, the compiler of the strings that are code (and the warning for a
 *       quoted name where a string was meant); {@link Fields}, the typed readers.
 *   <li>The source graph: {@code SourceParts} and {@code QueryParts}, what a source entry or a
 *       rule's change to one says, part by part; {@code SourceGraph}, which sources each key reads
 *       (a cycle is an error) and which attributes of each source the expressions read.
 *   <li>Cognito's rules and likely mistakes: {@code CognitoRules}, what a trigger may do with
 *       claims and scopes (a forbidden entry is rejected at load); {@code OidcClaimNames}, the
 *       standard OpenID Connect claims, to spot a mistyped one; {@link TableNames}, a table name or
 *       a table's ARN, an ARN checked here.
 *   <li>Reading, locations and diagnostics: {@link TextFile}, a user's file as UTF-8 text under a
 *       size cap; {@code YamlDocument}, YAML read into one JSON tree with every key's place
 *       (duplicate keys, aliases, merge keys and non-standard tags refused), and {@code
 *       YamlSyntax}, its YAML-only part, kept apart so a JSON mapping never loads the YAML parser;
 *       {@code Locations} and {@code Location}, where each path stands as line and column; {@code
 *       DocumentPath}, the {@code $.a.b['c:d'][0]} paths; {@link Diagnostic}, one located problem;
 *       {@link Diagnostics}, every problem of a file, collected; {@link CheckedFile}, a file of
 *       ours other than a mapping (a test case's expectation) read as a mapping is.
 *   <li>Text and placeholders: {@code Placeholders}, the {@code ${env:NAME}} rule for one string (a
 *       value is always text, spliced into code as a string literal); {@code Substitutions}, the
 *       placeholders of one document, in values only; {@code ResolvedText}, a resolved string that
 *       remembers where each value went; {@code EnvironmentMask}, which keeps environment values
 *       out of diagnostics.
 * </ul>
 */
package io.github.claimsmapper.config;
