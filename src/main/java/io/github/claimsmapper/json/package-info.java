/**
 * The project's one JSON configuration: {@link io.github.claimsmapper.json.Json#MAPPER} reads and
 * writes trees without losing a digit, for events, items, mapping files, responses and log lines
 * alike. A leaf: it depends on Jackson only and on no package of ours, so every package can use it
 * without depending on the engine.
 */
package io.github.claimsmapper.json;
