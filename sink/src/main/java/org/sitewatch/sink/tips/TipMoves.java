package org.sitewatch.sink.tips;

/**
 * The one shape of every status change the sink makes to tips: a set-based {@code UPDATE} of the
 * tips that {@code where} selects, and in the same statement one {@code tip_event} (actor {@code
 * sink}) per tip whose status, reason or lead changed. The status and reason expressions may read
 * the tip's columns before the change as {@code t.<column>}; the old values come back through the
 * self-join {@code o}, so no row is read twice into Java.
 */
final class TipMoves {
  /** Who {@code tip_event} names for a change the sink made. */
  static final String ACTOR = "sink";

  private TipMoves() {}

  /**
   * @param status SQL for the new status (a literal or an expression over {@code t.*}, {@code o.*}
   *     and the joined tables)
   * @param reason SQL for the new status reason
   * @param set further assignments, each starting with a comma (may be empty)
   * @param join further tables joined to {@code o}, e.g. {@code JOIN lead l ON l.site = o.site}
   *     (may be empty)
   * @param where which tips change (besides {@code o.id = t.id}); binds {@code :now}
   * @return a statement whose update count is the number of events appended
   */
  static String move(String status, String reason, String set, String join, String where) {
    return """
        WITH moved AS (
          UPDATE tip t
             SET status = %1$s,
                 status_reason = %2$s,
                 status_at = CASE WHEN (t.status, t.status_reason) IS DISTINCT FROM (%1$s, %2$s)
                                  THEN :now ELSE t.status_at END
                 %3$s
            FROM tip o %4$s
           WHERE o.id = t.id AND %5$s
          RETURNING t.id, t.status, t.status_reason, t.lead_id,
                    o.status AS old_status, o.status_reason AS old_reason, o.lead_id AS old_lead
        )
        INSERT INTO tip_event (tip_id, status, reason, actor, lead_id, at)
        SELECT id, status, status_reason, '%6$s', lead_id, :now FROM moved
         WHERE (status, status_reason, lead_id) IS DISTINCT FROM (old_status, old_reason, old_lead)
        """
        .formatted(status, reason, set, join, where, ACTOR);
  }
}
