package org.sitewatch.classifier.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.classifier.page.Fixtures.explain;
import static org.sitewatch.classifier.page.Fixtures.fires;
import static org.sitewatch.classifier.page.Fixtures.signal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.page.Fixtures;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.SignalHit;

/** Structure signals, injected-link findings and identifiers, on fixtures and small pages. */
class StructureSignalsTest {
  private static final PageClassifier classifier = Fixtures.classifier();

  private static PageScore fixture(String name) {
    return Fixtures.classifyFixture(name);
  }

  private static PageScore html(String html) {
    return Fixtures.classifyHtml(html);
  }

  @ParameterizedTest(name = "{0} fires {1}, flagged={2}")
  @CsvSource({
    "zh-adult-thumb-grid.html, structure.thumb-grid,      true",
    "zh-adult-thumb-grid.html, structure.video-heavy,     true",
    "en-adult-2257.html,       structure.2257,            true",
    "en-adult-2257.html,       structure.age-gate-dialog, true",
    "zh-adult-agegate.html,    structure.age-gate-dialog, true",
    "zh-cloaking.html,         structure.hidden-text,     true",
    "zh-adult-vip.html,        structure.qr-payment,      true",
    "zh-adult-vip.html,        structure.membership-tiers, true",
    "zh-contacts-payments.html, structure.top-up-amount,  false",
    "zh-contacts-payments.html, identifier.payment-account, false",
  })
  void firesStructureSignalsWithEvidence(String fixture, String id, boolean flagged) {
    PageScore score = fixture(fixture);
    SignalHit hit = signal(score, id);
    assertThat(hit.snippet()).isNotBlank();
    assertThat(hit.url()).isEqualTo("https://site.test/" + fixture);
    assertThat(score.flagged()).as(explain(score)).isEqualTo(flagged);
  }

  @ParameterizedTest(name = "{0} fires no structure signal")
  @CsvSource({
    "zh-news-crackdown.html", "zh-sex-education.html", "en-news-crackdown.html",
    "zh-ordinary-recipe.html", "en-ordinary-blog.html", "zh-lingerie-shop.html",
    "en-lingerie-shop.html", "zh-footer-filings.html", "zh-footer-forged.html",
    "zh-blog-injected-links.html"
  })
  void leavesOrdinaryPagesWithoutNewStructureSignals(String fixture) {
    PageScore score = fixture(fixture);
    assertThat(score.signals())
        .extracting(SignalHit::id)
        .noneMatch(id -> id.startsWith("structure.") && !id.equals("structure.price-per-period"));
    assertThat(score.flagged()).isFalse();
  }

