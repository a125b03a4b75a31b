package org.sitewatch.web.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.Workbench;

class QueueBrowserIT {
  static final String MARKUP_SITE = "<em class=\"injected\">loud</em>.test";
  static final String LATE_MARKUP_SITE = "<b class=\"injected\">late</b>.test";

  static Workbench workbench;
  static Browser browser;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.lead(
        verdict("tea-room.test", 0.8, List.of("solicitation"), List.of("explicit"))
            .identifiers(List.of(new Identifier("qq", "55443322", "QQ 55443322", "", Map.of())))
            .build(),
        Workbench.BEIJING);
    workbench.lead(
        verdict("movie-hall.test", 0.7, List.of("for-profit"), List.of("profit")).build(),
        Workbench.BEIJING);
    workbench.lead(
        verdict("class-notes.test", 0.4, List.of("for-profit"), List.of("minors")).build(),
        Workbench.BEIJING);
    workbench.lead(
        verdict(MARKUP_SITE, 0.3, List.of("without-profit"), List.of("explicit")).build(),
        Workbench.BEIJING);
    workbench.lead(
        verdict("far-away.test", 0.9, List.of("solicitation"), List.of("explicit")).build(),
        Workbench.SHANGHAI);
    browser = new Browser(workbench);
    browser.signIn("ana");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    workbench.close();
  }

  @Test
  void theQueueListsTheBureausLeadsHighestPriorityFirstEachLinkedBySite() {
    browser.open("/queue");
    assertThat(sites())
        // the minors flag puts class-notes first (priority 66 against 57, 48, 17)
        .containsSubsequence("class-notes.test", "tea-room.test", "movie-hall.test", MARKUP_SITE)
        .doesNotContain("far-away.test");
    String href = browser.find(By.linkText("tea-room.test")).getAttribute("href");
    assertThat(href).matches(".*/leads/[0-9]+");
  }

  @Test
  void filtersNarrowTheTable() {
    browser.open("/queue");
    new Select(browser.find(By.name("conduct"))).selectByValue("for-profit");
    submitFilters();
    assertThat(sites()).containsExactly("class-notes.test", "movie-hall.test");
    new Select(browser.find(By.name("flag"))).selectByValue("minors");
    submitFilters();
    assertThat(sites()).containsExactly("class-notes.test");
    assertThat(browser.driver().getCurrentUrl())
        .contains("conduct=for-profit")
        .contains("flag=minors");
  }

  @Test
  void searchFindsALeadByAnIdentifier() {
    browser.open("/queue");
    WebElement q = browser.find(By.name("q"));
    q.clear();
    q.sendKeys("55443322");
    submitFilters();
    assertThat(sites()).containsExactly("tea-room.test");
  }

  @Test
  void aSiteWithMarkupIsShownAsText() {
    browser.open("/queue");
    assertThat(browser.find(By.linkText(MARKUP_SITE)).getText()).isEqualTo(MARKUP_SITE);
    assertThat(browser.findAll(By.cssSelector(".injected"))).isEmpty();
  }

  @Test
  void aLeadOpenedWhileThePageIsOpenAppearsWithoutReloadMarkedNewAndAsText() {
    browser.open("/queue");
    browser.find(By.linkText("tea-room.test"));
    JavascriptExecutor js = (JavascriptExecutor) browser.driver();
    js.executeScript("window.stillTheSamePage = true;");
    // another bureau's lead first: it must never appear
    workbench.lead(
        verdict("elsewhere-late.test", 0.9, List.of("for-profit"), List.of("profit")).build(),
        Workbench.SHANGHAI);
    workbench.lead(
        verdict(LATE_MARKUP_SITE, 0.6, List.of("showing-audio-video"), List.of("live-video"))
            .build(),
        Workbench.BEIJING);
    WebElement link =
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
            .until(
                d ->
                    d.findElements(By.linkText(LATE_MARKUP_SITE)).stream()
                        .findFirst()
                        .orElse(null));
    WebElement row = link.findElement(By.xpath("./ancestor::tr"));
    assertThat(row.getAttribute("class")).contains("fresh");
    assertThat(row.findElement(By.cssSelector(".new-mark")).getText()).isEqualTo("new");
    assertThat(link.getAttribute("href")).matches(".*/leads/[0-9]+");
    assertThat(js.executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
    assertThat(browser.findAll(By.cssSelector(".injected"))).isEmpty();
    assertThat(sites().get(0)).isEqualTo(LATE_MARKUP_SITE);
    assertThat(sites()).doesNotContain("elsewhere-late.test", "far-away.test");
  }

  private static void submitFilters() {
    WebElement form = browser.find(By.cssSelector("form.queue-filters"));
    String before = browser.driver().getCurrentUrl();
    form.findElement(By.cssSelector("button[type=submit]")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(d -> !d.getCurrentUrl().equals(before));
  }

  private static List<String> sites() {
    return browser.findAll(By.cssSelector("#queue-table tbody td.site a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  static SiteVerdict.Builder verdict(
      String site, double score, List<String> conducts, List<String> categories) {
    String page = "https://example.test/" + site.length();
    Instant decided = Instant.parse("2026-11-20T08:00:00Z");
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
        .pages(List.of(new PageRef(page, score, "ab".repeat(32), decided)))
        .lexiconVersion("lex-1")
        .decidedAt(decided)
        .conducts(conducts);
  }
}
