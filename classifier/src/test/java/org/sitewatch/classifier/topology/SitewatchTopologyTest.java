package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.Fixtures;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.events.WarcRef;

class SitewatchTopologyTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final Instant FETCHED = Instant.parse("2026-11-02T07:59:00Z");
  private static PageClassifier classifier;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Topics topics = Topics.withPrefix("test.");
  private final ClassifierSettings settings = ClassifierSettings.defaults();
  private TopologyTestDriver driver;
  private TestInputTopic<String, FetchedPage> pages;
  private TestInputTopic<String, String> rawPages;
  private TestOutputTopic<String, SiteVerdict> verdicts;
  private TestOutputTopic<String, Outcome> outcomes;

  @BeforeAll
  static void loadClassifier() {
    classifier = PageClassifier.load(ClassifierSettings.defaults());
  }

  @BeforeEach
  void startDriver() {
    driver =
        new TopologyTestDriver(
            SitewatchTopology.build(topics, classifier, settings, clock),
            // TopologyTestDriver loses the dead-letter outcomes of BadRecordHandler under
            // exactly-once;
            // HostileInputIT checks them on a real broker with the production default
            ClassifierApp.streamsProperties(
                settings,
                Map.of("bootstrap.servers", "127.0.0.1:9", "processing.guarantee", "at_least_once"),
                topics,
                clock));
    pages =
        driver.createInputTopic(
            topics.pages(), new StringSerializer(), JsonSerde.of(FetchedPage.class).serializer());
    rawPages =
        driver.createInputTopic(topics.pages(), new StringSerializer(), new StringSerializer());
    verdicts =
        driver.createOutputTopic(
            topics.verdicts(),
            new StringDeserializer(),
            JsonSerde.of(SiteVerdict.class).deserializer());
    outcomes =
        driver.createOutputTopic(
            topics.outcomes(),
            new StringDeserializer(),
            JsonSerde.of(Outcome.class).deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private static FetchedPage page(String site, String path, String fixture) {
    return page(site, path, Fixtures.page(fixture), "text/html", 200);
  }

  private static FetchedPage page(
      String site, String path, String content, String type, int status) {
    return builder(site, path, content, type, status).build();
  }

  /** A page as {@link #page(String, String, String)} makes it, to change a field or two. */
  private static FetchedPage.Builder builder(String site, String path, String fixture) {
    return builder(site, path, Fixtures.page(fixture), "text/html", 200);
  }

  private static FetchedPage.Builder builder(
      String site, String path, String content, String type, int status) {
    String url = "https://" + site + path;
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    return FetchedPage.builder()
        .site(site)
        .requestedUrl(url)
        .status(status)
        .fetchedAt(FETCHED)
        .serverIp("127.0.0.1")
        .contentType(type)
        .charset("UTF-8")
        .content(content)
        .bodySha256(Sha256.hex(body))
        .bodyLength(body.length)
        .depth(1);
  }

  private void send(FetchedPage page) {
    pages.pipeInput(page.site(), page);
  }

  @Test
  void flagsAnAdultSiteWithIncreasingRevisionsAndExplainsWhy() {
    send(page("adult.test", "/", "zh-adult-rta.html"));
    send(page("adult.test", "/vip", "zh-adult-vip.html"));
    send(page("adult.test", "/enter", "zh-adult-agegate.html"));

    List<SiteVerdict> updates = verdicts.readValuesToList();
    assertThat(updates).extracting(SiteVerdict::revision).containsExactly(1L, 2L, 3L);
    SiteVerdict last = updates.get(2);
    assertThat(last.site()).isEqualTo("adult.test");
    assertThat(last.flagged()).isTrue();
    assertThat(last.score()).isGreaterThanOrEqualTo(settings.siteThreshold());
    assertThat(last.pagesScored()).isEqualTo(3);
    assertThat(last.categories()).contains("explicit", "profit");
    assertThat(last.decidedAt()).isEqualTo(NOW);
    assertThat(last.lexiconVersion()).isEqualTo(classifier.lexiconVersion());

    assertThat(last.signals())
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(settings.maxSignalsPerVerdict());
    assertThat(last.signals())
        .extracting(SignalHit::weight)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(last.signals())
        .allSatisfy(s -> assertThat(s.url()).startsWith("https://adult.test/"));
    assertThat(last.signals())
        .anySatisfy(
            s -> {
              assertThat(s.id()).isEqualTo("kw.zh.chengren-shipin");
              assertThat(s.snippet()).contains("成人视频");
            });

    assertThat(last.pages())
        .hasSize(3)
        .extracting(PageRef::score)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    PageRef home =
        last.pages().stream()
            .filter(p -> p.url().equals("https://adult.test/"))
            .findFirst()
            .orElseThrow();
    assertThat(home.bodySha256())
        .isEqualTo(page("adult.test", "/", "zh-adult-rta.html").bodySha256());
    assertThat(home.fetchedAt()).isEqualTo(FETCHED);

    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("adult.test").revision()).isEqualTo(3);
  }

  @Test
  void verdictPagesKeepTheirTextSimhashThroughTheSiteState() {
    send(page("adult.test", "/", "zh-adult-rta.html"));
    String first = lastVerdict("adult.test").pages().get(0).textSimhash();
    assertThat(first).matches("[0-9a-f]{16}");
    send(page("adult.test", "/vip", "zh-adult-vip.html"));

    // the home page now comes back out of the state store (JSON serde)
    SiteVerdict last = lastVerdict("adult.test");
    assertThat(last.pages()).hasSize(2).allSatisfy(p -> assertThat(p.textSimhash()).isNotNull());
    assertThat(last.pages())
        .filteredOn(p -> p.url().equals("https://adult.test/"))
        .singleElement()
        .extracting(PageRef::textSimhash)
        .isEqualTo(first);
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("adult.test").pages())
        .allSatisfy(p -> assertThat(p.textSimhash()).isNotNull());
  }

  @Test
  void leavesAnOrdinarySiteUnflagged() {
    send(page("ordinary.test", "/", "zh-video-portal.html"));
    send(page("ordinary.test", "/recipe", "zh-ordinary-recipe.html"));
    send(page("ordinary.test", "/blog", "en-ordinary-blog.html"));
    send(page("ordinary.test", "/shop", "zh-lingerie-shop.html"));

    SiteVerdict last = lastVerdict("ordinary.test");
    assertThat(last.revision()).isEqualTo(4);
    assertThat(last.flagged()).isFalse();
    assertThat(last.score()).isLessThan(settings.siteThreshold());
    assertThat(last.categories()).isEmpty();
  }

  @Test
  void flagsASiteWhoseHomePageIsInnocuousButWhoseSubPagesAreExplicit() {
    send(page("hidden.test", "/", "zh-ordinary-recipe.html"));
    assertThat(lastVerdict("hidden.test").flagged()).isFalse();

    send(page("hidden.test", "/members/vip", "zh-adult-vip.html"));
    send(page("hidden.test", "/members/new", "zh-adult-evasion.html"));
    SiteVerdict last = lastVerdict("hidden.test");
    assertThat(last.flagged()).isTrue();
    assertThat(last.pages().get(0).url()).startsWith("https://hidden.test/members/");
  }

  @Test
  void keepsAPagesBestScoreWhenItIsFetchedAgain() {
    send(page("changing.test", "/", "zh-adult-rta.html"));
    send(page("changing.test", "/", "zh-ordinary-recipe.html"));
    SiteVerdict last = lastVerdict("changing.test");
    assertThat(last.revision()).isEqualTo(2);
    assertThat(last.pages()).hasSize(1);
    assertThat(last.pagesScored()).isEqualTo(1); // one page, fetched twice
    assertThat(last.flagged()).isTrue();
  }

  @Test
  void aRefetchedPageThatScoresTheSameIsCountedButMakesNoRevision() {
    String content = Fixtures.page("zh-adult-rta.html");
    send(page("refetched.test", "/", content, "text/html", 200));
    // a new body (a comment changed) with the same text: counted, but the evidence stays the first
    send(page("refetched.test", "/", content + "\n<!-- build 2 -->", "text/html", 200));

    SiteVerdict only = verdicts.readValue();
    assertThat(verdicts.isEmpty()).isTrue();
    assertThat(only.revision()).isEqualTo(1);
    assertThat(only.pages().get(0).bodySha256())
        .isEqualTo(page("refetched.test", "/", content, "text/html", 200).bodySha256());
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("refetched.test").pagesScored()).isEqualTo(1);
    assertThat(store.get("refetched.test").revision()).isEqualTo(1);
  }

  @Test
  void theSamePageTwiceMakesOneRevisionAndCountsOnce() {
    FetchedPage home = page("twice.test", "/", "zh-adult-rta.html");
    send(home);
    send(home); // a crawler's handover publishes it again, or the classifier replays it
    // published again under a new fetch time and WARC record, by another worker
    send(
        builder("twice.test", "/", "zh-adult-rta.html")
            .fetchedAt(FETCHED.plusSeconds(30))
            .warc(
                new WarcRef("other-worker.warc.gz", 0, 10, "<urn:uuid:2>", "sha256:A", "sha256:B"))
            .build());

    List<SiteVerdict> all = verdicts.readValuesToList();
    assertThat(all).extracting(SiteVerdict::revision).containsExactly(1L);
    assertThat(all.get(0).pagesScored()).isEqualTo(1);
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("twice.test").pagesScored()).isEqualTo(1);
  }

  @Test
  void aPageReachedThroughAVaryingRedirectIsCountedOnceByItsRequestedUrl() {
    send(
        builder("redirect.test", "/", "zh-adult-rta.html")
            .finalUrl("https://redirect.test/?sid=1")
            .build());
    send(
        builder("redirect.test", "/", "zh-adult-rta.html")
            .finalUrl("https://redirect.test/?sid=2")
            .build());

    assertThat(verdicts.readValuesToList()).extracting(SiteVerdict::revision).containsExactly(1L);
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("redirect.test").pagesScored()).isEqualTo(1);
  }

  @Test
  void aSiteWhosePagesChangeOnEveryFetchCountsEachPageOnce() {
    String[][] site = {
      {"/", "zh-adult-rta.html"}, {"/vip", "zh-adult-vip.html"}, {"/enter", "zh-adult-agegate.html"}
    };
    // three crawls of a site that stamps every response (a request id in a comment)
    for (int crawl = 0; crawl < 3; crawl++) {
      for (String[] p : site) {
        send(
            page(
                "stamped.test",
                p[0],
                Fixtures.page(p[1]) + "\n<!-- request " + crawl + " -->",
                "text/html",
                200));
      }
    }
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("stamped.test").pagesScored()).isEqualTo(3);
    List<SiteVerdict> all = verdicts.readValuesToList();
    assertThat(all).extracting(SiteVerdict::revision).containsExactly(1L, 2L, 3L);
    assertThat(all.get(2).pagesScored()).isEqualTo(3);
  }

  @Test
  void aStampedPageBehindAVaryingRedirectStaysOnePageOfTheEvidence() {
    String content = Fixtures.page("zh-adult-rta.html");
    send(page("session.test", "/", content, "text/html", 200));
    send(
        builder("session.test", "/", content + "\n<!-- request 2 -->", "text/html", 200)
            .finalUrl("https://session.test/?sid=2")
            .build());

    assertThat(verdicts.readValuesToList()).extracting(SiteVerdict::revision).containsExactly(1L);
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("session.test").pages())
        .extracting(TrackedPage::url)
        .containsExactly("https://session.test/");
  }

  @Test
  void aChangedPageMakesANewRevision() {
    send(page("changed.test", "/", "zh-ordinary-recipe.html"));
    send(page("changed.test", "/", "zh-adult-rta.html")); // the same URL, now explicit

    List<SiteVerdict> all = verdicts.readValuesToList();
    assertThat(all).extracting(SiteVerdict::revision).containsExactly(1L, 2L);
    assertThat(all.get(1).pagesScored()).isEqualTo(1); // the same page, changed
    assertThat(all.get(1).flagged()).isTrue();
    assertThat(all.get(1).pages().get(0).bodySha256())
        .isEqualTo(page("changed.test", "/", "zh-adult-rta.html").bodySha256());
  }

  @Test
  void verdictCarriesIdentifiersFindingsAndConducts() {
    send(page("mixed.test", "/", "zh-footer-forged.html"));
    send(page("mixed.test", "/pay", "zh-contacts-payments.html"));
    send(page("mixed.test", "/vip", "zh-adult-vip.html"));
    send(page("mixed.test", "/list", "zh-adult-thumb-grid.html"));
    send(page("mixed.test", "/", "zh-footer-forged.html"));

    SiteVerdict last = lastVerdict("mixed.test");
    assertThat(last.v()).isEqualTo(SiteVerdict.VERSION);
    assertThat(last.flagged()).isTrue();
    assertThat(last.conducts()).containsExactly("for-profit", "showing-audio-video");
    assertThat(last.conductReasons())
        .extracting(org.sitewatch.events.ConductReason::conduct)
        .containsOnly("for-profit", "showing-audio-video");
    assertThat(last.conductReasons())
        .allSatisfy(r -> assertThat(r.url()).startsWith("https://mixed.test/"));
    assertThat(last.identifiers())
        .extracting(Identifier::type)
        .startsWith("psb", "icp")
        .contains("payment", "qq", "telegram", "cnzz");
    assertThat(last.identifiers())
        .filteredOn(i -> i.type().equals("qq"))
        .singleElement()
        .satisfies(i -> assertThat(i.url()).startsWith("https://mixed.test/"));
    assertThat(last.findings()).extracting(Finding::kind).containsOnly("forged-filing");
    assertThat(last.findings()).hasSize(2);
  }

  @Test
  void verdictPagesKeepTheirWarcReferenceThroughTheSiteState() {
    WarcRef warc =
        new WarcRef(
            "sitewatch-20261102075900000-00001-w1.warc.gz",
            4096,
            1234,
            "<urn:uuid:8a7c0c46-7a35-4f0b-9d0e-5b2f6d1c9e01>",
            "sha256:" + "A".repeat(52),
            "sha256:" + "B".repeat(52));
    send(page("captured.test", "/vip", "zh-adult-vip.html").withCapture(warc, Map.of()));
    send(page("captured.test", "/", "zh-adult-rta.html"));

    SiteVerdict last = lastVerdict("captured.test");
    assertThat(last.revision()).isEqualTo(2);
    assertThat(last.pages())
        .filteredOn(p -> p.url().endsWith("/vip"))
        .singleElement()
        .satisfies(p -> assertThat(p.warc()).isEqualTo(warc));
    assertThat(last.pages())
        .filteredOn(p -> p.url().equals("https://captured.test/"))
        .singleElement()
        .satisfies(p -> assertThat(p.warc()).isNull());
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    assertThat(store.get("captured.test").pages()).extracting(TrackedPage::warc).contains(warc);
  }

  @Test
  void aHackedSiteIsNotALeadButItsInjectedLinksAreReported() {
    send(page("victim.test", "/", "zh-ordinary-recipe.html"));
    send(page("victim.test", "/recipe", "zh-blog-injected-links.html"));

    SiteVerdict last = lastVerdict("victim.test");
    assertThat(last.flagged()).isFalse();
    assertThat(last.conducts()).isEmpty();
    assertThat(last.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("injected-links");
              assertThat(f.detail()).contains("seqing-tube.test");
              assertThat(f.url()).isEqualTo("https://victim.test/recipe");
            });
  }

  @Test
  void keepsGoingPastAnUnreadableRecordAndReportsIt() {
    rawPages.pipeInput("broken.test", "{ this is not json");
    rawPages.pipeInput("broken.test", "{\"site\":\"broken.test\",\"status\":200}");
    send(page("broken.test", "/", "zh-adult-rta.html"));

    assertThat(lastVerdict("broken.test").revision()).isEqualTo(1);
    List<Outcome> reported = outcomes.readValuesToList();
    assertThat(reported)
        .hasSize(2)
        .allSatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
              assertThat(o.stage()).isEqualTo(Outcome.Stage.CLASSIFIER);
              assertThat(o.site()).isEqualTo("broken.test");
              assertThat(o.at()).isEqualTo(NOW);
              assertThat(o.reason()).contains("cannot read");
            });
  }

  @Test
  void reportsANonHtmlPageInsteadOfScoringIt() {
    send(page("files.test", "/doc.pdf", "%PDF-1.4 binary", "application/pdf", 200));

    assertThat(verdicts.isEmpty()).isTrue();
    Outcome outcome = outcomes.readValue();
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.CONTENT_REJECTED);
    assertThat(outcome.reason()).startsWith("not scored: ").contains("application/pdf");
    assertThat(outcome.url()).isEqualTo("https://files.test/doc.pdf");
  }

  @Test
  void reportsAnErrorStatusAsSkippedInsteadOfScoringIt() {
    send(page("gone.test", "/", Fixtures.page("zh-adult-rta.html"), "text/html", 404));
    assertThat(verdicts.isEmpty()).isTrue();
    Outcome outcome = outcomes.readValue();
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.SKIPPED);
    assertThat(outcome.stage()).isEqualTo(Outcome.Stage.CLASSIFIER);
    assertThat(outcome.reason()).startsWith("skipped-status: ").contains("404");
    assertThat(outcome.details()).containsEntry("status", "404");
    assertThat(outcome.url()).isEqualTo("https://gone.test/");
  }

  @Test
  void aPageWhoseKeySiteAndUrlDisagreeIsABadRecordAndNotScored() {
    FetchedPage elsewhere = page("victim.test", "/", "zh-adult-rta.html");
    pages.pipeInput("bystander.test", elsewhere); // keyed under another site
    pages.pipeInput(
        "victim.test",
        builder("victim.test", "/", "zh-adult-rta.html")
            .requestedUrl("https://third.test/")
            .finalUrl("https://third.test/")
            .build());

    assertThat(verdicts.isEmpty()).isTrue();
    List<Outcome> reported = outcomes.readValuesToList();
    assertThat(reported)
        .hasSize(2)
        .allSatisfy(o -> assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD));
    assertThat(reported.get(0).details())
        .containsEntry("key", "bystander.test")
        .containsEntry("site", "victim.test")
        .containsEntry("urlSite", "victim.test");
    assertThat(reported.get(1).details())
        .containsEntry("key", "victim.test")
        .containsEntry("site", "victim.test")
        .containsEntry("urlSite", "third.test");
    assertThat(driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE).approximateNumEntries())
        .isZero();
  }

  @Test
  void aRedirectToAnotherSiteIsScoredUnderTheRequestedSite() {
    send(
        builder("moved.test", "/", "zh-adult-rta.html")
            .finalUrl("https://www.moved.test/home")
            .build());
    send(
        builder("moved.test", "/vip", "zh-adult-vip.html")
            .finalUrl("https://new-home.test/vip")
            .build());
    assertThat(outcomes.isEmpty()).isTrue();
    assertThat(lastVerdict("moved.test").revision()).isEqualTo(2);
  }

  @Test
  void reportsAPageWithoutKey() {
    FetchedPage page = page("nokey.test", "/", "zh-ordinary-recipe.html");
    pages.pipeInput((String) null, page);
    assertThat(verdicts.isEmpty()).isTrue();
    Outcome outcome = outcomes.readValue();
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
    assertThat(outcome.site()).isEqualTo("nokey.test");
  }

  @Test
  void reportsARecordWithNeitherKeyNorValue() {
    pages.pipeInput((String) null, (FetchedPage) null);
    assertThat(verdicts.isEmpty()).isTrue();
    Outcome outcome = outcomes.readValue();
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
    assertThat(outcome.site()).isEqualTo("unknown");
  }

  private SiteVerdict lastVerdict(String site) {
    SiteVerdict last = null;
    for (var record : verdicts.readKeyValuesToList()) {
      assertThat(record.key).isEqualTo(site);
      last = record.value;
    }
    assertThat(last).as("a verdict for " + site).isNotNull();
    return last;
  }
}
