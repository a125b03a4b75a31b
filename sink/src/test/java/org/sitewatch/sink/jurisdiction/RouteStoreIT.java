package org.sitewatch.sink.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.ReviewPolicy;

/** Routing kept with the lead: written in the verdict's transaction, replaced on every update. */
class RouteStoreIT {
  private static final Instant DECIDED = Instant.parse("2026-11-20T08:00:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC);
  private static TestDatabase postgres;

  private DataSource dataSource;
  private RouteStore routes;
  private LeadStore leads;

  @BeforeAll
  static void startDatabase() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() {
    postgres.close();
  }

  @BeforeEach
  void freshDatabase() {
    dataSource = postgres.migratedDatabase();
    routes = new RouteStore(dataSource, new JurisdictionRouter(JurisdictionTables.sample()), CLOCK);
    leads = new LeadStore(dataSource, CLOCK, ReviewPolicy.DEFAULTS, routes);
  }

  @Test
  void aVerdictWithFilingNumbersRoutesTheLeadInItsTransaction() {
    ApplyResult result =
        leads.apply(
            verdict(
                1,
                identifier(
                    "icp", "京ICP备12345678号-1", Map.of("province", "北京", "provinceCode", "11")),
                identifier("psb", "沪公网安备31010402000001号", Map.of("areaCode", "310104"))));

    Lead lead = leads.findBySite("example.test").orElseThrow();
    Routing stored = routes.stored(lead.id()).orElseThrow();
    assertThat(result).isEqualTo(ApplyResult.OPENED);
    assertThat(JurisdictionRouterTest.summary(stored))
        .isEqualTo("110000=ICP_PROVINCE;310000=PSB_AREA_CODE");
    assertThat(stored.routes().get(0).bureau())
        .isEqualTo(new Bureau("110000", "北京市公安局网安总队（示例）", "demo-beijing@example.org"));
    assertThat(stored.routes().get(1).evidence())
        .containsExactly(new Indication(Basis.PSB_AREA_CODE, "310104", "沪公网安备31010402000001号"));
    assertThat(stored.conflicts())
        .extracting(Conflict::kind)
        .containsExactly(Conflict.Kind.FILING_MISMATCH);
    assertThat(stored).isEqualTo(new JurisdictionRouter(JurisdictionTables.sample()).route(lead));
  }

  @Test
  void aNewerVerdictReplacesTheRoutingAndAReplayedOneLeavesIt() {
    leads.apply(verdict(1, identifier("icp", "京ICP备12345678号", Map.of())));
    SiteVerdict second = verdict(2, identifier("psb", "粤公网安备44030502000001号", Map.of()));
    leads.apply(second);
    ApplyResult replay = leads.apply(second);

    long id = leads.findBySite("example.test").orElseThrow().id();
    assertThat(replay).isEqualTo(ApplyResult.UNCHANGED);
    assertThat(JurisdictionRouterTest.summary(routes.stored(id).orElseThrow()))
        .isEqualTo("440300=PSB_AREA_CODE");
  }

  @Test
  void aLeadWithoutIndicationsIsStoredWithItsNoJurisdictionConflict() {
    leads.apply(verdict(1));

    long id = leads.findBySite("example.test").orElseThrow().id();
    Routing stored = routes.stored(id).orElseThrow();
    assertThat(stored.routes()).isEmpty();
    assertThat(stored.conflicts())
        .extracting(Conflict::kind)
        .containsExactly(Conflict.Kind.NO_JURISDICTION);
  }

  @Test
  void recomputingOnDemandUsesTheGivenTables() {
    LeadStore plain = new LeadStore(dataSource, CLOCK);
    plain.apply(verdict(1, identifier("server-ip", "127.0.0.1", Map.of())));
    Lead lead = plain.findBySite("example.test").orElseThrow();
    assertThat(routes.stored(lead.id())).isEmpty();

    Routing routing = routes.recompute(lead);

    assertThat(JurisdictionRouterTest.summary(routing)).isEqualTo("110000=HOSTING_IP");
    assertThat(routes.stored(lead.id())).contains(routing);
  }

  private static Identifier identifier(String type, String value, Map<String, String> attributes) {
    return new Identifier(type, value, "页脚备案信息 " + value, "https://example.test/", attributes);
  }

  private static SiteVerdict verdict(long revision, Identifier... identifiers) {
    String page = "https://example.test/vip";
    return new SiteVerdict(
        SiteVerdict.VERSION,
        "example.test",
        revision,
        true,
        0.8,
        3,
        List.of("profit"),
        List.of(new SignalHit("kw.zh.profit.vip", "profit", 0.3, 1, "开通VIP会员 观看全部视频", page)),
        List.of(new PageRef(page, 0.8, "ab".repeat(32), DECIDED.minusSeconds(60))),
        "lex-" + revision,
        DECIDED.plusSeconds(revision),
        List.of("for-profit"),
        List.of(identifiers),
        List.of());
  }
}
