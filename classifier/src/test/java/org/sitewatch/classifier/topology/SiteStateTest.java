package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.Json;
import org.sitewatch.events.SignalHit;

class SiteStateTest {
  private static final double PAGE_THRESHOLD = 0.5;
  private static final double SITE_THRESHOLD = 0.6;
  private static final Instant AT = Instant.parse("2026-11-02T08:00:00Z");

  private static TrackedPage page(String path, double score) {
    return new TrackedPage(
        "https://site.test" + path,
        score,
        score >= PAGE_THRESHOLD,
        "0".repeat(64),
        AT,
        score >= PAGE_THRESHOLD ? List.of("explicit") : List.of(),
        List.of(
            new SignalHit(
                "kw.test", "explicit", score, 1, "…" + path + "…", "https://site.test" + path)));
  }

  private static SiteState site(String scores) {
    SiteState state = SiteState.empty();
    int i = 0;
    for (String s : scores.split(" ")) {
      state = state.with(page("/p" + i++, Double.parseDouble(s)), 10);
    }
    return state;
  }

  @ParameterizedTest(name = "pages {0} -> flagged {1}")
  @CsvSource({
    // one stray mildly suspicious page among ordinary ones
    "0.55 0.02 0.02 0.02 0.02 0.02,  false",
    // three pages that are suspicious but below the page threshold
    "0.45 0.45 0.45 0.02,            false",
    // innocuous home page, two explicit sub-pages
    "0.02 0.70 0.80,                 true",
    // one clearly explicit page
    "0.95 0.02 0.02,                 true",
    // two flagged pages just above the page threshold
    "0.52 0.55 0.02,                 true",
    // nothing at all
    "0.02 0.02 0.02 0.02,            false",
  })
  void decidesTheSiteByItsBestPages(String scores, boolean flagged) {
    SiteState state = site(scores);
    assertThat(state.siteScore() >= SITE_THRESHOLD)
        .as("site score %s", state.siteScore())
        .isEqualTo(flagged);
  }

