package org.sitewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.Workbench;

class LeadPageBrowserIT {
  static Workbench workbench;
  static LeadWorkflow workflow;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("bob", Role.ANALYST, Workbench.BEIJING);
    workbench.account("sue", Role.SUPERVISOR, Workbench.BEIJING);
    workflow = new LeadWorkflow(workbench.databases().analyst(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  /** A lead of the Beijing bureau with a Chinese and an English keyword signal. */
  static Lead shop(String site) {
    return workbench.lead(shopVerdict(site).build(), Workbench.BEIJING);
  }

  static SiteVerdict.Builder shopVerdict(String site) {
    String page = "https://" + site + "/vip";
    // a handle of its own: leads sharing one would be linked as repeat offenders
    String qq = Long.toString(10_000_000L + Math.floorMod(site.hashCode(), 89_999_999));
    return SiteVerdict.builder()
        .site(site)
        .revision(1)
        .flagged(true)
        .score(0.9)
        .pagesScored(2)
        .categories(List.of("explicit", "profit"))
        .signals(
            List.of(
                new SignalHit(
                    "kw.zh.chengren-shipin",
                    "explicit",
                    1.8,
                    3,
                    "…今日更新 成人视频 合集 <i>not markup</i>…",
                    page),
                new SignalHit(
                    "kw.en.adult-content",
                    "explicit",
                    1.2,
                    1,
                    "Only adult content here",
                    "https://" + site + "/en")))
        .pages(List.of(new PageRef(page, 0.9, "ab".repeat(32), Instant.now())))
        .identifiers(List.of(new Identifier("qq", qq, "联系QQ " + qq, page, Map.of())))
        .conducts(List.of("for-profit"))
        .lexiconVersion("builtin-test")
        .decidedAt(Instant.now());
  }

  private static void waitForStatus(Browser browser, LeadStatus status) {
    // the page reloads after an action: an element read just before the reload goes stale, which
    // only means "look again"
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d ->
                d.findElements(By.cssSelector("dd.lead-status")).stream()
                    .anyMatch(e -> status.name().equals(e.getAttribute("data-status"))));
  }

  private static void click(Browser browser, LeadAction action) {
    browser.find(By.cssSelector("button[name=action][value=" + action.name() + "]")).click();
  }

  @Test
  void theLeadPageShowsEachSnippetWithItsMatchedWordsMarkedAndCrawledTextEscaped() {
    Lead lead = shop("marked-shop.test");
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/leads/" + lead.id());
      List<String> marks =
          browser.findAll(By.cssSelector("tr.signal mark")).stream()
              .map(WebElement::getText)
              .toList();
      assertThat(marks).containsExactly("成人视频", "adult content");
      assertThat(browser.find(By.cssSelector("tr.signal p.snippet")).getText())
          .contains("<i>not markup</i>");
      assertThat(browser.findAll(By.cssSelector("tr.signal i"))).isEmpty();
      // addresses from the crawled site are text, never links to it
      assertThat(browser.findAll(By.cssSelector("a[href*='marked-shop.test']"))).isEmpty();
      assertThat(browser.find(By.cssSelector("ol.pages a")).getAttribute("href"))
          .endsWith("/leads/" + lead.id() + "/pages/0");
      assertThat(browser.find(By.cssSelector("td.identifier-value")).getText())
          .contains(lead.identifiers().get(0).value());
      browser.screenshot(Path.of("target/screenshots/lead-page.png"));
    }
  }

