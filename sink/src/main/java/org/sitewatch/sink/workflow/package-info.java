/**
 * The analysts' side of the lead store: {@link org.sitewatch.sink.workflow.LeadWorkflow} (the
 * queue, one lead, its history, and the actions), {@link org.sitewatch.sink.workflow.LeadAction}
 * (the one table of which action is allowed from which status), and {@link
 * org.sitewatch.sink.workflow.LeadUpkeep} with {@link org.sitewatch.sink.workflow.RepeatLinks}:
 * what follows every change of a lead in its transaction (reopening, priority, repeat-offender
 * links). {@link org.sitewatch.sink.workflow.ReviewPolicy} holds the tunable parts.
 *
 * <p>Lifecycle rules: {@code docs/sink.md} ("Review lifecycle").
 */
package org.sitewatch.sink.workflow;