  @Test
  void siteScoreIsTheNoisyOrOfTheTopThreeDiscountedPages() {
    SiteState state = site("0.9 0.4 0.8 0.7");
    assertThat(state.siteScore()).isCloseTo(1 - 0.1 * 0.2 * 0.3, within(1e-9));
    assertThat(site("0.4").siteScore()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void tracksABoundedNumberOfPagesBestFirstButCountsAll() {
    SiteState state = SiteState.empty();
    for (int i = 0; i < 50; i++) {
      state = state.with(page("/p" + i, i / 100.0), 5);
    }
    assertThat(state.pages())
        .hasSize(5)
        .extracting(TrackedPage::score)
        .containsExactly(0.49, 0.48, 0.47, 0.46, 0.45);
    assertThat(state.pagesScored()).isEqualTo(50);
    assertThat(state.revision()).isEqualTo(50);
  }

  @Test
  void keepsTheBestScoreOfAUrl() {
    SiteState state = SiteState.empty().with(page("/a", 0.9), 5).with(page("/a", 0.1), 5);
    assertThat(state.pages()).singleElement().extracting(TrackedPage::score).isEqualTo(0.9);
  }

  @Test
  void takesCategoriesFromFlaggedPagesOnlyAndSignalsStrongestFirst() {
    SiteState state = site("0.3 0.8 0.6");
    assertThat(state.categories()).containsExactly("explicit");
    assertThat(state.strongestSignals(2)).extracting(SignalHit::weight).containsExactly(0.8, 0.6);
    assertThat(state.pageRefs(1))
        .singleElement()
        .satisfies(ref -> assertThat(ref.url()).isEqualTo("https://site.test/p1"));
  }

  private static TrackedPage pageWith(
      String path, List<Identifier> identifiers, List<Finding> findings) {
    TrackedPage p = page(path, 0.1);
    return new TrackedPage(
        p.url(),
        p.score(),
        p.flagged(),
        p.bodySha256(),
        p.fetchedAt(),
        p.categories(),
        p.signals(),
        identifiers,
        findings);
  }

  private static Identifier id(String type, String value) {
    return new Identifier(type, value, "…" + value + "…", "https://site.test/", Map.of());
  }

  @Test
  void mergesIdentifiersOncePerTypeAndValueAndKeepsThemOffTheTrackedPages() {
    SiteState state =
        SiteState.empty()
            .with(
                pageWith(
                    "/a", List.of(id("qq", "12345678"), id("icp", "京ICP备12345678号")), List.of()),
                5)
            .with(
                pageWith(
                    "/b",
                    List.of(id("qq", "12345678"), id("psb", "京公网安备11010502030143号")),
                    List.of()),
                5);
    assertThat(state.identifiers())
        .extracting(Identifier::type)
        .containsExactly("psb", "icp", "qq");
    assertThat(state.pages()).allSatisfy(p -> assertThat(p.identifiers()).isEmpty());
  }

  @Test
  void boundsIdentifiersKeepingFilingsAndAccountsFirst() {
    SiteState state = SiteState.empty();
    for (int i = 0; i < 80; i++) {
      state =
          state.with(
              pageWith("/p" + i, List.of(id("phone", "1380000" + (1000 + i))), List.of()), 5);
    }
    state = state.with(pageWith("/pay", List.of(id("payment", "pay@example.test")), List.of()), 5);
    assertThat(state.identifiers()).hasSize(SiteState.MAX_IDENTIFIERS);
    assertThat(state.identifiers().get(0).type()).isEqualTo("payment");
  }

  @Test
  void mergesFindingsOncePerKindAndDetailAndBoundsThem() {
    Finding forged =
        new Finding("forged-filing", "names 北京 but is in 广东", "…", "https://site.test/a");
    SiteState state =
        SiteState.empty()
            .with(pageWith("/a", List.of(), List.of(forged)), 5)
            .with(
                pageWith(
                    "/b",
                    List.of(),
                    List.of(
                        new Finding(forged.kind(), forged.detail(), "…", "https://site.test/b"))),
                5);
    assertThat(state.findings()).containsExactly(forged);
    for (int i = 0; i < 40; i++) {
      state =
          state.with(
              pageWith(
                  "/x" + i,
                  List.of(),
                  List.of(new Finding("injected-links", "targets: t" + i + ".test", "", ""))),
              5);
    }
    assertThat(state.findings()).hasSize(SiteState.MAX_FINDINGS).first().isEqualTo(forged);
  }

  @Test
  void readsAStateWrittenBeforeIdentifiersAndFindingsExisted() throws Exception {
    String v1 =
        """
        {"revision":2,"pagesScored":2,"pages":[{"url":"https://site.test/","score":0.9,
        "flagged":true,"bodySha256":"00","fetchedAt":"2026-11-02T08:00:00Z",
        "categories":["explicit"],"signals":[]}]}""";
    SiteState state = Json.mapper().readValue(v1, SiteState.class);
    assertThat(state.revision()).isEqualTo(2);
    assertThat(state.identifiers()).isEmpty();
    assertThat(state.findings()).isEmpty();
    assertThat(state.pages()).singleElement().satisfies(p -> assertThat(p.identifiers()).isEmpty());
    SiteState next = state.with(pageWith("/b", List.of(id("qq", "12345678")), List.of()), 5);
    SiteState roundTrip =
        Json.mapper().readValue(Json.mapper().writeValueAsString(next), SiteState.class);
    assertThat(roundTrip).isEqualTo(next);
  }

  @Test
  void aFlaggedSiteWithExplicitContentAndNoProfitEvidenceIsWithoutProfit() {
    assertThat(site("0.9 0.1").conducts(true)).containsExactly("without-profit");
    assertThat(site("0.9 0.1").conducts(false)).isEmpty();
  }

  @Test
  void aPriceOnAnUnflaggedPageMakesTheWholeSiteForProfit() {
    TrackedPage price =
        new TrackedPage(
            "https://site.test/vip",
            0.1,
            false,
            "1".repeat(64),
            AT,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            null,
            List.of(
                new ConductReason(
                    "for-profit", "membership-price", "月卡 30元", "https://site.test/vip")));
    SiteState state = site("0.9 0.1").with(price, 10);

    assertThat(state.conducts(true)).containsExactly("for-profit");
    assertThat(state.conductReasons(true))
        .singleElement()
        .satisfies(r -> assertThat(r.url()).isEqualTo("https://site.test/vip"));
    assertThat(state.pages()).allSatisfy(p -> assertThat(p.conductReasons()).isEmpty());
  }

  @Test
  void aStateStoredBeforeTheEvidenceWasKeptKeepsForProfitFromItsSignals() throws Exception {
    // flagged for profit by the lexicon's profit rule before conductEvidence existed
    String old =
        """
        {"revision":3,"pagesScored":1,"pages":[{"url":"https://site.test/","score":0.9,
        "flagged":true,"bodySha256":"00","fetchedAt":"2026-11-02T08:00:00Z",
        "categories":["explicit","profit"],"signals":[
        {"id":"kw.zh.test-explicit","category":"explicit","weight":0.9,"count":1,
        "snippet":"…explicit…","url":"https://site.test/"},
        {"id":"kw.zh.chongzhi-vip","category":"profit","weight":0.6,"count":1,
        "snippet":"…充值VIP…","url":"https://site.test/"}]}]}""";
    SiteState state = Json.mapper().readValue(old, SiteState.class);

    SiteState next = state.with(page("/new", 0.8), 10);

    assertThat(next.conducts(true)).containsExactly("for-profit");
    assertThat(next.conductReasons(true))
        .singleElement()
        .satisfies(r -> assertThat(r.signal()).isEqualTo("kw.zh.chongzhi-vip"));
  }

  @Test
  void aStateStoredBeforeTheEvidenceWasKeptWithoutSignalsKeepsWithoutProfit() throws Exception {
    String old =
        """
        {"revision":2,"pagesScored":2,"pages":[{"url":"https://site.test/","score":0.9,
        "flagged":true,"bodySha256":"00","fetchedAt":"2026-11-02T08:00:00Z",
        "categories":["explicit"],"signals":[]}]}""";
    SiteState state = Json.mapper().readValue(old, SiteState.class);

    assertThat(state.conducts(true)).containsExactly("without-profit");
    assertThat(state.conductReasons(true))
        .singleElement()
        .satisfies(r -> assertThat(r.url()).isEqualTo("https://site.test/"));
  }

  @ParameterizedTest(name = "trimmed to level {0}")
  @CsvSource({"1", "2", "3", "4"})
  void anExplicitSiteKeepsWithoutProfitAtEveryTrimmingLevel(int level) {
    SiteState state = site("0.9 0.8 0.7 0.6 0.1");
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    // the first {@code level} sizes are too large: the state is trimmed {@code level} times
    SiteState fitted = state.fitted(1, s -> calls.getAndIncrement() < level ? 2 : 0);

    assertThat(fitted).isNotSameAs(state);
    assertThat(fitted.conducts(true)).containsExactly("without-profit");
    assertThat(fitted.conductReasons(true)).isEqualTo(state.conductReasons(true));
    // and it survives the next page folded into the trimmed state
    assertThat(fitted.with(page("/later", 0.2), 10).conducts(true))
        .containsExactly("without-profit");
  }
}
