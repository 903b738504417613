/**
 * The words of the one summary line each invocation writes: {@link
 * io.github.claimsmapper.summary.SummaryWord}, the one rule that turns an outcome's constant into
 * the word dashboards and metric filters match. A leaf: every package that reports an outcome may
 * use it, and it uses nothing of ours.
 */
package io.github.claimsmapper.summary;