  @Test
  void theLeadPageShowsWhyEachConductWithSignalEscapedSnippetAndPageAndTheApiCarriesTheReasons()
      throws Exception {
    String site = "why-shop.test";
    String page = "https://" + site + "/vip";
    String hostile = "会员专区 30 元/月 <script>window.reasonRan = true</script><b>members only</b>";
    Lead lead =
        workbench.lead(
            shopVerdict(site)
                .conducts(List.of("for-profit", "showing-audio-video"))
                .conductReasons(
                    List.of(
                        new ConductReason("for-profit", "membership-price", hostile, page),
                        new ConductReason(
                            "for-profit",
                            "payment-method",
                            "扫码支付 \"><img src=x onerror=\"window.reasonRan=true\">",
                            "https://" + site + "/pay?a=1&b=<2>")))
                .build(),
            Workbench.BEIJING);
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/leads/" + lead.id());
      List<WebElement> conducts = browser.findAll(By.cssSelector("section.lead-conducts .conduct"));
      assertThat(conducts)
          .extracting(c -> c.getAttribute("data-conduct"))
          .containsExactly("for-profit", "showing-audio-video");
      List<WebElement> reasons = conducts.get(0).findElements(By.cssSelector("tr.conduct-reason"));
      assertThat(reasons)
          .extracting(r -> r.findElement(By.cssSelector(".reason-signal")).getText())
          .containsExactly("membership-price", "payment-method");
      // the snippet is shown as the page's text: its markup is text, never run or rendered
      assertThat(reasons.get(0).findElement(By.cssSelector(".reason-snippet")).getText())
          .isEqualTo(hostile);
      assertThat(browser.findAll(By.cssSelector("section.lead-conducts script"))).isEmpty();
      assertThat(browser.findAll(By.cssSelector("section.lead-conducts b"))).isEmpty();
      assertThat(browser.findAll(By.cssSelector("section.lead-conducts img"))).isEmpty();
      assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.reasonRan"))
          .isNull();
      // the page it was found on: the captured copy when the lead keeps it, the address as text
      assertThat(reasons.get(0).findElement(By.cssSelector(".reason-page a")).getAttribute("href"))
          .endsWith("/leads/" + lead.id() + "/pages/0");
      assertThat(reasons.get(1).findElements(By.cssSelector(".reason-page a"))).isEmpty();
      assertThat(reasons.get(1).findElement(By.cssSelector(".crawled-url")).getText())
          .isEqualTo("https://" + site + "/pay?a=1&b=<2>");
      assertThat(browser.findAll(By.cssSelector("a[href*='why-shop.test']"))).isEmpty();
      assertThat(conducts.get(1).findElements(By.cssSelector("tr.conduct-reason"))).isEmpty();
      assertThat(conducts.get(1).getText()).contains("No reasons recorded");
      browser.screenshot(Path.of("target/screenshots/lead-page-conducts.png"));

      browser.open("/api/leads/" + lead.id());
      JsonNode api = Json.mapper().readTree(browser.find(By.tagName("body")).getText());
      JsonNode apiReasons = api.path("leadCase").path("lead").path("conductReasons");
      assertThat(apiReasons).hasSize(2);
      assertThat(apiReasons.get(0).path("signal").asText()).isEqualTo("membership-price");
      assertThat(apiReasons.get(0).path("snippet").asText()).isEqualTo(hostile);
      assertThat(apiReasons.get(0).path("url").asText()).isEqualTo(page);
    }
  }

  @Test
  void anAnalystTriagesWithTheTriageButtonAndTheHistoryShowsHerName() {
    Lead lead = shop("triaged-shop.test");
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/leads/" + lead.id());
      browser.find(By.name("note")).sendKeys("first look");
      click(browser, LeadAction.TRIAGE);
      waitForStatus(browser, LeadStatus.TRIAGED);
      assertThat(browser.driver().getCurrentUrl()).endsWith("/leads/" + lead.id());
      WebElement newest = browser.find(By.cssSelector("ol.timeline li.source-action"));
      assertThat(newest.findElement(By.cssSelector(".actor")).getText()).isEqualTo("ana");
      assertThat(newest.findElement(By.cssSelector(".kind")).getText()).isEqualTo("TRIAGED");
      assertThat(newest.findElement(By.cssSelector(".note")).getText()).isEqualTo("first look");
    }
  }

  @Test
  void ofTwoAnalystsActingOnTheSameLeadTheSecondGetsTheConflictPageAndNothingIsOverwritten() {
    Lead lead = shop("contested-shop.test");
    try (Browser ana = new Browser(workbench);
        Browser bob = new Browser(workbench)) {
      ana.signIn("ana");
      bob.signIn("bob");
      ana.open("/leads/" + lead.id());
      bob.open("/leads/" + lead.id());
      waitForStatus(bob, LeadStatus.NEW);

      click(ana, LeadAction.TRIAGE);
      waitForStatus(ana, LeadStatus.TRIAGED);
      click(bob, LeadAction.DISMISS);

      WebElement conflict = bob.find(By.cssSelector("section.conflict"));
      assertThat(conflict.findElement(By.tagName("h1")).getText())
          .isEqualTo("Someone else changed this lead");
      assertThat(conflict.findElement(By.cssSelector("p.error")).getText())
          .contains("Dismiss")
          .contains("new")
          .contains("triaged");
      assertThat(conflict.findElement(By.cssSelector("a.back")).getAttribute("href"))
          .endsWith("/leads/" + lead.id());
    }
    assertThat(workflow.find(Long.toString(lead.id())).orElseThrow().lead().status())
        .isEqualTo(LeadStatus.TRIAGED);
    assertThat(workflow.history(lead.id()))
        .extracting(HistoryEntry::actor, HistoryEntry::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ana", HistoryEntry.Kind.TRIAGED));
  }

  @Test
  void anAnalystHasNoReferButtonAndAForgedReferIsRefusedWhileASupervisorRefers() {
    Lead lead = shop("referred-shop.test");
    workflow.perform(
        lead.id(), LeadAction.TRIAGE, ActionRequest.by("ana").expecting(LeadStatus.NEW));
    workflow.perform(
        lead.id(), LeadAction.CONFIRM, ActionRequest.by("ana").expecting(LeadStatus.TRIAGED));
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/leads/" + lead.id());
      waitForStatus(browser, LeadStatus.CONFIRMED);
      assertThat(browser.findAll(By.cssSelector("button[name=action][value=DISMISS]"))).hasSize(1);
      assertThat(browser.findAll(By.cssSelector("button[value=REFER]"))).isEmpty();
      // forge the form: the dismiss button now posts REFER
      ((JavascriptExecutor) browser.driver())
          .executeScript(
              "document.querySelector('button[value=DISMISS]').setAttribute('value', 'REFER')");
      click(browser, LeadAction.REFER);
      assertThat(browser.find(By.cssSelector("section.error-page h1")).getText()).isEqualTo("403");
    }
    assertThat(workflow.find(Long.toString(lead.id())).orElseThrow().lead().status())
        .isEqualTo(LeadStatus.CONFIRMED);

    try (Browser browser = new Browser(workbench)) {
      browser.signIn("sue");
      browser.open("/leads/" + lead.id());
      click(browser, LeadAction.REFER);
      waitForStatus(browser, LeadStatus.REFERRED);
      WebElement newest = browser.find(By.cssSelector("ol.timeline li.source-action"));
      assertThat(newest.findElement(By.cssSelector(".actor")).getText()).isEqualTo("sue");
      assertThat(newest.findElement(By.cssSelector(".kind")).getText()).isEqualTo("REFERRED");
    }
  }
}
