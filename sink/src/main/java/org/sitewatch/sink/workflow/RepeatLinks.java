package org.sitewatch.sink.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.lead.Simhashes;

/**
 * Repeat-offender links of one lead, on the caller's transaction: which confirmed, referred or
 * closed leads of other sites it shares a strong, not ignored identifier ({@code lead_identifier})
 * or near-identical page text ({@code lead_page_simhash}) with.
 *
 * <p>Near-identical pages are found through the band index: each of a lead's page hashes is looked
 * up by four indexed equality tests ({@code band0 = ? OR ... band3 = ?}), which return every stored
 * page agreeing on one 16-bit band, a superset of the pages within 3 bits; the distance is then
 * checked exactly. The cost per lead is a few index look-ups per page whatever the number of
 * leads; a band value shared by very many pages (a common template) returns many candidates, which
 * is what putting that template's hash on the ignore list is for.
 */
public final class RepeatLinks {
  private static final String BY_IDENTIFIER =
      """
      SELECT DISTINCT o.lead_id, r.site, r.status, m.type, m.value
        FROM lead_identifier m
        JOIN lead_identifier o ON o.type = m.type AND o.value_sha256 = m.value_sha256
                             AND o.value = m.value AND o.lead_id <> m.lead_id
        JOIN lead r ON r.id = o.lead_id
       WHERE m.lead_id = ? AND m.type = ANY (?)
         AND NOT EXISTS (SELECT 1 FROM identifier_ignore g
                          WHERE g.type = m.type AND g.value_sha256 = m.value_sha256)
         AND (NOT ? OR r.status IN ('CONFIRMED', 'REFERRED', 'CLOSED'))
       ORDER BY o.lead_id, m.type, m.value
      """;

  private static final String OWN_PAGES =
      "SELECT url, simhash FROM lead_page_simhash WHERE lead_id = ? ORDER BY url";

  private static final String NEAR_PAGES =
      """
      SELECT s.lead_id, r.site, r.status, s.url, s.simhash
        FROM lead_page_simhash s JOIN lead r ON r.id = s.lead_id
       WHERE (s.band0 = ? OR s.band1 = ? OR s.band2 = ? OR s.band3 = ?)
         AND s.lead_id <> ?
         AND (NOT ? OR r.status IN ('CONFIRMED', 'REFERRED', 'CLOSED'))
       ORDER BY s.lead_id, s.url
      """;

  private static final String IGNORED_SIMHASHES =
      "SELECT value FROM identifier_ignore WHERE type = '" + IdentifierStrength.TEXT_SIMHASH + "'";

  private static final String STORED =
      """
      SELECT k.lead_id, k.related_lead_id, r.site, r.status, k.basis, k.identifier_type,
             k.identifier_value, k.page_url, k.related_page_url, k.distance, k.found_at
        FROM lead_link k JOIN lead r ON r.id = k.related_lead_id
       WHERE k.lead_id = ?
       ORDER BY k.related_lead_id, k.identifier_type, k.identifier_value
      """;

  private static final String INSERT =
      """
      INSERT INTO lead_link (lead_id, related_lead_id, identifier_type, identifier_value, found_at,
                             basis, page_url, related_page_url, distance)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      """;

  private static final String DELETE =
      """
      DELETE FROM lead_link
       WHERE lead_id = ? AND related_lead_id = ? AND identifier_type = ?
         AND identifier_value_sha256 = sitewatch_sha256(?)
      """;

  private static final String RECORD =
      """
      INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, note, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """;

  private RepeatLinks() {}

