package org.sitewatch.web.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.testing.Workbench;

class LeadQueueIT {
  static final String BJ = Workbench.BEIJING;
  static final String SH = Workbench.SHANGHAI;
  static final Instant DECIDED = Instant.parse("2026-11-20T08:00:00Z");

  static final Viewer BEIJING_ANALYST = new Viewer(1, "ana", Role.ANALYST, Set.of(BJ));
  static final Viewer SHANGHAI_ANALYST = new Viewer(2, "sam", Role.ANALYST, Set.of(SH));
  static final Viewer AUDITOR = new Viewer(3, "aud", Role.AUDITOR, Set.of());
  static final Viewer ADMIN = new Viewer(4, "adm", Role.ADMIN, Set.of());

  static Workbench workbench;
  static LeadQueue queue;
  static long tiedFirstId;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    queue = new LeadQueue(workbench.databases().analyst());
    workbench.lead(
        verdict("qq-contact.test", 0.7, List.of("for-profit"), List.of("profit"))
            .identifiers(
                List.of(
                    identifier("qq", "88776655", "https://qq-contact.test/join"),
                    identifier("wechat", "SunnyShop_01", "https://qq-contact.test/join")))
            .build(),
        BJ);
    workbench.lead(
        verdict("filing-shop.test", 0.6, List.of("solicitation"), List.of("explicit"))
            .identifiers(List.of(identifier("icp", "京ICP备12345678号-1", "")))
            .build(),
        BJ,
        SH);
    workbench.lead(
        verdict("redirected.test", 0.65, List.of("without-profit"), List.of("explicit"))
            .pages(
                List.of(
                    new PageRef(
                        "https://elsewhere.example/landing?id=7", 0.65, "ab".repeat(32), DECIDED)))
            .identifiers(List.of(identifier("google-analytics", "UA-4455-1", "")))
            .build(),
        SH);
    workbench.lead(
        verdict("school-corner.test", 0.5, List.of("for-profit"), List.of("minors")).build(), SH);
    workbench.lead(
        verdict("percent%shop.test", 0.4, List.of("for-profit"), List.of("profit")).build());
    // ties: same score, so the same priority, told apart by the site only
    for (String s : List.of("tie-c.test", "tie-a.test", "tie-e.test", "tie-b.test", "tie-d.test")) {
      long id = workbench.lead(verdict(s, 0.3, List.of(), List.of("explicit")).build(), BJ).id();
      tiedFirstId = tiedFirstId == 0 ? id : tiedFirstId;
    }
    // same priority as the ties (round(0.31 * 40) = 12), a higher score
    workbench.lead(verdict("tie-score.test", 0.31, List.of(), List.of("explicit")).build(), BJ);
    workbench.lead(verdict("unrouted.test", 0.9, List.of(), List.of("explicit")).build());
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void anAnalystGetsTheLeadsOfHerBureausOnlyAndAuditorsAndAdminsGetAllIncludingUnrouted() {
    List<String> beijing = sites(all(BEIJING_ANALYST, QueueFilter.NONE));
    assertThat(beijing)
        .contains("qq-contact.test", "filing-shop.test", "tie-a.test")
        .doesNotContain("redirected.test", "school-corner.test", "unrouted.test");
    List<String> shanghai = sites(all(SHANGHAI_ANALYST, QueueFilter.NONE));
    assertThat(shanghai)
        .containsExactlyInAnyOrder("filing-shop.test", "redirected.test", "school-corner.test");
    List<String> everything = sites(all(AUDITOR, QueueFilter.NONE));
    assertThat(everything).contains("unrouted.test", "percent%shop.test").hasSize(12);
    assertThat(sites(all(ADMIN, QueueFilter.NONE))).isEqualTo(everything);
    // a search or filter never reaches past the bureau rule
    assertThat(sites(all(SHANGHAI_ANALYST, QueueFilter.NONE.withSearch("88776655")))).isEmpty();
    assertThat(sites(all(SHANGHAI_ANALYST, QueueFilter.NONE.withBureau(BJ))))
        .containsExactly("filing-shop.test");
  }

