package org.sitewatch.web.data;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.events.Identifier;
import org.sitewatch.sink.jurisdiction.Basis;
import org.sitewatch.sink.jurisdiction.Conflict;
import org.sitewatch.sink.jurisdiction.Indication;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.Priority;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.lead.Severity;
import org.sitewatch.sink.recrawl.CheckState;
import org.sitewatch.sink.recrawl.LeadCheck;
import org.sitewatch.sink.recrawl.LeadChecks;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.sink.workflow.RepeatLinks;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.LeadDetail.BureauRoute;
import org.sitewatch.web.data.LeadDetail.IdentifierSeen;
import org.sitewatch.web.data.LeadDetail.Jurisdiction;
import org.sitewatch.web.data.LeadDetail.Member;
import org.sitewatch.web.data.LeadDetail.OperationView;
import org.sitewatch.web.data.LeadDetail.Source;
import org.sitewatch.web.data.LeadDetail.TimelineEntry;

/**
 * Reads one lead for the lead page: first the lead row under the bureau rule ({@link
 * Visibility#LEAD}; a lead the viewer may not see is empty, like a missing one), then what hangs
 * off it, each part by its lead-id index and bounded: the timeline is the newest {@link
 * #TIMELINE_SHOWN} entries of the three histories merged (each history read newest first through
 * its {@code (lead_id, ...)} index, at most that many rows each), with a count of the older ones.
 * Linked leads of other bureaus (operation members, repeat-offender links) are counted, not shown.
 * Everything is read on one connection; the sink's readers are reused where they take a handle
 * ({@link RepeatLinks#stored}), and the recrawl checks are read as {@link LeadChecks} reads them.
 */
public final class LeadDetails {
  /** Timeline entries shown; older ones are counted. */
  public static final int TIMELINE_SHOWN = 500;

  /** Recrawl checks shown. */
  public static final int CHECKS_SHOWN = 20;

  /** Operation members shown. */
  public static final int MEMBERS_SHOWN = 100;

  private static final TypeReference<List<Indication>> INDICATIONS = new TypeReference<>() {};
  private static final TypeReference<List<Conflict>> CONFLICTS = new TypeReference<>() {};

  /** The lead (if visible), its visible repeat sites, conflicts, operation, history size. */
  private static final String LEAD =
      """
      SELECT lead.*,
             ARRAY(SELECT DISTINCT lead.site FROM lead_link k JOIN lead lead
                     ON lead.id = k.related_lead_id
                    WHERE k.lead_id = :leadId AND %1$s ORDER BY lead.site) AS repeat_of,
             j.conflicts AS jurisdiction_conflicts, j.computed_at AS jurisdiction_at,
             o.operation_id,
             (SELECT count(*) FROM lead_event e WHERE e.lead_id = :leadId)
               + (SELECT count(*) FROM lead_action a WHERE a.lead_id = :leadId)
               + (SELECT count(*) FROM custody_entry c WHERE c.lead_id = :leadId) AS history_size
        FROM lead
        LEFT JOIN lead_jurisdiction j ON j.lead_id = lead.id
        LEFT JOIN lead_operation o ON o.lead_id = lead.id
       WHERE lead.id = :leadId AND %1$s
      """
          .formatted(Visibility.LEAD);

  private static final String VISIBLE =
      "SELECT lead.status FROM lead WHERE lead.id = :leadId AND " + Visibility.LEAD;

  private static final String ROUTES =
      """
      SELECT bureau, region_code, contact, bases, evidence FROM lead_route
       WHERE lead_id = :leadId ORDER BY region_code, bureau
      """;

  private static final String IDENTIFIERS =
      """
      SELECT i.type, i.value, i.urls,
             EXISTS (SELECT 1 FROM identifier_ignore g
                      WHERE g.type = i.type AND g.value_sha256 = i.value_sha256) AS ignored
        FROM lead_identifier i WHERE i.lead_id = :leadId ORDER BY i.type, i.value
      """;

