package org.sitewatch.crawler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import edu.uci.ics.crawler4j.url.WebURL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.crawl.InMemoryFrontier;
import org.sitewatch.events.CrawlOverrides;
import org.sitewatch.events.Outcome;

class SitePolicyTest {
  private static final CrawlerSettings SETTINGS = CrawlerSettings.defaults(Path.of("work"));
  private final AtomicLong nanos = new AtomicLong();
  private final RobotsRules robots =
      new RobotsRules(
          url ->
              new RobotsRules.Response(
                  200,
                  "User-agent: *\nDisallow: /members".getBytes(StandardCharsets.UTF_8),
                  "text/plain",
                  null),
          "sitewatch",
          10_000);

  private SitePolicy policy(CrawlOverrides overrides, LinkScorer scorer) {
    return new SitePolicy(
        SiteBudget.of(SETTINGS, overrides), SETTINGS.limits(), robots, scorer, nanos::get);
  }

  private static WebURL url(String url) {
    WebURL w = new InMemoryFrontier(-1).getWebURLFactory().newWebUrl();
    w.setURL(url);
    return w;
  }

  @Test
  void ranksAdmittedLinksByTheScorerClampedToZeroToOneHundred() {
    SitePolicy p = policy(null, u -> u.contains("vip") ? 0.83 : u.contains("odd") ? 7 : Double.NaN);
    WebURL vip = url("http://a.test/vip");
    WebURL odd = url("http://a.test/odd");
    WebURL plain = url("http://a.test/about");
    assertThat(p.admit(vip) && p.admit(odd) && p.admit(plain)).isTrue();
    assertThat(List.of(vip.getPriority(), odd.getPriority(), plain.getPriority()))
        .containsExactly((byte) 83, (byte) 100, (byte) 0);
  }

  @Test
  void refusesWhatRobotsDisallowsAndReportsItOncePerRuleWithExamples() {
    SitePolicy p = policy(null, LinkScorer.NONE);
    for (int i = 0; i < 5; i++) {
      assertThat(p.admit(url("http://a.test/members/" + i))).isFalse();
    }
    List<Outcome> outcomes = p.outcomes("a.test", Instant.EPOCH);
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
              assertThat(o.url()).isNull();
              assertThat(o.details())
                  .containsEntry("rule", "robots.txt")
                  .containsEntry("count", "5");
              assertThat(o.details().get("examples").split(" ")).hasSize(SitePolicy.EXAMPLES);
            });
    assertThat(p.details("a.test")).containsEntry("robotsRefused", "5").doesNotContainKey("budget");
  }

  @Test
  void admitsDisallowedPagesWithAnOverrideAndNotesThem() {
    SitePolicy p =
        policy(
            new CrawlOverrides(null, null, null, null, null, true, "case 9", "li"),
            LinkScorer.NONE);
    assertThat(p.admit(url("http://a.test/members/1"))).isTrue();
    assertThat(p.notesFor("http://a.test/members/1"))
        .containsEntry("robots-override", "case 9 (operator li)");
    assertThat(p.notesFor("http://a.test/")).isEmpty();
  }

  @Test
  void aLinkOverThePageBudgetCostsNoRobotsRequest() {
    java.util.concurrent.atomic.AtomicInteger robotsRequests =
        new java.util.concurrent.atomic.AtomicInteger();
    RobotsRules counting =
        new RobotsRules(
            u -> {
              robotsRequests.incrementAndGet();
              return new RobotsRules.Response(404, new byte[0], null, null);
            },
            "sitewatch",
            10_000);
    SitePolicy p =
        new SitePolicy(
            SiteBudget.of(
                SETTINGS, new CrawlOverrides(2, null, null, null, null, false, null, null)),
            SETTINGS.limits(),
            counting,
            LinkScorer.NONE,
            nanos::get);
    assertThat(p.admit(url("http://www.a.test/1"))).isTrue();
    for (int i = 0; i < 20; i++) {
      assertThat(p.admit(url("http://host" + i + ".a.test/"))).isFalse();
    }
    assertThat(robotsRequests).hasValue(1);
    assertThat(p.details("a.test")).containsEntry("budget", "pages");
  }

  @Test
  void aResumedCrawlSpendsTheBudgetsOfTheEarlierAttempt() {
    SitePolicy p =
        policy(
            new CrawlOverrides(null, null, 6_000L, 60_000L, null, false, null, null),
            LinkScorer.NONE);
    p.resume(10, 5_100, java.time.Duration.ofSeconds(20));
    assertThat(p.mayFetch()).isTrue();
    p.fetched(1_000);
    assertThat(p.mayFetch()).isFalse();
    assertThat(p.details("a.test")).containsEntry("budget", "bytes").containsEntry("bytes", "6100");

    SitePolicy late =
        policy(
            new CrawlOverrides(null, null, null, 60_000L, null, false, null, null),
            LinkScorer.NONE);
    late.resume(3, 0, java.time.Duration.ofSeconds(61));
    assertThat(late.mayFetch()).isFalse();
    assertThat(late.details("a.test")).containsEntry("budget", "duration");
  }

  @Test
  void namesThePageBudgetWhenItKeepsALinkOut() {
    SitePolicy p =
        policy(new CrawlOverrides(2, null, null, null, null, false, null, null), LinkScorer.NONE);
    assertThat(p.admit(url("http://a.test/1"))).isTrue();
    assertThat(p.admit(url("http://a.test/2"))).isFalse();
    assertThat(p.details("a.test"))
        .containsEntry("budget", "pages")
        .containsEntry("budgetLimit", "2")
        .containsEntry("budgetUsed", "2")
        .containsEntry("notFetchedOverBudget", "1");
  }

  @Test
  void stopsBeforeTheNextFetchOnceBytesOrTimeAreUsedUp() {
    SitePolicy bytes =
        policy(
            new CrawlOverrides(null, null, 1000L, null, null, false, null, null), LinkScorer.NONE);
    bytes.fetched(600);
    assertThat(bytes.mayFetch()).isTrue();
    bytes.fetched(600);
    assertThat(bytes.mayFetch()).isFalse();
    assertThat(bytes.details("a.test"))
        .containsEntry("budget", "bytes")
        .containsEntry("budgetUsed", "1200");

    SitePolicy time =
        policy(
            new CrawlOverrides(null, null, null, 5000L, null, false, null, null), LinkScorer.NONE);
    nanos.addAndGet(4_000_000_000L);
    assertThat(time.mayFetch()).isTrue();
    nanos.addAndGet(1_000_000_000L);
    assertThat(time.mayFetch()).isFalse();
    assertThat(time.details("a.test"))
        .containsEntry("budget", "duration")
        .containsEntry("budgetLimit", "5000");
  }

  @Test
  void cutsTrapsBeforeAskingRobotsAndCountsThemPerRule() {
    SitePolicy p = policy(null, LinkScorer.NONE);
    assertThat(p.admit(url("http://a.test/x/x/x/page"))).isFalse();
    assertThat(p.outcomes("a.test", Instant.EPOCH))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.SKIPPED);
              assertThat(o.details()).containsEntry("rule", "trap:repeated-segment");
            });
    assertThat(p.details("a.test"))
        .containsEntry("trapsCut", "1")
        .containsEntry("trap:repeated-segment", "1");
  }
}