  @Test
  void keysetPagesWalkTheWholeQueueInPriorityScoreSiteOrderAcrossTies() {
    List<QueueRow> whole = queue.page(AUDITOR, QueueFilter.NONE, Optional.empty(), 200).rows();
    assertThat(whole)
        .isSortedAccordingTo(
            Comparator.comparingInt(QueueRow::priority)
                .reversed()
                .thenComparing(Comparator.comparingDouble(QueueRow::score).reversed())
                .thenComparing(QueueRow::site));
    for (int size : new int[] {1, 2, 3, 5}) {
      List<QueueRow> walked = new ArrayList<>();
      Optional<QueueCursor> after = Optional.empty();
      int pages = 0;
      do {
        LeadQueue.Page page = queue.page(AUDITOR, QueueFilter.NONE, after, size);
        assertThat(page.rows().size()).isLessThanOrEqualTo(size);
        walked.addAll(page.rows());
        after = page.next().map(c -> QueueCursor.decode(c.encode()).orElseThrow());
        pages++;
      } while (after.isPresent() && pages < 100);
      assertThat(sites(walked)).as("pages of %d", size).isEqualTo(sites(whole));
    }
    List<String> ties = sites(whole).stream().filter(s -> s.startsWith("tie-")).toList();
    assertThat(ties)
        .containsExactly(
            "tie-score.test", "tie-a.test", "tie-b.test", "tie-c.test", "tie-d.test", "tie-e.test");
    assertThat(whole.stream().filter(r -> r.site().startsWith("tie-")).map(QueueRow::priority))
        .containsOnly(
            whole.stream()
                .filter(r -> r.site().equals("tie-a.test"))
                .findFirst()
                .orElseThrow()
                .priority());
  }

  @Test
  void theLastPageHasNoCursor() {
    LeadQueue.Page page =
        queue.page(BEIJING_ANALYST, QueueFilter.NONE.withSearch("qq-contact"), Optional.empty(), 1);
    assertThat(sites(page.rows())).containsExactly("qq-contact.test");
    assertThat(page.next()).isEmpty();
  }