  private static final String MEMBERS =
      """
      SELECT lead.id, lead.site, lead.status, count(*) OVER () AS visible
        FROM lead_operation o JOIN lead lead ON lead.id = o.lead_id
       WHERE o.operation_id = :operationId AND %s
       ORDER BY lead.id LIMIT :limit
      """
          .formatted(Visibility.LEAD);

  private static final String OPERATION_SIZE =
      "SELECT count(*) FROM lead_operation WHERE operation_id = :operationId";

  private static final String VISIBLE_AMONG =
      "SELECT lead.id FROM lead WHERE lead.id = ANY(:ids) AND " + Visibility.LEAD;

  /**
   * The three histories, each read newest first through its lead index and capped, then merged.
   * Ties (an action and its custody entry share their transaction's time) put the action first.
   */
  private static final String TIMELINE =
      """
      SELECT * FROM (
        (SELECT 'VERDICT' AS source, e.at, e.id AS ord, 'sink' AS actor, e.kind,
                NULL::text AS from_status, NULL::text AS to_status, NULL::text AS reason,
                ''::text AS note, NULL::text AS assignee, e.epoch, e.revision, e.score,
                NULL::bigint AS seq, NULL::text AS details, NULL::text AS hash
           FROM lead_event e WHERE e.lead_id = :leadId
          ORDER BY e.epoch DESC, e.revision DESC LIMIT :limit)
        UNION ALL
        (SELECT 'ACTION', a.at, a.id, a.actor, a.kind, a.from_status, a.to_status, a.reason,
                a.note, a.assignee, NULL::bigint, NULL::bigint, NULL::double precision,
                NULL::bigint, NULL::text, NULL::text
           FROM lead_action a WHERE a.lead_id = :leadId ORDER BY a.id DESC LIMIT :limit)
        UNION ALL
        (SELECT 'CUSTODY', c.at, c.seq, c.actor, c.action, NULL::text, NULL::text, NULL::text,
                ''::text, NULL::text, NULL::bigint, NULL::bigint, NULL::double precision,
                c.seq, c.details::text, c.hash
           FROM custody_entry c WHERE c.lead_id = :leadId ORDER BY c.seq DESC LIMIT :limit)
      ) t
      ORDER BY at DESC, CASE source WHEN 'ACTION' THEN 0 WHEN 'VERDICT' THEN 1 ELSE 2 END,
               ord DESC
      LIMIT :limit
      """;

  /** As {@link LeadChecks#checks} reads them, on this page's connection. */
  private final Database db;

  public LeadDetails(DataSource dataSource, Clock clock) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * The lead's status if {@code viewer} may see it; empty for a missing lead and for another
   * bureau's. The cheap check before an action or an export.
   */
  public Optional<LeadStatus> visibleStatus(Viewer viewer, long leadId) {
    return db.withHandle(
        "cannot read lead " + leadId,
        h ->
            Visibility.bind(h.createQuery(VISIBLE), viewer)
                .bind("leadId", leadId)
                .mapTo(String.class)
                .findOne()
                .map(LeadStatus::valueOf));
  }

  /** Everything the lead page shows, or empty if the lead is missing or not the viewer's. */
  public Optional<LeadDetail> find(Viewer viewer, long leadId) {
    Objects.requireNonNull(viewer, "viewer");
    // one connection for the whole page
    return db.withHandle("cannot read lead " + leadId, h -> read(h, viewer, leadId));
  }

