/**
 * The sink: turns site verdicts into leads, one per flagged site, in PostgreSQL.
 *
 * <p><b>Idempotency by (epoch, revision).</b> Kafka delivers at least once, the verdict topic is
 * compacted and may be replayed from the start, and during a rebalance two sink instances can
 * briefly process the same records. The store therefore never trusts delivery order or count: each
 * verdict carries the classifier state's generation ({@code epoch}) and a per-site {@code revision}
 * within it, a lead records both, and a verdict only changes a lead whose stored (epoch, revision)
 * is lower. A replay or an out-of-order copy is {@link org.sitewatch.sink.lead.ApplyResult#UNCHANGED}
 * and writes nothing; so is a newer verdict whose evidence equals the lead's (it only moves the
 * stored position). A verdict implausibly far ahead ({@link org.sitewatch.sink.intake.VerdictTrust}) is
 * {@link org.sitewatch.sink.lead.ApplyResult#REFUSED} and becomes an outcome. Every change appends a
 * {@code lead_event} row in the same transaction; {@code UNIQUE(lead_id, epoch, revision)} there
 * and {@code UNIQUE(site)} on {@code lead} make duplicates impossible even if the code were wrong.
 *
 * <p><b>Why a locked read and guarded writes.</b> "Read the lead, then decide whether to insert
 * or update" is a race unless the read locks: the store reads the site's lead {@code FOR UPDATE}
 * (a concurrent writer waits), opens a missing lead with {@code INSERT ... ON CONFLICT (site) DO
 * NOTHING RETURNING} (a concurrent insert waits for the first to commit, then does nothing, and the
 * loser judges the verdict against the winner's lead), and still guards every update with {@code
 * (epoch, revision) < (?, ?)}. Only the returned row decides whether a history entry is written.
 *
 * <p><b>Batches and failures.</b> {@link org.sitewatch.sink.intake.LeadSink} applies each polled batch in
 * one transaction, sorted by (site, epoch, revision) so that concurrent batches lock leads in the same
 * order, with a savepoint per verdict: a record that cannot be read, or whose data the database
 * rejects, becomes an {@link org.sitewatch.events.Outcome} (stage {@code SINK}) and the batch goes
 * on. Offsets are committed after the transaction and the outcomes went through. A lost or
 * unavailable database rolls the whole batch back; the consumer seeks back and retries with
 * exponential backoff, logging on the 1st, 2nd, 4th, 8th... failure, so an outage delays leads but
 * loses none. Verdicts never delete or demote a lead: an unflagged verdict for a site with a lead
 * updates its evidence (and history) and leaves its status to the analysts' lifecycle.
 *
 * <p><b>Review lifecycle.</b> Analysts move a lead NEW -> TRIAGED -> CONFIRMED -> REFERRED ->
 * CLOSED, or dismiss it (from NEW, TRIAGED or CONFIRMED) with a {@link
 * org.sitewatch.sink.lead.DismissReason}; {@link org.sitewatch.sink.workflow.LeadAction} is the one table of
 * these rules. {@link org.sitewatch.sink.workflow.LeadWorkflow} applies an action as {@code UPDATE ... WHERE
 * id = ? AND status = ?} with the status the analyst saw, so of two conflicting actions exactly one
 * wins and the other is refused as a conflict; each action appends a {@code lead_action} row (who,
 * what, from, to, reason, note, when), which a trigger keeps append-only. A lead shows new evidence
 * while its verdict revision is above the revision last acknowledged (by triage, confirm, dismiss
 * or ack). Inside the verdict path, a flagged verdict for a dismissed lead carrying a signal of
 * weight at least {@link org.sitewatch.sink.workflow.ReviewPolicy#reopenMinWeight()} that the lead did not
 * have when dismissed reopens it (entry {@code REOPENED} by {@code sink}, once per revision).
 * Priority, severity and the flags minors, education network and repeat offender (a strong, not
 * ignored identifier or near-identical page text shared with a confirmed, referred or closed lead
 * of another site, linked in {@code lead_link} with its basis) are recomputed on every verdict and
 * status change; the queue is sorted by priority.
 *
 * <p><b>Operations.</b> Leads sharing a strong identifier ({@link
 * org.sitewatch.sink.lead.IdentifierStrength}) that is not on the ignore list form an {@link
 * org.sitewatch.sink.operations.Operation}, a connected component named after its smallest lead id. A batch
 * whose leads' strong identifiers changed recomputes the components around them as its last step,
 * under one transaction-scoped advisory lock that every writer of operations takes after its lead
 * row locks; {@link org.sitewatch.sink.operations.Operations} reads them and edits the ignore list, which
 * splits or joins operations and drops or restores links at once. See docs/operations.md.
 *
 * <p><b>Recrawl.</b> A {@link org.sitewatch.sink.recrawl.Recrawler} in each sink claims the open leads
 * (not closed or dismissed) whose check is due with one {@code UPDATE ... WHERE next_check_at <= now
 * ... FOR UPDATE SKIP LOCKED RETURNING}, publishing their {@code RECRAWL} crawl requests inside the
 * claiming transaction, so two sinks never schedule the same check and a failed publish leaves the
 * lead due. A {@link org.sitewatch.sink.recrawl.CheckRecorder} follows the outcomes topic in its own
 * consumer group and turns each recrawl's {@code SITE_CRAWLED} outcome into an append-only {@code
 * lead_check} row (ONLINE, CHANGED, GONE or UNKNOWN, with the reason), unique per (lead, outcome
 * time) so replays write nothing; the lead keeps the newest check and {@code gone_since}, the
 * first GONE check after the site was last online. {@code docs/recrawl.md} has the rules.
 */
package org.sitewatch.sink;

import org.sitewatch.sink.lead.Priority;
import org.sitewatch.sink.operations.Operations;
