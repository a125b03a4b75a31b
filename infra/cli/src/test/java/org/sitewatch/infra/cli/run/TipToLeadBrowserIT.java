package org.sitewatch.infra.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.sitewatch.common.net.Sites;
import org.sitewatch.infra.cli.BackgroundCommand;
import org.sitewatch.infra.cli.HeadlessChromium;
import org.sitewatch.infra.demo.DemoFarm;
import org.sitewatch.infra.demo.FarmSite;
import org.sitewatch.infra.local.DataDir;

/**
 * The whole way of a citizen's tip, through {@code sitewatch up --tips-port 0} and real headless
 * Chromium with JavaScript on (the proof of work runs in the browser): a tip for an adult-looking
 * farm site on loopback, named by its host (resolved to 127.0.0.1 by {@code --resolve}), is crawled
 * at tip priority, becomes a lead, and the status page for its receipt says "action taken"; the
 * lead counts the tip and the tip points to the lead. A tip for an ordinary farm site ends "not
 * actionable" and opens nothing.
 */
class TipToLeadBrowserIT {
  private static final Duration SETTLED = Duration.ofMinutes(3);

  @Test
  void aCitizensTipForALoopbackSiteBecomesALeadAndTheStatusPageSaysActionTaken(@TempDir Path tmp)
      throws Exception {
    try (DemoFarm farm = DemoFarm.start(InetAddress.getLoopbackAddress(), 0)) {
      FarmSite adult = first(farm, FarmSite.ADULT, true);
      FarmSite plain = first(farm, FarmSite.ORDINARY, false);
      String adultSite = Sites.siteOf(farm.seedUrl(adult));
      String plainSite = Sites.siteOf(farm.seedUrl(plain));
      Path dir = tmp.resolve("data");
      try (BackgroundCommand up =
              BackgroundCommand.start(
                  "up",
                  "--data-dir",
                  dir.toString(),
                  "--workbench-port",
                  "0",
                  "--tips-port",
                  "0",
                  "--allow-loopback",
                  "--resolve",
                  adult.host() + "=127.0.0.1",
                  "--resolve",
                  plain.host() + "=127.0.0.1",
                  "--set",
                  "crawler.only-resolved-hosts=true",
                  "--set",
                  "crawler.warc-dir=" + tmp.resolve("warc"),
                  "--set",
                  "crawler.politeness-delay=50ms",
                  "--set",
                  "tips.pow-bits=10",
                  "--set",
                  "sink.tips.follow-interval=500ms",
                  "--set",
                  // time for the site's verdict after its crawl, even on a busy machine; a tip that
                  // went "not actionable" first would still end "action taken" once the lead opens
                  "sink.tips.verdict-grace=30s");
          HeadlessChromium browser = new HeadlessChromium("en")) {
        URI site =
            URI.create(
                up.awaitOutput(
                    "sitewatch: public tip-off site at (\\S+)", Duration.ofSeconds(120)));
        assertThat(site.getHost()).isEqualTo("127.0.0.1");
        long start = System.nanoTime();

        String adultReceipt = report(browser, site, farm.seedUrl(adult), "paid-content");
        String plainReceipt = report(browser, site, farm.seedUrl(plain), "other");
        assertThat(adultReceipt).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}").isNotEqualTo(plainReceipt);
        // on its way (a loopback crawl may already have ended)
        assertThat(statuses(browser, site, adultReceipt))
            .singleElement()
            .isIn("RECEIVED", "REVIEWING", "ACTION_TAKEN");

        awaitStatus(browser, site, adultReceipt, "ACTION_TAKEN", up);
        System.out.printf(
            "TipToLeadBrowserIT: tip to \"action taken\" in %d ms%n",
            Duration.ofNanos(System.nanoTime() - start).toMillis());
        awaitStatus(browser, site, plainReceipt, "NOT_ACTIONABLE", up);

        try (Connection db = analyst(dir)) {
          List<Object[]> leads = rows(db, "SELECT id, tips FROM lead WHERE site = ?", adultSite);
          assertThat(leads).hasSize(1);
          long leadId = ((Number) leads.get(0)[0]).longValue();
          assertThat(((Number) leads.get(0)[1]).intValue()).isGreaterThanOrEqualTo(1);
          List<Object[]> adultTips =
              rows(db, "SELECT status, lead_id FROM tip WHERE site = ?", adultSite);
          assertThat(adultTips).hasSize(1);
          assertThat(adultTips.get(0)[0]).isEqualTo("ACTION_TAKEN");
          assertThat(((Number) adultTips.get(0)[1]).longValue()).isEqualTo(leadId);
          List<Object[]> history =
              rows(
                  db,
                  "SELECT e.status FROM tip_event e JOIN tip t ON t.id = e.tip_id"
                      + " WHERE t.site = ? ORDER BY e.id",
                  adultSite);
          assertThat(history.get(0)[0]).isEqualTo("RECEIVED");
          assertThat(history.get(history.size() - 1)[0]).isEqualTo("ACTION_TAKEN");

          assertThat(rows(db, "SELECT id FROM lead WHERE site = ?", plainSite)).isEmpty();
          List<Object[]> plainTips =
              rows(db, "SELECT status, lead_id FROM tip WHERE site = ?", plainSite);
          assertThat(plainTips).hasSize(1);
          assertThat(plainTips.get(0)[0]).isEqualTo("NOT_ACTIONABLE");
          assertThat(plainTips.get(0)[1]).isNull();
        }
        assertThat(up.stop(Duration.ofSeconds(90))).as(up.toString()).isZero();
      }
    }
  }

  private static FarmSite first(DemoFarm farm, String kind, boolean lead) {
    return farm.sites().stream()
        .filter(s -> s.kind().equals(kind) && s.expectLead() == lead && s.language().equals("zh"))
        .findFirst()
        .orElseThrow();
  }

  /** Fills the report form as a reporter would, sends it and returns the receipt code shown. */
  private static String report(HeadlessChromium browser, URI site, String url, String category) {
    browser.open(site.resolve("/?lang=en").toString());
    WebElement form = browser.await(By.id("report-form"), Duration.ofSeconds(10));
    form.findElements(By.name("url")).get(0).sendKeys(url);
    WebElement choice = form.findElement(By.name("category"));
    if (choice.getTagName().equals("select")) {
      new Select(choice).selectByValue(category);
    } else {
      form.findElement(By.cssSelector("[name=category][value=" + category + "]")).click();
    }
    form.findElement(By.name("description"))
        .sendKeys("The site asks for a paid membership to see its videos.");
    submit(form);
    return browser.await(By.id("receipt"), Duration.ofSeconds(60)).getText().strip();
  }

  private static void submit(WebElement form) {
    List<WebElement> buttons =
        form.findElements(By.cssSelector("button[type=submit], input[type=submit], button"));
    assertThat(buttons).as("a submit button").isNotEmpty();
    buttons.get(0).click();
  }

  /** The status of each site of the report, as the status page shows them. */
  private static List<String> statuses(HeadlessChromium browser, URI site, String receipt) {
    browser.open(site.resolve("/status?lang=en").toString());
    WebElement field = browser.await(By.name("receipt"), Duration.ofSeconds(10));
    field.sendKeys(receipt);
    WebElement form = field.findElement(By.xpath("./ancestor::form"));
    submit(form);
    browser.await(By.cssSelector("li.tip-status"), Duration.ofSeconds(10));
    return browser.driver().findElements(By.cssSelector("li.tip-status")).stream()
        .map(li -> li.getAttribute("data-status"))
        .toList();
  }

  private static void awaitStatus(
      HeadlessChromium browser, URI site, String receipt, String status, BackgroundCommand up) {
    await()
        .atMost(SETTLED)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(statuses(browser, site, receipt))
                    .as("status of %s; up so far:%n%s", receipt, up)
                    .containsExactly(status));
  }

  private static Connection analyst(Path dataDir) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(DataDir.analystLogin(dataDir))) {
      p.load(r);
    }
    return DriverManager.getConnection(
        p.getProperty("db.jdbc-url"), p.getProperty("db.username"), p.getProperty("db.password"));
  }

  private static List<Object[]> rows(Connection db, String sql, String site) throws Exception {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, site);
      try (ResultSet rs = s.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