  private Optional<LeadDetail> read(Handle h, Viewer viewer, long leadId) {
    Optional<Head> head =
        Visibility.bind(h.createQuery(LEAD), viewer)
            .bind("leadId", leadId)
            .map((rs, ctx) -> head(rs, ctx))
            .findOne();
    if (head.isEmpty()) {
      return Optional.empty();
    }
    Head lead = head.get();
    List<BureauRoute> routes =
        h.createQuery(ROUTES)
            .bind("leadId", leadId)
            .map(
                (rs, ctx) ->
                    new BureauRoute(
                        rs.getString("bureau"),
                        rs.getString("region_code"),
                        rs.getString("contact"),
                        Rows.texts(rs, "bases").stream().map(Basis::valueOf).toList(),
                        Rows.fromJson(rs.getString("evidence"), INDICATIONS)))
            .list();
    Jurisdiction jurisdiction = new Jurisdiction(routes, lead.conflicts(), lead.routedAt());
    List<IdentifierSeen> identifiers = identifiers(h, leadId, lead.leadCase().lead());
    Optional<OperationView> operation =
        lead.operationId().isEmpty()
            ? Optional.empty()
            : Optional.of(operation(h, viewer, lead.operationId().get()));
    List<RepeatLink> links = RepeatLinks.stored(h, leadId);
    Set<Long> visible = visibleAmong(h, viewer, links.stream().map(RepeatLink::relatedLeadId));
    List<RepeatLink> shown =
        links.stream().filter(l -> visible.contains(l.relatedLeadId())).toList();
    List<LeadCheck> checks = LeadChecks.checks(h, leadId, CHECKS_SHOWN);
    List<TimelineEntry> timeline =
        h.createQuery(TIMELINE)
            .bind("leadId", leadId)
            .bind("limit", TIMELINE_SHOWN)
            .map((rs, ctx) -> entry(rs))
            .list();
    return Optional.of(
        new LeadDetail(
            lead.leadCase(),
            identifiers,
            jurisdiction,
            operation,
            shown,
            links.size() - shown.size(),
            Optional.of(lead.checkSummary()),
            checks,
            timeline,
            Math.max(0, lead.historySize() - timeline.size())));
  }

  /** The lead row's parts. */
  private record Head(
      LeadCase leadCase,
      List<Conflict> conflicts,
      Optional<java.time.Instant> routedAt,
      Optional<Long> operationId,
      LeadChecks.Summary checkSummary,
      long historySize) {}

  private static Head head(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    Lead lead = Rows.lead(rs, ctx);
    Set<PriorityFlag> flags = EnumSet.noneOf(PriorityFlag.class);
    for (String label : Rows.texts(rs, "flags")) {
      flags.add(PriorityFlag.ofLabel(label));
    }
    // as LeadWorkflow reads a LeadCase, but repeatOf names only leads the viewer may see
    LeadCase leadCase =
        new LeadCase(
            lead,
            Optional.ofNullable(rs.getString("assignee")),
            Optional.ofNullable(rs.getString("dismiss_reason")).map(DismissReason::valueOf),
            new Priority(rs.getInt("priority"), Severity.valueOf(rs.getString("severity")), flags),
            rs.getLong("epoch") > rs.getLong("seen_epoch")
                || (rs.getLong("epoch") == rs.getLong("seen_epoch")
                    && rs.getLong("revision") > rs.getLong("seen_revision")),
            Rows.texts(rs, "repeat_of"));
    String conflicts = rs.getString("jurisdiction_conflicts");
    long operation = rs.getLong("operation_id");
    Optional<Long> operationId = rs.wasNull() ? Optional.empty() : Optional.of(operation);
    return new Head(
        leadCase,
        conflicts == null ? List.of() : Rows.fromJson(conflicts, CONFLICTS),
        Rows.optionalInstant(rs, "jurisdiction_at"),
        operationId,
        // the lead row carries the summary LeadChecks.summary reads
        new LeadChecks.Summary(
            Rows.optionalInstant(rs, "next_check_at"),
            Rows.optionalInstant(rs, "last_check_at"),
            Optional.ofNullable(rs.getString("last_check_state")).map(CheckState::valueOf),
            Rows.optionalInstant(rs, "gone_since")),
        rs.getLong("history_size"));
  }