  @Test
  void searchFindsALeadByTheStartOfItsSiteOrAHostOrAUrlOfIt() {
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("QQ-CON"))))
        .containsExactly("qq-contact.test");
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("www.filing-shop.test"))))
        .containsExactly("filing-shop.test");
    assertThat(
            sites(all(AUDITOR, QueueFilter.NONE.withSearch("https://filing-shop.test/some/page"))))
        .containsExactly("filing-shop.test");
  }

  @Test
  void searchFindsALeadByOneOfItsPageUrls() {
    assertThat(
            sites(
                all(
                    AUDITOR,
                    QueueFilter.NONE.withSearch("https://elsewhere.example/landing?id=7"))))
        .containsExactly("redirected.test");
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("https://elsewhere.example/other"))))
        .isEmpty();
  }

  @Test
  void searchFindsALeadByAnIdentifierValueOrItsStartWhateverItsTypeAndCase() {
    assertThat(sites(all(BEIJING_ANALYST, QueueFilter.NONE.withSearch("88776655"))))
        .containsExactly("qq-contact.test");
    assertThat(sites(all(BEIJING_ANALYST, QueueFilter.NONE.withSearch("sunnyshop_01"))))
        .containsExactly("qq-contact.test");
    assertThat(sites(all(BEIJING_ANALYST, QueueFilter.NONE.withSearch("京ICP备12345678"))))
        .containsExactly("filing-shop.test");
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("ua-4455"))))
        .containsExactly("redirected.test");
  }

  @Test
  void aSearchShorterThanThreeCharactersMatchesWholeValuesOnly() {
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("qq")))).isEmpty();
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("qq-"))))
        .containsExactly("qq-contact.test");
  }

  @Test
  void searchTakesWildCardsLiterally() {
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("%")))).isEmpty();
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("_")))).isEmpty();
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("percent%s"))))
        .containsExactly("percent%shop.test");
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withSearch("sunnyshop%")))).isEmpty();
  }

  @Test
  void filtersNarrowByConductFlagAndBureau() {
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withConduct("solicitation"))))
        .containsExactly("filing-shop.test");
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withConduct("for-profit"))))
        .containsExactlyInAnyOrder("qq-contact.test", "school-corner.test", "percent%shop.test");
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withFlag(PriorityFlag.MINORS))))
        .containsExactly("school-corner.test");
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withBureau(SH))))
        .containsExactlyInAnyOrder("filing-shop.test", "redirected.test", "school-corner.test");
    QueueRow filing = all(AUDITOR, QueueFilter.NONE.withSearch("filing-shop")).get(0);
    assertThat(filing.routes())
        .containsExactly(
            new QueueRow.Route(BJ, "bureau " + BJ), new QueueRow.Route(SH, "bureau " + SH));
    assertThat(filing.conducts()).containsExactly("solicitation");
    QueueRow school = all(AUDITOR, QueueFilter.NONE.withSearch("school-corner")).get(0);
    assertThat(school.flags()).containsExactly(PriorityFlag.MINORS);
  }

  @Test
  void filtersNarrowByStatusAssigneeAndNewEvidence() {
    LeadWorkflow workflow = new LeadWorkflow(workbench.databases().analyst(), Clock.systemUTC());
    long tieB = idOf("tie-b.test");
    long tieC = idOf("tie-c.test");
    long tieD = idOf("tie-d.test");
    workflow.perform(tieB, LeadAction.TRIAGE, ActionRequest.by("ana").expecting(LeadStatus.NEW));
    workflow.perform(tieC, LeadAction.ASSIGN, ActionRequest.by("sup").withAssignee("bob"));
    workflow.perform(tieD, LeadAction.ACK, ActionRequest.by("ana"));

    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withStatuses(Set.of(LeadStatus.TRIAGED)))))
        .containsExactly("tie-b.test");
    assertThat(
            sites(
                all(
                    AUDITOR,
                    QueueFilter.NONE.withStatuses(Set.of(LeadStatus.TRIAGED, LeadStatus.NEW)))))
        .hasSize(12);
    assertThat(sites(all(AUDITOR, QueueFilter.NONE.withAssignee("bob"))))
        .containsExactly("tie-c.test");
    List<QueueRow> fresh = all(AUDITOR, QueueFilter.NONE.withNewEvidenceOnly(true));
    assertThat(sites(fresh)).doesNotContain("tie-b.test", "tie-d.test").contains("tie-c.test");
    assertThat(all(AUDITOR, QueueFilter.NONE.withSearch("tie-d")).get(0).newEvidence()).isFalse();
    assertThat(
            sites(
                all(
                    BEIJING_ANALYST,
                    QueueFilter.NONE
                        .withStatuses(Set.of(LeadStatus.NEW))
                        .withNewEvidenceOnly(true)
                        .withSearch("tie-"))))
        .containsExactly("tie-score.test", "tie-a.test", "tie-c.test", "tie-e.test");
  }

  @Test
  void openedAfterGivesTheNewerVisibleLeadsNotYetSentOldestFirst() {
    List<QueueRow> beijing =
        queue.openedAfter(BEIJING_ANALYST, QueueFilter.NONE, tiedFirstId - 1, Set.of(), 50);
    assertThat(sites(beijing))
        .containsExactly(
            "tie-c.test", "tie-a.test", "tie-e.test", "tie-b.test", "tie-d.test", "tie-score.test");
    assertThat(
            sites(
                queue.openedAfter(
                    BEIJING_ANALYST, QueueFilter.NONE, tiedFirstId - 1, Set.of(tiedFirstId), 2)))
        .containsExactly("tie-a.test", "tie-e.test");
    assertThat(queue.openedAfter(SHANGHAI_ANALYST, QueueFilter.NONE, tiedFirstId - 1, Set.of(), 50))
        .isEmpty();
    assertThat(queue.lastId(AUDITOR)).isGreaterThan(queue.lastId(BEIJING_ANALYST));
  }

  private static long idOf(String site) {
    return all(AUDITOR, QueueFilter.NONE.withSearch(site)).get(0).id();
  }

  private static List<QueueRow> all(Viewer viewer, QueueFilter filter) {
    return queue.page(viewer, filter, Optional.empty(), LeadQueue.MAX_LIMIT).rows();
  }

  private static List<String> sites(List<QueueRow> rows) {
    return rows.stream().map(QueueRow::site).toList();
  }

  static SiteVerdict.Builder verdict(
      String site, double score, List<String> conducts, List<String> categories) {
    String page = "https://" + site + "/start";
    return SiteVerdict.builder()
        .site(site)
        .revision(1)
        .flagged(true)
        .score(score)
        .pagesScored(3)
        .categories(categories)
        .signals(
            List.of(
                new SignalHit(
                    "kw.test." + categories.get(0), categories.get(0), 0.6, 2, "mild words", page)))
        .pages(List.of(new PageRef(page, score, "ab".repeat(32), DECIDED)))
        .lexiconVersion("lex-1")
        .decidedAt(DECIDED)
        .conducts(conducts);
  }

  static Identifier identifier(String type, String value, String url) {
    return new Identifier(type, value, "contact " + value, url, Map.of());
  }
}
