package org.sitewatch.web.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.SignedInHttp;
import org.sitewatch.web.testing.TopicRecords;
import org.sitewatch.web.testing.Workbench;

class CrawlIT {
  static final String TOPIC = "sitewatch.crawl-requests";

  static EmbeddedKafka kafka;
  static KafkaCrawlRequests producer;
  static Workbench workbench;
  static SignedInHttp ana;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(2, TOPIC);
    producer = new KafkaCrawlRequests(kafka.clientProps(), TOPIC);
    workbench = Workbench.start(b -> b.crawlRequests(producer));
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("audrey", Role.AUDITOR);
    ana = SignedInHttp.signIn(workbench, "ana");
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
    producer.close();
    kafka.close();
  }

  @Test
  void theFormPublishesAnAnalystRequestKeyedBySiteAndRecordsItUnderTheSignedInName()
      throws Exception {
    HttpResponse<String> sent =
        ana.post(
            "/crawl",
            Map.of("url", "https://www.kappa-shop.test/vip?ref=1", "requested_by", "someone"));
    assertThat(sent.statusCode()).isEqualTo(302);
    assertThat(sent.headers().firstValue("Location")).hasValue("/crawl?sent=kappa-shop.test");

    ConsumerRecord<String, CrawlRequest> record = readOne("kappa-shop.test");
    assertThat(record.key()).isEqualTo("kappa-shop.test");
    CrawlRequest request = record.value();
    assertThat(request.source()).isEqualTo(CrawlRequest.Source.ANALYST);
    assertThat(request.site()).isEqualTo("kappa-shop.test");
    assertThat(request.url()).isEqualTo("https://www.kappa-shop.test/vip?ref=1");
    assertThat(request.priority()).isGreaterThanOrEqualTo(CrawlRequest.TIP_PRIORITY);
    assertThat(request.hops()).isZero();

    assertThat(recorded("kappa-shop.test")).containsExactly("ana");
    assertThat(ana.get("/crawl?sent=kappa-shop.test").body())
        .contains("https://www.kappa-shop.test/vip?ref=1", "sent, no lead yet")
        .contains("Sent kappa-shop.test to be crawled.");
    assertThat(ana.get("/crawl?sent=elsewhere.test").body()).doesNotContain("elsewhere.test");
  }

  @Test
  void aUrlThatIsNotHttpIsRefusedAndNothingIsSentOrRecorded() throws Exception {
    for (String url :
        List.of(
            "ftp://files.lambda-shop.test/",
            "javascript:alert(1)",
            "lambda-shop.test",
            "https://lambda-shop.test/" + "a".repeat(CrawlRequest.MAX_URL_LENGTH))) {
      HttpResponse<String> refused = ana.post("/crawl", Map.of("url", url));
      assertThat(refused.statusCode()).as(url).isEqualTo(400);
      assertThat(refused.body()).contains("http:// or https://");
    }
    assertThat(recorded("lambda-shop.test")).isEmpty();
    assertThat(readAll()).noneMatch(r -> r.key().equals("lambda-shop.test"));
  }

  @Test
  void aRoleWithoutThePermissionIsRefused() throws Exception {
    SignedInHttp audrey = SignedInHttp.signIn(workbench, "audrey");
    assertThat(audrey.get("/crawl").statusCode()).isEqualTo(403);
    assertThat(audrey.get("/crawl/requests").statusCode()).isEqualTo(403);
    assertThat(audrey.post("/crawl", Map.of("url", "https://mu-shop.test/")).statusCode())
        .isEqualTo(403);
    assertThat(recorded("mu-shop.test")).isEmpty();
  }

  @Test
  void theProgressTurnsToTheVerdictWithoutReloadingOnceTheSiteIsFlagged() throws Exception {
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/crawl");
      browser.find(By.name("url")).sendKeys("http://nu-shop.test/");
      browser.find(By.cssSelector("form.crawl button[type=submit]")).click();
      By row = By.xpath("//tr[td[normalize-space()='nu-shop.test']]");
      assertThat(browser.find(row).getAttribute("data-state")).isEqualTo("WAITING");

      JsonNode before = progress("nu-shop.test");
      assertThat(before.get("state").asText()).isEqualTo("WAITING");

      long lead = workbench.lead(flaggedNow("nu-shop.test"), Workbench.BEIJING).id();
      new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
          .until(d -> "FLAGGED".equals(d.findElement(row).getAttribute("data-state")));
      assertThat(browser.find(row).findElement(By.cssSelector("td.lead a")).getAttribute("href"))
          .endsWith("/leads/" + lead);
      assertThat(browser.find(row).findElement(By.cssSelector("td.state")).getText())
          .isEqualTo("verdict: flagged");
      browser.screenshot(java.nio.file.Path.of("target", "screenshots", "crawl.png"));
    }
  }

  @Test
  void aLeadOfAnotherBureauReadsAsNoLeadInTheProgress() throws Exception {
    assertThat(ana.post("/crawl", Map.of("url", "https://xi-shop.test/")).statusCode())
        .isEqualTo(302);
    workbench.lead(flaggedNow("xi-shop.test"), Workbench.SHANGHAI);
    JsonNode progress = progress("xi-shop.test");
    assertThat(progress.get("state").asText()).isEqualTo("WAITING");
    assertThat(progress.get("lead").isNull()).isTrue();
  }

  @Test
  void aSiteWithALeadWaitsForAVerdictNewerThanTheRequestAndShowsItEvenUnflagged() throws Exception {
    workbench.lead(
        verdict("omega-shop.test", 1, true, Instant.now().minusSeconds(3600)), Workbench.BEIJING);
    assertThat(ana.post("/crawl", Map.of("url", "https://omega-shop.test/")).statusCode())
        .isEqualTo(302);
    JsonNode waiting = progress("omega-shop.test");
    assertThat(waiting.get("state").asText()).isEqualTo("WAITING");
    assertThat(waiting.get("lead").asText()).startsWith("/leads/");

    workbench.lead(verdict("omega-shop.test", 2, false, Instant.now().plusSeconds(1)));
    assertThat(progress("omega-shop.test").get("state").asText()).isEqualTo("NOT_FLAGGED");
  }

  @Test
  void withoutKafkaTheFormSaysSoAndSendsNothing() throws Exception {
    try (Workbench plain = Workbench.start()) {
      plain.account("ana", Role.ANALYST, Workbench.BEIJING);
      SignedInHttp session = SignedInHttp.signIn(plain, "ana");
      assertThat(session.get("/crawl").body()).contains("runs without Kafka");
      HttpResponse<String> refused = session.post("/crawl", Map.of("url", "https://omicron.test/"));
      assertThat(refused.statusCode()).isEqualTo(503);
    }
  }

  private static JsonNode progress(String site) throws Exception {
    JsonNode body = new ObjectMapper().readTree(ana.get("/crawl/requests").body());
    List<String> ids = new ArrayList<>();
    try (Connection c = workbench.databases().admin().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id FROM workbench_crawl_request WHERE site = '" + site + "'")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    for (JsonNode r : body.get("requests")) {
      if (ids.contains(r.get("id").asText())) {
        return r;
      }
    }
    throw new AssertionError("no request for " + site + " in " + body);
  }

  private static SiteVerdict flaggedNow(String site) {
    return verdict(site, 1, true, Instant.now().plusSeconds(1));
  }

  private static SiteVerdict verdict(String site, long revision, boolean flagged, Instant at) {
    String page = "https://" + site + "/vip";
    Instant now = at.minusSeconds(1);
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        revision,
        flagged,
        0.9,
        1,
        List.of("profit"),
        List.of(new SignalHit("kw.zh.vip", "profit", 1.8, 3, "members only offer", page)),
        List.of(new PageRef(page, 0.9, "ab".repeat(32), now.minusSeconds(5))),
        "lex-1",
        now.plusSeconds(1),
        List.of("for-profit"),
        List.of(),
        List.of());
  }

  private static List<String> recorded(String site) throws SQLException {
    List<String> by = new ArrayList<>();
    try (Connection c = workbench.databases().admin().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT requested_by FROM workbench_crawl_request WHERE site = '" + site + "'")) {
      while (rs.next()) {
        by.add(rs.getString(1));
      }
    }
    return by;
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
