package org.sitewatch.infra.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.store.LeadStore;

/**
 * Fills a migrated lead database for the workbench benchmark: a few template leads made by the real
 * store from real verdicts (so every JSON column has the shape the code reads), cloned in SQL to
 * {@code leads} leads with their own sites, identifiers, statuses, priorities and routes, and
 * {@code history} history rows spread over verdict events, review actions and custody entries.
 * Wording is mild; no row points anywhere but {@code .test} sites.
 */
final class WorkbenchBenchData {
  /** Province region codes the leads are routed over (one each, every tenth lead two). */
  static final List<String> REGIONS =
      List.of(
          "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
          "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
          "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
          "620000", "630000", "640000", "650000");

  private static final int TEMPLATES = 8;

  private WorkbenchBenchData() {}

  /** Leads and history rows written; {@code admin} must be allowed to write every table. */
  static void fill(DataSource admin, DataSource sink, int leads, int history) throws SQLException {
    LeadStore store = new LeadStore(sink, Clock.systemUTC());
    for (int t = 0; t < TEMPLATES; t++) {
      store.apply(template(t));
    }
    int perLead = Math.max(1, history / Math.max(1, leads));
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
      String regions = "ARRAY['" + String.join("','", REGIONS) + "']";
      s.execute(
          """
          INSERT INTO lead (site, status, score, flagged, categories, signals, pages, pages_scored,
                            revision, lexicon_version, decided_at, first_flagged_at, updated_at,
                            conducts, identifiers, findings, assignee, dismiss_reason, seen_revision, priority,
                            severity, flags, epoch, seen_epoch)
          SELECT 'site-' || g || '.test',
                 (ARRAY['NEW','NEW','NEW','TRIAGED','CONFIRMED','REFERRED','CLOSED','DISMISSED'])[1 + g % 8],
                 ((g * 7919) % 1000) / 1000.0,
                 true, t.categories,
                 replace(t.signals::text, t.site, 'site-' || g || '.test')::jsonb,
                 replace(t.pages::text, t.site, 'site-' || g || '.test')::jsonb,
                 t.pages_scored, 2 + g % 3, t.lexicon_version,
                 now() - make_interval(mins => g), now() - make_interval(mins => g),
                 now() - make_interval(mins => g % 10000),
                 t.conducts,
                 replace(replace(replace(t.identifiers::text, t.site, 'site-' || g || '.test'), 'QQVALUE', (100000 + g % 40000)::text),
                         'ICPVALUE', (g % 90000)::text)::jsonb,
                 t.findings,
                 CASE WHEN g % 5 = 0 THEN 'analyst-' || (g % 7) END,
                 CASE WHEN g % 8 = 7 THEN 'DISMISS_REASON' END,
                 CASE WHEN g % 3 = 0 THEN 1 ELSE 2 + g % 3 END,
                 (g * 31) % 100,
                 (ARRAY['LOW','MEDIUM','HIGH'])[1 + g % 3],
                 CASE WHEN g % 40 = 0 THEN ARRAY['minors']
                      WHEN g % 45 = 0 THEN ARRAY['education-network']
                      WHEN g % 50 = 0 THEN ARRAY['repeat-offender'] ELSE '{}' END,
                 0, 0
            FROM generate_series(1, LEADS) g
            JOIN lead t ON t.site = 'template-' || (g % TEMPLATES) || '.test'
          """
              .replace("LEADS", Integer.toString(leads))
              .replace("DISMISS_REASON", DismissReason.values()[0].name())
              .replace("TEMPLATES", Integer.toString(TEMPLATES)));
      s.execute(
          "DELETE FROM lead_route WHERE lead_id IN (SELECT id FROM lead WHERE site LIKE 'template-%')");
      s.execute(
          """
          INSERT INTO lead_identifier (lead_id, type, value, urls)
          SELECT l.id, i ->> 'type', i ->> 'value', ARRAY[i ->> 'url']
            FROM lead l, jsonb_array_elements(l.identifiers) i
           WHERE l.site LIKE 'site-%'
          ON CONFLICT DO NOTHING
          """);
      s.execute(
          """
          INSERT INTO lead_route (lead_id, bureau, region_code, bases, evidence, computed_at)
          SELECT l.id, 'bureau ' || r.code, r.code, ARRAY['ICP_PROVINCE'], '[]', now()
            FROM lead l
            CROSS JOIN LATERAL (
              SELECT (REGIONS)[1 + l.id % 31] AS code
              UNION
              SELECT (REGIONS)[1 + (l.id / 31) % 31] WHERE l.id % 10 = 0) r
           WHERE l.site LIKE 'site-%'
          ON CONFLICT DO NOTHING
          """
              .replace("REGIONS", regions));
      int events = perLead * 4 / 10;
      int actions = perLead * 3 / 10;
      int custody = perLead - events - actions;
      s.execute(
          """
          INSERT INTO lead_event (lead_id, site, revision, kind, flagged, score, at, epoch)
          SELECT l.id, l.site, 100 + k, CASE WHEN k = 1 THEN 'OPENED' ELSE 'UPDATED' END, true,
                 l.score, l.first_flagged_at + make_interval(mins => k), 0
            FROM lead l, generate_series(1, ROWS) k
           WHERE l.site LIKE 'site-%'
          """
              .replace("ROWS", Integer.toString(events)));
      s.execute(
          """
          INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, note, at)
          SELECT l.id, l.site, 'NOTED', 'analyst-' || (k % 7), l.status, l.status,
                 'looked at the pages again (' || k || ')',
                 l.first_flagged_at + make_interval(mins => 30 + k)
            FROM lead l, generate_series(1, ROWS) k
           WHERE l.site LIKE 'site-%'
          """
              .replace("ROWS", Integer.toString(actions)));
      s.execute(
          """
          INSERT INTO custody_entry (lead_id, seq, at, actor, action, details, prev_hash, hash)
          SELECT l.id, 1000 + k, l.first_flagged_at + make_interval(mins => 60 + k), 'sink',
                 'SCORED', jsonb_build_object('bench', k),
                 md5(l.id || '-' || (k - 1)) || md5('p' || l.id || '-' || (k - 1)),
                 md5(l.id || '-' || k) || md5('p' || l.id || '-' || k)
            FROM lead l, generate_series(1, ROWS) k
           WHERE l.site LIKE 'site-%'
          """
              .replace("ROWS", Integer.toString(custody)));
      s.execute("ANALYZE");
    }
  }

  private static SiteVerdict template(int t) {
    String site = "template-" + t + ".test";
    String url = "https://" + site + "/vip";
    Instant at = Instant.parse("2026-11-20T08:00:00Z");
    return SiteVerdict.builder()
        .site(site)
        .revision(1)
        .flagged(true)
        .score(0.5 + t / 20.0)
        .pagesScored(3)
        .categories(List.of("explicit", "profit"))
        .signals(
            List.of(
                new SignalHit("kw.zh.explicit.member", "explicit", 0.6, 4, "免费在线 会员 视频 每日更新", url),
                new SignalHit("kw.zh.profit.vip", "profit", 0.3, 2, "开通VIP会员 观看全部内容", url)))
        .pages(new ArrayList<>(List.of(new PageRef(url, 0.8, "ab".repeat(32), at))))
        .lexiconVersion("lex-bench")
        .decidedAt(at)
        .conducts(List.of(t % 2 == 0 ? "distribution" : "profit"))
        .identifiers(
            List.of(
                new Identifier("qq", "QQVALUE", "QQ: QQVALUE", url, Map.of()),
                new Identifier("icp", "京ICP备ICPVALUE号", "京ICP备ICPVALUE号", url, Map.of())))
        .build();
  }
}
