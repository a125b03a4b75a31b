package org.sitewatch.sink.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.lead.Simhashes;
import org.sitewatch.sink.store.Rows;

/**
 * Repeat-offender links of one lead, on the caller's transaction: which confirmed, referred or
 * closed leads of other sites it shares a strong, not ignored identifier ({@code lead_identifier})
 * or near-identical page text ({@code lead_page_simhash}) with.
 *
 * <p>Near-identical pages are found through the band index: each of a lead's page hashes is looked
 * up by four indexed equality tests ({@code band0 = ? OR ... band3 = ?}), which return every stored
 * page agreeing on one 16-bit band, a superset of the pages within 3 bits; the distance is then
 * checked exactly. The cost per lead is a few index look-ups per page whatever the number of leads;
 * a band value shared by very many pages (a common template) returns many candidates, which is what
 * putting that template's hash on the ignore list is for.
 */
public final class RepeatLinks {
  private static final String BY_IDENTIFIER =
      """
      SELECT DISTINCT o.lead_id, r.site, r.status, m.type, m.value
        FROM lead_identifier m
        JOIN lead_identifier o ON o.type = m.type AND o.value_sha256 = m.value_sha256
                             AND o.value = m.value AND o.lead_id <> m.lead_id
        JOIN lead r ON r.id = o.lead_id
       WHERE m.lead_id = :leadId AND m.type = ANY (:strongTypes)
         AND NOT EXISTS (SELECT 1 FROM identifier_ignore g
                          WHERE g.type = m.type AND g.value_sha256 = m.value_sha256)
         AND (NOT :decidedOnly OR r.status IN ('CONFIRMED', 'REFERRED', 'CLOSED'))
       ORDER BY o.lead_id, m.type, m.value
      """;

  private static final String OWN_PAGES =
      "SELECT url, simhash FROM lead_page_simhash WHERE lead_id = :leadId ORDER BY url";

  private static final String NEAR_PAGES =
      """
      SELECT s.lead_id, r.site, r.status, s.url, s.simhash
        FROM lead_page_simhash s JOIN lead r ON r.id = s.lead_id
       WHERE (s.band0 = :band0 OR s.band1 = :band1 OR s.band2 = :band2 OR s.band3 = :band3)
         AND s.lead_id <> :leadId
         AND (NOT :decidedOnly OR r.status IN ('CONFIRMED', 'REFERRED', 'CLOSED'))
       ORDER BY s.lead_id, s.url
      """;

  private static final String IGNORED_SIMHASHES =
      "SELECT value FROM identifier_ignore WHERE type = '" + IdentifierStrength.TEXT_SIMHASH + "'";

  private static final String STORED =
      """
      SELECT k.lead_id, k.related_lead_id, r.site, r.status, k.basis, k.identifier_type,
             k.identifier_value, k.page_url, k.related_page_url, k.distance, k.found_at
        FROM lead_link k JOIN lead r ON r.id = k.related_lead_id
       WHERE k.lead_id = :leadId
       ORDER BY k.related_lead_id, k.identifier_type, k.identifier_value
      """;

  private static final String INSERT =
      """
      INSERT INTO lead_link (lead_id, related_lead_id, identifier_type, identifier_value, found_at,
                             basis, page_url, related_page_url, distance)
      VALUES (:leadId, :relatedLeadId, :type, :value, :now, :basis, :pageUrl, :relatedPageUrl,
              :distance)
      ON CONFLICT DO NOTHING
      """;

  private static final String DELETE =
      """
      DELETE FROM lead_link
       WHERE lead_id = :leadId AND related_lead_id = :relatedLeadId AND identifier_type = :type
         AND identifier_value_sha256 = sitewatch_sha256(:value)
      """;

  private static final String RECORD =
      """
      INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, note, at)
      VALUES (:leadId, :site, :kind, :actor, :status, :status, :note, :now)
      """;

  private static final String STATUS = "SELECT status FROM lead WHERE id = :leadId";