  /**
   * The identifier rows ({@code lead_identifier}: where each was seen) joined with the lead's
   * identifiers JSON (the verdict's: snippet, attributes, page), by (type, value).
   */
  private static List<IdentifierSeen> identifiers(Handle h, long leadId, Lead lead) {
    record Acc(
        String type,
        String value,
        boolean[] ignored,
        Set<String> urls,
        Set<String> snippets,
        Map<String, String> attributes) {}
    Map<List<String>, Acc> byKey = new LinkedHashMap<>();
    h.createQuery(IDENTIFIERS)
        .bind("leadId", leadId)
        .map(
            (rs, ctx) -> {
              Acc a =
                  new Acc(
                      rs.getString("type"),
                      rs.getString("value"),
                      new boolean[] {rs.getBoolean("ignored")},
                      new LinkedHashSet<>(Rows.texts(rs, "urls")),
                      new LinkedHashSet<>(),
                      new TreeMap<>());
              byKey.put(List.of(a.type(), a.value()), a);
              return a;
            })
        .list();
    for (Identifier i : lead.identifiers()) {
      Acc a =
          byKey.computeIfAbsent(
              List.of(i.type(), i.value()),
              k ->
                  new Acc(
                      i.type(),
                      i.value(),
                      new boolean[] {false},
                      new LinkedHashSet<>(),
                      new LinkedHashSet<>(),
                      new TreeMap<>()));
      if (!i.url().isBlank()) {
        a.urls().add(i.url());
      }
      if (!i.snippet().isBlank()) {
        a.snippets().add(i.snippet());
      }
      a.attributes().putAll(i.attributes());
    }
    List<IdentifierSeen> seen = new ArrayList<>();
    for (Acc a : byKey.values()) {
      seen.add(
          new IdentifierSeen(
              a.type(),
              a.value(),
              IdentifierStrength.isStrong(a.type()),
              a.ignored()[0],
              List.copyOf(a.urls()),
              List.copyOf(a.snippets()),
              a.attributes()));
    }
    seen.sort(
        java.util.Comparator.comparing((IdentifierSeen i) -> !i.strong())
            .thenComparing(IdentifierSeen::type)
            .thenComparing(IdentifierSeen::value));
    return seen;
  }

  private static OperationView operation(Handle h, Viewer viewer, long operationId) {
    long[] visible = {0};
    List<Member> members =
        Visibility.bind(h.createQuery(MEMBERS), viewer)
            .bind("operationId", operationId)
            .bind("limit", MEMBERS_SHOWN)
            .map(
                (rs, ctx) -> {
                  visible[0] = rs.getLong("visible");
                  return new Member(
                      rs.getLong("id"),
                      rs.getString("site"),
                      LeadStatus.valueOf(rs.getString("status")));
                })
            .list();
    long size =
        h.createQuery(OPERATION_SIZE).bind("operationId", operationId).mapTo(Long.class).one();
    return new OperationView(operationId, size, members, visible[0]);
  }

  private static Set<Long> visibleAmong(
      Handle h, Viewer viewer, java.util.stream.Stream<Long> ids) {
    Long[] array = ids.distinct().toArray(Long[]::new);
    if (array.length == 0) {
      return Set.of();
    }
    return Set.copyOf(
        Visibility.bind(h.createQuery(VISIBLE_AMONG), viewer)
            .bind("ids", array)
            .mapTo(Long.class)
            .list());
  }

  private static TimelineEntry entry(ResultSet rs) throws SQLException {
    Source source = Source.valueOf(rs.getString("source"));
    String detail =
        switch (source) {
          case VERDICT ->
              String.format(
                  Locale.ROOT,
                  "revision %d%s, score %.2f",
                  rs.getLong("revision"),
                  rs.getLong("epoch") == 0 ? "" : " (epoch " + rs.getLong("epoch") + ")",
                  rs.getDouble("score"));
          case CUSTODY ->
              "#"
                  + rs.getLong("seq")
                  + " "
                  + rs.getString("hash").substring(0, 12)
                  + " "
                  + rs.getString("details");
          case ACTION -> "";
        };
    return new TimelineEntry(
        source,
        Rows.instant(rs, "at"),
        rs.getString("kind"),
        rs.getString("actor"),
        Optional.ofNullable(rs.getString("from_status")).map(LeadStatus::valueOf),
        Optional.ofNullable(rs.getString("to_status")).map(LeadStatus::valueOf),
        Optional.ofNullable(rs.getString("reason")),
        rs.getString("note"),
        Optional.ofNullable(rs.getString("assignee")),
        detail);
  }
}