  @Test
  void reportsInjectedHiddenLinksAsAFindingWithoutRaisingTheScore() {
    PageScore score = fixture("zh-blog-injected-links.html");
    assertThat(score.flagged()).as(explain(score)).isFalse();
    assertThat(score.score()).isLessThan(0.05);
    assertThat(score.signals()).extracting(SignalHit::category).doesNotContain("explicit");
    assertThat(score.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("injected-links");
              assertThat(f.detail())
                  .contains(
                      "seqing-tube.test",
                      "av-free.test",
                      "xxx-night.test",
                      "wuma-online.test",
                      "off-screen")
                  .doesNotContain("kitchen-friends.test");
              assertThat(f.snippet()).contains("left:-9999px");
              assertThat(f.url()).isEqualTo("https://site.test/zh-blog-injected-links.html");
            });
  }

  @Test
  void scoresTheVictimPageAsIfTheInjectedBlockWereAbsent() {
    String clean = Fixtures.page("zh-ordinary-recipe.html");
    String hacked =
        clean.replace(
            "</body>",
            "<div style=\"display:none\">"
                + "<a href=\"http://porn-videos.test/\">成人视频 色情 无码</a></div></body>");
    PageScore before = html(clean);
    PageScore after = html(hacked);
    assertThat(after.score()).isEqualTo(before.score());
    assertThat(after.findings()).extracting(Finding::kind).contains("injected-links");
  }

  @Test
  void ignoresHiddenMenusWithAFewOrdinaryPartnerLinks() {
    PageScore score =
        html(
            "<p>Our shop.</p><ul style=\"display:none\">"
                + "<li><a href=\"https://weibo.test/shop\">Weibo</a></li>"
                + "<li><a href=\"https://twitter.test/shop\">Twitter</a></li></ul>");
    assertThat(score.findings()).isEmpty();
  }

  @Test
  void keepsNoInjectedLinksFindingOnAFlaggedPage() {
    PageScore score =
        html(
            Fixtures.page("zh-adult-rta.html")
                .replace(
                    "</body>",
                    "<div style=\"display:none\"><a href=\"http://xxx-other.test/\">成人视频</a></div></body>"));
    assertThat(score.flagged()).isTrue();
    assertThat(score.findings()).extracting(Finding::kind).doesNotContain("injected-links");
  }

  @Test
  void hiddenTextWithoutAdultWordsIsNoSignal() {
    PageScore score = html("<p>Menu</p><div style=\"display:none\">Login form, settings</div>");
    assertThat(fires(score, HiddenTextDetector.ID)).isFalse();
  }

  @Test
  void hiddenTextSeenThroughAStyleRuleOfThePage() {
    PageScore score =
        html("<style>.k1 { display: none }</style><p>旅游攻略</p>" + "<div class=\"k1\">成人视频 无码</div>");
    assertThat(signal(score, HiddenTextDetector.ID).snippet()).contains("style rule .k1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "microdata content|<div itemscope><meta itemprop=\"isFamilyFriendly\" content=\"false\"></div>",
        "microdata link|<div itemscope><link itemprop=\"isFamilyFriendly\" href=\"https://schema.org/False\"></div>",
        "rdfa|<div vocab=\"https://schema.org/\"><span property=\"isFamilyFriendly\">false</span></div>",
        "json-ld boolean|<script type=\"application/ld+json\">{\"@type\":\"VideoObject\",\"isFamilyFriendly\": false}</script>",
        "json-ld schema url|<script type=\"application/ld+json\">{\"isFamilyFriendly\":\"https://schema.org/False\"}</script>",
      })
  void readsIsFamilyFriendlyFalseInEveryForm(String form, String markup) {
    PageScore score = html("<html><body>" + markup + "<p>videos</p></body></html>");
    assertThat(fires(score, "meta.family-unfriendly")).as(form + ": " + explain(score)).isTrue();
  }

  @Test
  void familyFriendlyTrueIsNoSignal() {
    PageScore score =
        html(
            "<script type=\"application/ld+json\">{\"isFamilyFriendly\": true}</script>"
                + "<meta itemprop=\"isFamilyFriendly\" content=\"true\">");
    assertThat(fires(score, "meta.family-unfriendly")).isFalse();
  }

  @Test
  void readsTheRtaLabelUnderAnyMetaName() {
    PageScore score =
        html(
            "<html><head><meta name=\"rtalabel\" content=\""
                + StructureDetector.RTA_LABEL
                + "\"></head><body>videos</body></html>");
    assertThat(fires(score, "meta.rta")).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "18 U.S.C. 2257 Record-Keeping Requirements Compliance Statement",
        "18 USC § 2257 statement",
        "Records required pursuant to 18 U.S.C. Section 2257 are kept by the custodian",
        "2257 Exemption Statement",
      })
  void recognises2257Statements(String text) {
    assertThat(fires(html("<footer>" + text + "</footer>"), "structure.2257")).isTrue();
  }

  @Test
  void a2257InAnOrdinaryNumberIsNoStatement() {
    assertThat(
            fires(html("<p>Order 22570 shipped; room 2257 is on floor 22.</p>"), "structure.2257"))
        .isFalse();
  }

  @Test
  void anAgeGateDialogNeedsBothAnEnterAndALeaveControl() {
    String gate = "<div class=\"overlay\"><p>本站内容仅限年满18周岁的成年人浏览</p>%s</div>";
    PageScore both = html(gate.formatted("<button>我已满18岁，进入</button><a href=\"/out\">离开</a>"));
    assertThat(fires(both, "structure.age-gate-dialog")).isTrue();
    PageScore onlyEnter = html(gate.formatted("<button>进入</button>"));
    assertThat(fires(onlyEnter, "structure.age-gate-dialog")).isFalse();
  }

  @Test
  void anOrdinaryVideoGridIsOnlyVideoEvidence() {
    StringBuilder cards = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      cards
          .append("<li><a href=\"/v/")
          .append(i)
          .append("\"><img class=\"thumb\" src=\"/t.jpg\">" + "<span>12:3")
          .append(i)
          .append("</span></a> HD 纪录片 第")
          .append(i)
          .append("集</li>");
    }
    PageScore score = html("<h1>纪录片频道</h1><ul>" + cards + "</ul>");
    assertThat(fires(score, "structure.thumb-grid")).isTrue();
    assertThat(score.categories()).containsOnly("live-video");
    assertThat(score.flagged()).isFalse();
  }

  @Test
  void flagsALinkFarmOfAdultLookingSitesAsExplicitEvidence() {
    StringBuilder links = new StringBuilder();
    String[] hosts = {
      "porn-a.test",
      "xxx-b.test",
      "sex-c.test",
      "av-d.test",
      "jav-e.test",
      "news.test",
      "shop.test",
      "maps.test",
      "mail.test"
    };
    for (String host : hosts) {
      links.append("<a href=\"https://").append(host).append("/\">").append(host).append("</a> ");
    }
    PageScore score = html("<div class=\"friends\">友情链接 " + links + "</div>");
    assertThat(signal(score, "structure.link-farm").snippet()).contains("porn-a.test");
    assertThat(signal(score, "structure.link-farm").category()).isEqualTo("explicit");
  }

  @Test
  void extractsFilingsContactsPaymentsAndAnalyticsFromAPage() {
    PageScore score = fixture("zh-contacts-payments.html");
    assertThat(score.identifiers())
        .extracting(Identifier::type, Identifier::value)
        .contains(
            org.assertj.core.groups.Tuple.tuple("qq", "12345678"),
            org.assertj.core.groups.Tuple.tuple("wechat", "vip_service88"),
            org.assertj.core.groups.Tuple.tuple("phone", "13812345678"),
            org.assertj.core.groups.Tuple.tuple("telegram", "@vip_support_bot"),
            org.assertj.core.groups.Tuple.tuple("telegram", "@night_helper"),
            org.assertj.core.groups.Tuple.tuple("payment", "pay@example.test"),
            org.assertj.core.groups.Tuple.tuple("payment", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
            org.assertj.core.groups.Tuple.tuple("google-analytics", "G-ABC123XYZ9"),
            org.assertj.core.groups.Tuple.tuple("google-analytics", "UA-12345678-2"),
            org.assertj.core.groups.Tuple.tuple("google-tag-manager", "GTM-AB12CD3"),
            org.assertj.core.groups.Tuple.tuple("baidu-tongji", "0123456789abcdef0123456789abcdef"),
            org.assertj.core.groups.Tuple.tuple("cnzz", "1281234567"));
    assertThat(score.identifiers())
        .allSatisfy(
            i -> {
              assertThat(i.snippet()).isNotBlank();
              assertThat(i.url()).isEqualTo("https://site.test/zh-contacts-payments.html");
            });
  }

  @Test
  void reportsAForgedFooterButNotAConsistentOne() {
    PageScore forged = fixture("zh-footer-forged.html");
    assertThat(forged.findings()).extracting(Finding::kind).containsOnly("forged-filing");
    assertThat(forged.findings()).anySatisfy(f -> assertThat(f.detail()).contains("440305"));
    assertThat(forged.flagged()).isFalse();

    PageScore consistent = fixture("zh-footer-filings.html");
    assertThat(consistent.findings()).isEmpty();
    assertThat(consistent.identifiers()).extracting(Identifier::type).containsExactly("icp", "psb");
    assertThat(consistent.identifiers())
        .allSatisfy(i -> assertThat(i.attributes()).containsEntry("consistent", "true"));
  }
}