  private RepeatLinks() {}

  /**
   * Brings the stored links of {@code lead} in line with the data: removes those that no longer
   * hold, adds new ones; each change is written to the lead's history (LINKED / UNLINKED) only by
   * the transaction whose statement made it. Returns whether the lead has any link.
   */
  public static boolean update(Handle h, Lead lead, int maxDistance, Instant now) {
    Map<List<Object>, RepeatLink> wanted = new LinkedHashMap<>();
    for (RepeatLink link : find(h, lead.id(), true, maxDistance, now)) {
      wanted.putIfAbsent(key(link), link);
    }
    Map<List<Object>, RepeatLink> stored = new LinkedHashMap<>();
    for (RepeatLink link : stored(h, lead.id())) {
      stored.put(key(link), link);
    }
    for (Map.Entry<List<Object>, RepeatLink> e : stored.entrySet()) {
      if (!wanted.containsKey(e.getKey())) {
        RepeatLink old = e.getValue();
        int deleted =
            h.createUpdate(DELETE)
                .bind("leadId", lead.id())
                .bind("relatedLeadId", old.relatedLeadId())
                .bind("type", old.identifierType())
                .bind("value", old.identifierValue())
                .execute();
        if (deleted == 1) {
          record(h, lead, HistoryEntry.Kind.UNLINKED, "no longer " + old.explain(), now);
        }
      }
    }
    for (Map.Entry<List<Object>, RepeatLink> e : wanted.entrySet()) {
      if (!stored.containsKey(e.getKey())) {
        RepeatLink link = e.getValue();
        int inserted =
            h.createUpdate(INSERT)
                .bind("leadId", lead.id())
                .bind("relatedLeadId", link.relatedLeadId())
                .bind("type", link.identifierType())
                .bind("value", link.identifierValue())
                .bind("now", now)
                .bind("basis", link.basis().name().toLowerCase(Locale.ROOT))
                .bind("pageUrl", link.pageUrl().orElse(null))
                .bind("relatedPageUrl", link.relatedPageUrl().orElse(null))
                .bind("distance", link.distance().orElse(null))
                .execute();
        if (inserted == 1) {
          record(h, lead, HistoryEntry.Kind.LINKED, link.explain(), now);
        }
      }
    }
    return !wanted.isEmpty();
  }

  /**
   * Leads of other sites (any status) sharing a strong, not ignored identifier or near-identical
   * pages with {@code leadId}, by id: those whose repeat-offender links a status change of this
   * lead can change.
   */
  public static Set<Long> related(Handle h, long leadId, int maxDistance) {
    Set<Long> ids = new TreeSet<>();
    for (RepeatLink link : find(h, leadId, false, maxDistance, Instant.EPOCH)) {
      ids.add(link.relatedLeadId());
    }
    return ids;
  }

  /** The stored links of a lead, by related lead. */
  public static List<RepeatLink> stored(Handle h, long leadId) {
    return h.createQuery(STORED)
        .bind("leadId", leadId)
        .map(
            (rs, ctx) -> {
              boolean simhash = rs.getString("basis").equals("simhash");
              int d = rs.getInt("distance");
              Optional<Integer> distance = rs.wasNull() ? Optional.empty() : Optional.of(d);
              return new RepeatLink(
                  leadId,
                  rs.getLong("related_lead_id"),
                  rs.getString("site"),
                  LeadStatus.valueOf(rs.getString("status")),
                  simhash ? RepeatLink.Basis.SIMHASH : RepeatLink.Basis.IDENTIFIER,
                  rs.getString("identifier_type"),
                  rs.getString("identifier_value"),
                  Optional.ofNullable(rs.getString("page_url")),
                  Optional.ofNullable(rs.getString("related_page_url")),
                  distance,
                  Rows.instant(rs, "found_at"));
            })
        .list();
  }