  /**
   * Brings the stored links of {@code lead} in line with the data: removes those that no longer
   * hold, adds new ones; each change is written to the lead's history (LINKED / UNLINKED) only by
   * the transaction whose statement made it. Returns whether the lead has any link.
   */
  public static boolean update(Connection c, Lead lead, int maxDistance, Instant now) throws SQLException {
    Map<List<Object>, RepeatLink> wanted = new LinkedHashMap<>();
    for (RepeatLink link : find(c, lead.id(), true, maxDistance, now)) {
      wanted.putIfAbsent(key(link), link);
    }
    Map<List<Object>, RepeatLink> stored = new LinkedHashMap<>();
    for (RepeatLink link : stored(c, lead.id())) {
      stored.put(key(link), link);
    }
    for (Map.Entry<List<Object>, RepeatLink> e : stored.entrySet()) {
      if (!wanted.containsKey(e.getKey())) {
        RepeatLink old = e.getValue();
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
          ps.setLong(1, lead.id());
          ps.setLong(2, old.relatedLeadId());
          ps.setString(3, old.identifierType());
          ps.setString(4, old.identifierValue());
          if (ps.executeUpdate() == 1) {
            record(c, lead, HistoryEntry.Kind.UNLINKED, "no longer " + old.explain(), now);
          }
        }
      }
    }
    for (Map.Entry<List<Object>, RepeatLink> e : wanted.entrySet()) {
      if (!stored.containsKey(e.getKey())) {
        RepeatLink link = e.getValue();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
          int p = 0;
          ps.setLong(++p, lead.id());
          ps.setLong(++p, link.relatedLeadId());
          ps.setString(++p, link.identifierType());
          ps.setString(++p, link.identifierValue());
          LeadUpkeep.setInstant(ps, ++p, now);
          ps.setString(++p, link.basis().name().toLowerCase(java.util.Locale.ROOT));
          ps.setString(++p, link.pageUrl().orElse(null));
          ps.setString(++p, link.relatedPageUrl().orElse(null));
          ps.setObject(++p, link.distance().orElse(null), java.sql.Types.INTEGER);
          if (ps.executeUpdate() == 1) {
            record(c, lead, HistoryEntry.Kind.LINKED, link.explain(), now);
          }
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
  public static Set<Long> related(Connection c, long leadId, int maxDistance) throws SQLException {
    Set<Long> ids = new TreeSet<>();
    for (RepeatLink link : find(c, leadId, false, maxDistance, Instant.EPOCH)) {
      ids.add(link.relatedLeadId());
    }
    return ids;
  }

  /** The stored links of a lead, by related lead. */
  public static List<RepeatLink> stored(Connection c, long leadId) throws SQLException {
    List<RepeatLink> links = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(STORED)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean simhash = rs.getString("basis").equals("simhash");
          int d = rs.getInt("distance");
          Optional<Integer> distance = rs.wasNull() ? Optional.empty() : Optional.of(d);
          links.add(new RepeatLink(leadId, rs.getLong("related_lead_id"), rs.getString("site"),
              LeadStatus.valueOf(rs.getString("status")),
              simhash ? RepeatLink.Basis.SIMHASH : RepeatLink.Basis.IDENTIFIER,
              rs.getString("identifier_type"), rs.getString("identifier_value"),
              Optional.ofNullable(rs.getString("page_url")),
              Optional.ofNullable(rs.getString("related_page_url")),
              distance,
              rs.getObject("found_at", OffsetDateTime.class).toInstant()));
        }
      }
    }
    return links;
  }

  /** Links the data supports now; with {@code decidedOnly}, only to decided leads. */
  private static List<RepeatLink> find(Connection c, long leadId, boolean decidedOnly,
      int maxDistance, Instant now) throws SQLException {
    List<RepeatLink> links = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(BY_IDENTIFIER)) {
      ps.setLong(1, leadId);
      ps.setArray(2, c.createArrayOf("text", IdentifierStrength.STRONG_TYPES.toArray()));
      ps.setBoolean(3, decidedOnly);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          links.add(new RepeatLink(leadId, rs.getLong(1), rs.getString(2),
              LeadStatus.valueOf(rs.getString(3)), RepeatLink.Basis.IDENTIFIER, rs.getString(4),
              rs.getString(5), Optional.empty(), Optional.empty(), Optional.empty(), now));
        }
      }
    }
    links.addAll(nearPages(c, leadId, decidedOnly, maxDistance, now));
    return links;
  }

  /** For each other lead with a near-identical page: the closest pair of pages (one link). */
  private static List<RepeatLink> nearPages(Connection c, long leadId, boolean decidedOnly,
      int maxDistance, Instant now) throws SQLException {
    Map<String, Long> own = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(OWN_PAGES)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          own.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    if (own.isEmpty()) {
      return List.of();
    }
    Set<Long> ignored = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(IGNORED_SIMHASHES);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ignored.add(Simhashes.parse(rs.getString(1)));
      }
    }
    Map<Long, RepeatLink> closest = new LinkedHashMap<>();
    for (Map.Entry<String, Long> page : own.entrySet()) {
      long h = page.getValue();
      if (ignored.contains(h)) {
        continue;
      }
      try (PreparedStatement ps = c.prepareStatement(NEAR_PAGES)) {
        for (int b = 0; b < Simhashes.BANDS; b++) {
          ps.setInt(b + 1, Simhashes.band(h, b));
        }
        ps.setLong(5, leadId);
        ps.setBoolean(6, decidedOnly);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long other = rs.getLong(5);
            int distance = Simhashes.distance(h, other);
            if (distance > maxDistance || ignored.contains(other)) {
              continue;
            }
            long related = rs.getLong(1);
            RepeatLink best = closest.get(related);
            if (best == null || distance < best.distance().orElseThrow()) {
              closest.put(related, new RepeatLink(leadId, related, rs.getString(2),
                  LeadStatus.valueOf(rs.getString(3)), RepeatLink.Basis.SIMHASH,
                  IdentifierStrength.TEXT_SIMHASH, Simhashes.hex(h) + "/" + Simhashes.hex(other),
                  Optional.of(page.getKey()), Optional.of(rs.getString(4)), Optional.of(distance),
                  now));
            }
          }
        }
      }
    }
    return new ArrayList<>(closest.values());
  }

  private static List<Object> key(RepeatLink link) {
    return List.of(link.relatedLeadId(), link.identifierType(), link.identifierValue());
  }

  private static void record(Connection c, Lead lead, HistoryEntry.Kind kind, String note,
      Instant now) throws SQLException {
    String status = currentStatus(c, lead.id());
    try (PreparedStatement ps = c.prepareStatement(RECORD)) {
      int p = 0;
      ps.setLong(++p, lead.id());
      ps.setString(++p, lead.site());
      ps.setString(++p, kind.name());
      ps.setString(++p, LeadUpkeep.SINK_ACTOR);
      ps.setString(++p, status);
      ps.setString(++p, status);
      ps.setString(++p, note);
      LeadUpkeep.setInstant(ps, ++p, now);
      ps.executeUpdate();
    }
  }

  private static String currentStatus(Connection c, long leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT status FROM lead WHERE id = ?")) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
