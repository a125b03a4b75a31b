package org.sitewatch.web.tips;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.crawl.KafkaCrawlRequests;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.TopicRecords;
import org.sitewatch.web.testing.Workbench;

/**
 * Tips in headless Chromium, on a workbench with a real Kafka broker: hotline staff enter a phone
 * tip and read out its receipt while its crawl request is on the topic; an analyst opens a lead by
 * hand from the tip queue; a supervisor reads the caller's contact on the lead page.
 */
class TipsBrowserIT {
  static final String TOPIC = "sitewatch.crawl-requests";

  static EmbeddedKafka kafka;
  static KafkaCrawlRequests producer;
  static Workbench workbench;
  static TipFixtures tips;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(2, TOPIC);
    producer = new KafkaCrawlRequests(kafka.clientProps(), TOPIC);
    workbench = Workbench.start(b -> b.crawlRequests(producer));
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("sam", Role.SUPERVISOR, Workbench.BEIJING);
    tips = new TipFixtures(workbench);
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
    producer.close();
    kafka.close();
  }

  @Test
  void hotlineStaffEnterAPhoneTipReadTheReceiptAndItsSiteIsSentToBeCrawledAtOnce() {
    // a tip on the site two days earlier raises the new one's crawl priority
    tips.hotline("ring-twice.com.cn", "sam", "first call", null);
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/tips");
      browser.find(By.cssSelector("a.tips-new")).click();
      browser
          .find(By.id("tip-urls"))
          .sendKeys("https://www.ring-twice.com.cn/members\nftp://elsewhere.example.com/");
      new Select(browser.find(By.id("tip-category"))).selectByValue("paid-content");
      browser.find(By.id("tip-description")).sendKeys("caller saw a paid members area");
      browser.find(By.id("tip-contact")).sendKeys("call back 010-5550-0101");
      browser.find(By.cssSelector("#hotline-form button[type=submit]")).click();

      browser.find(By.id("form-errors"));
      List<WebElement> errors = browser.findAll(By.cssSelector("#form-errors .field-error"));
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).getText()).contains("Line 2", "Only http:// and https://");
      assertThat(tips.count("SELECT count(*) FROM tip WHERE site = 'ring-twice.com.cn'"))
          .isEqualTo(1);

      WebElement urls = browser.find(By.id("tip-urls"));
      urls.clear();
      urls.sendKeys("https://www.ring-twice.com.cn/members");
      browser.find(By.cssSelector("#hotline-form button[type=submit]")).click();
      String receipt = browser.find(By.id("receipt")).getText();
      assertThat(receipt).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}");
      assertThat(browser.find(By.cssSelector(".crawl-sending")).getAttribute("data-sending"))
          .isEqualTo("SENT");
      browser.screenshot(Path.of("target", "screenshots", "tips-hotline-en.png"));
    }

    ConsumerRecord<String, CrawlRequest> sent = readOne("ring-twice.com.cn");
    CrawlRequest request = sent.value();
    assertThat(request.source()).isEqualTo(CrawlRequest.Source.TIP);
    assertThat(request.url()).isEqualTo("https://www.ring-twice.com.cn/members");
    assertThat(request.priority()).isEqualTo(CrawlRequest.TIP_PRIORITY + 1);
    assertThat(
            tips.rows(
                "SELECT r.channel, r.entered_by, t.crawl_sent_at IS NOT NULL FROM tip t"
                    + " JOIN tip_report r ON r.id = t.report_id"
                    + " WHERE t.site = 'ring-twice.com.cn' ORDER BY t.id"))
        .containsExactly("HOTLINE|sam|f", "HOTLINE|ana|t");
  }

  @Test
  void anAnalystOpensALeadByHandFromTheQueueAndASupervisorReadsTheCallersContact() {
    tips.web("grey-area.test", TipCategory.EXPLICIT, "reach-me@example.org", "/gallery");
    tips.notFlagged("grey-area.test");
    tips.keptVerdict("grey-area.test");
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.find(By.linkText("Tips")).click();
      WebElement group = browser.find(By.cssSelector("li.tip-group[data-site='grey-area.test']"));
      assertThat(group.findElement(By.cssSelector(".reported-url")).getText())
          .isEqualTo("http://www.grey-area.test/gallery");
      browser.screenshot(Path.of("target", "screenshots", "tips-en.png"));
      group.findElement(By.cssSelector("form.open-lead button")).click();

      WebElement after = browser.find(By.cssSelector("li.tip-group[data-site='grey-area.test']"));
      assertThat(after.findElement(By.cssSelector(".tip-lead")).getText())
          .isEqualTo("A lead is being opened");
      assertThat(after.findElement(By.cssSelector(".tip-opened")).getText())
          .startsWith("Lead asked for by hand by ana");
      assertThat(after.findElements(By.cssSelector("form.open-lead"))).isEmpty();
    }
    assertThat(
            tips.rows(
                "SELECT e.actor FROM tip_event e JOIN tip t ON t.id = e.tip_id"
                    + " WHERE t.site = 'grey-area.test' AND e.reason = 'opened-by-hand'"))
        .containsExactly("ana");

    // the sink opens the lead from the kept verdict (done here as it would)
    long lead = workbench.lead("grey-area.test", 0.4, Workbench.BEIJING).id();
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("sam");
      browser.open("/leads/" + lead);
      WebElement row = browser.find(By.cssSelector("section.lead-tips tr.tip"));
      assertThat(row.findElement(By.cssSelector(".tip-contact")).getText())
          .isEqualTo("reach-me@example.org");
      assertThat(row.getText()).contains("lead asked for by hand by ana");
      browser.screenshot(Path.of("target", "screenshots", "lead-tips-en.png"));
    }
  }

  private static ConsumerRecord<String, CrawlRequest> readOne(String site) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, CrawlRequest> r : readAll()) {
        if (r.key().equals(site)) {
          return r;
        }
      }
    }
    throw new AssertionError("no crawl request for " + site + " on " + TOPIC);
  }

  /** Every record on the topic so far (to its end offsets, no consumer group). */
  private static List<ConsumerRecord<String, CrawlRequest>> readAll() {
    return TopicRecords.crawlRequests(kafka, TOPIC);
  }
}