  /** Links the data supports now; with {@code decidedOnly}, only to decided leads. */
  private static List<RepeatLink> find(
      Handle h, long leadId, boolean decidedOnly, int maxDistance, Instant now) {
    List<RepeatLink> links =
        new ArrayList<>(
            h.createQuery(BY_IDENTIFIER)
                .bind("leadId", leadId)
                .bind("strongTypes", IdentifierStrength.STRONG_TYPES.toArray(new String[0]))
                .bind("decidedOnly", decidedOnly)
                .map(
                    (rs, ctx) ->
                        new RepeatLink(
                            leadId,
                            rs.getLong(1),
                            rs.getString(2),
                            LeadStatus.valueOf(rs.getString(3)),
                            RepeatLink.Basis.IDENTIFIER,
                            rs.getString(4),
                            rs.getString(5),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            now))
                .list());
    links.addAll(nearPages(h, leadId, decidedOnly, maxDistance, now));
    return links;
  }

  /** For each other lead with a near-identical page: the closest pair of pages (one link). */
  private static List<RepeatLink> nearPages(
      Handle h, long leadId, boolean decidedOnly, int maxDistance, Instant now) {
    Map<String, Long> own = new LinkedHashMap<>();
    h.createQuery(OWN_PAGES)
        .bind("leadId", leadId)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> own.put(e.getKey(), e.getValue()));
    if (own.isEmpty()) {
      return List.of();
    }
    Set<Long> ignored =
        new HashSet<>(
            h.createQuery(IGNORED_SIMHASHES)
                .map((rs, ctx) -> Simhashes.parse(rs.getString(1)))
                .list());
    Map<Long, RepeatLink> closest = new LinkedHashMap<>();
    for (Map.Entry<String, Long> page : own.entrySet()) {
      long hash = page.getValue();
      if (ignored.contains(hash)) {
        continue;
      }
      List<Near> near =
          h.createQuery(NEAR_PAGES)
              .bind("band0", Simhashes.band(hash, 0))
              .bind("band1", Simhashes.band(hash, 1))
              .bind("band2", Simhashes.band(hash, 2))
              .bind("band3", Simhashes.band(hash, 3))
              .bind("leadId", leadId)
              .bind("decidedOnly", decidedOnly)
              .map(
                  (rs, ctx) ->
                      new Near(
                          rs.getLong(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getLong(5)))
              .list();
      for (Near n : near) {
        int distance = Simhashes.distance(hash, n.simhash());
        if (distance > maxDistance || ignored.contains(n.simhash())) {
          continue;
        }
        RepeatLink best = closest.get(n.related());
        if (best == null || distance < best.distance().orElseThrow()) {
          closest.put(
              n.related(),
              new RepeatLink(
                  leadId,
                  n.related(),
                  n.site(),
                  LeadStatus.valueOf(n.status()),
                  RepeatLink.Basis.SIMHASH,
                  IdentifierStrength.TEXT_SIMHASH,
                  Simhashes.hex(hash) + "/" + Simhashes.hex(n.simhash()),
                  Optional.of(page.getKey()),
                  Optional.of(n.url()),
                  Optional.of(distance),
                  now));
        }
      }
    }
    return new ArrayList<>(closest.values());
  }

  /** A stored page of another lead agreeing with one of ours on a band. */
  private record Near(long related, String site, String status, String url, long simhash) {}

  private static List<Object> key(RepeatLink link) {
    return List.of(link.relatedLeadId(), link.identifierType(), link.identifierValue());
  }

  private static void record(
      Handle h, Lead lead, HistoryEntry.Kind kind, String note, Instant now) {
    String status = h.createQuery(STATUS).bind("leadId", lead.id()).mapTo(String.class).one();
    h.createUpdate(RECORD)
        .bind("leadId", lead.id())
        .bind("site", lead.site())
        .bind("kind", kind.name())
        .bind("actor", LeadUpkeep.SINK_ACTOR)
        .bind("status", status)
        .bind("note", note)
        .bind("now", now)
        .execute();
  }
}
