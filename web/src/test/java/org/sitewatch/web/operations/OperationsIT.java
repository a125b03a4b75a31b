package org.sitewatch.web.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.SignedInHttp;
import org.sitewatch.web.testing.Workbench;

class OperationsIT {
  /** A value an operator could put on a page to break out of the graph's markup. */
  static final String HOSTILE = "\"><script>window.pwned=1</script><svg onload=alert(1)>@x.test";

  static Workbench workbench;
  static long mixed;
  static long shanghaiOnly;
  static long hostile;
  static long toSplit;
  static SignedInHttp ana;
  static SignedInHttp root;
  static SignedInHttp audrey;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("root", Role.ADMIN);
    workbench.account("audrey", Role.AUDITOR);
    // one operation across two bureaus, one only in Shanghai
    mixed = lead("alpha-shop.test", Workbench.BEIJING, id("qq", "12345678"));
    lead("beta-shop.test", Workbench.SHANGHAI, id("qq", "12345678"));
    shanghaiOnly = lead("gamma-shop.test", Workbench.SHANGHAI, id("wechat", "vip_kefu88"));
    lead("delta-shop.test", Workbench.SHANGHAI, id("wechat", "vip_kefu88"));
    hostile = lead("eps-shop.test", Workbench.BEIJING, id("email", HOSTILE));
    lead("zeta-shop.test", Workbench.BEIJING, id("email", HOSTILE));
    toSplit = lead("kappa-shop.test", Workbench.BEIJING, id("phone", "13800138000"));
    lead("lambda-shop.test", Workbench.SHANGHAI, id("phone", "13800138000"));
    ana = SignedInHttp.signIn(workbench, "ana");
    root = SignedInHttp.signIn(workbench, "root");
    audrey = SignedInHttp.signIn(workbench, "audrey");
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void anAnalystSeesAnOperationOnlyThroughTheLeadsOfHerBureau() {
    String list = ana.get("/operations").body();
    assertThat(list).contains("alpha-shop.test").doesNotContain("beta-shop.test");
    assertThat(list).doesNotContain("gamma-shop.test", "delta-shop.test");

    HttpResponse<String> detail = ana.get("/operations/" + mixed);
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body()).contains("alpha-shop.test", "12345678");
    assertThat(detail.body()).doesNotContain("beta-shop.test");

    assertThat(ana.get("/operations/" + shanghaiOnly).statusCode()).isEqualTo(404);
    assertThat(ana.get("/operations/" + shanghaiOnly).body()).doesNotContain("gamma-shop.test");
    assertThat(ana.get("/operations/999999").statusCode()).isEqualTo(404);
  }

  @Test
  void anAuditorSeesEveryMemberOfEveryOperation() {
    assertThat(audrey.get("/operations").body())
        .contains("alpha-shop.test", "beta-shop.test", "gamma-shop.test", "delta-shop.test");
    assertThat(audrey.get("/operations/" + shanghaiOnly).body())
        .contains("gamma-shop.test", "delta-shop.test");
  }

  @Test
  void theGraphDrawsLeadsAndIdentifiersAndEscapesAHostileIdentifierValue() {
    String body = ana.get("/operations/" + hostile).body();
    String svg = body.substring(body.indexOf("<svg"), body.indexOf("</svg>"));
    assertThat(svg).contains("eps-shop.test", "zeta-shop.test");
    assertThat(svg).contains("<line class=\"edge\"");
    assertThat(svg).contains("&lt;script&gt;window.pwned=1&lt;/script&gt;");
    assertThat(body).doesNotContain("<script>window.pwned", "<svg onload");
  }

  @Test
  void theGraphShowsInABrowserWithLeadNodesThatOpenTheirLead() {
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/operations/" + hostile);
      WebElement svg = browser.find(By.cssSelector("svg.op-graph"));
      assertThat(svg.findElements(By.cssSelector("circle.node.lead"))).hasSize(2);
      assertThat(svg.findElements(By.cssSelector("rect.node.identifier"))).hasSize(1);
      assertThat(svg.findElements(By.cssSelector("line.edge"))).hasSize(2);
      assertThat(svg.getText()).contains("<script>window.pwned=1</script>".substring(0, 20));
      assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.pwned"))
          .isNull();
      browser.screenshot(Path.of("target", "screenshots", "operation.png"));
      svg.findElement(By.cssSelector("a")).click();
      new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
          .until(d -> d.getCurrentUrl().contains("/leads/"));
    }
  }

  @Test
  void anAdminIgnoresTheIdentifierThatHeldAnOperationTogetherAndItSplits() throws Exception {
    assertThat(root.get("/operations/" + toSplit).statusCode()).isEqualTo(200);

    HttpResponse<String> ignored =
        root.post(
            "/operations/ignore",
            Map.of("type", "phone", "value", "13800138000", "reason", "a reseller's hotline"));
    assertThat(ignored.statusCode()).isEqualTo(302);
    assertThat(ignored.headers().firstValue("Location"))
        .hasValue("/operations/ignored?done=ignored");

    assertThat(root.get("/operations/" + toSplit).statusCode()).isEqualTo(404);
    assertThat(root.get("/operations").body()).doesNotContain("kappa-shop.test");
    assertThat(root.get("/operations/ignored").body())
        .contains("13800138000", "a reseller's hotline", "root");
    assertThat(lastIgnoreLogActor()).isEqualTo("root");

    assertThat(
            root.post("/operations/unignore", Map.of("type", "phone", "value", "13800138000"))
                .statusCode())
        .isEqualTo(302);
    assertThat(root.get("/operations/" + toSplit).statusCode()).isEqualTo(200);
  }

  @Test
  void onlyAdminsMayChangeTheIgnoreListAndAReasonIsRequired() {
    Map<String, String> form = Map.of("type", "qq", "value", "12345678", "reason", "no");
    assertThat(ana.post("/operations/ignore", form).statusCode()).isEqualTo(403);
    assertThat(audrey.post("/operations/ignore", form).statusCode()).isEqualTo(403);
    assertThat(ana.get("/operations/ignored").statusCode()).isEqualTo(403);
    HttpResponse<String> noReason =
        root.post("/operations/ignore", Map.of("type", "qq", "value", "12345678", "reason", " "));
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(root.get("/operations/" + mixed).statusCode()).isEqualTo(200);
  }

  private static String lastIgnoreLogActor() throws SQLException {
    try (Connection c = workbench.databases().admin().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT actor FROM identifier_ignore_log ORDER BY id DESC LIMIT 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Identifier id(String type, String value) {
    return new Identifier(type, value, "contact " + type, "", Map.of());
  }

  /** Opens a lead for {@code site} holding {@code identifier}, routed to {@code bureau}. */
  private static long lead(String site, String bureau, Identifier identifier) {
    String page = "https://" + site + "/vip";
    SiteVerdict verdict =
        new SiteVerdict(
            SiteVerdict.VERSION,
            site,
            1,
            true,
            0.9,
            1,
            List.of("profit"),
            List.of(new SignalHit("kw.zh.vip", "profit", 1.8, 3, "members only offer", page)),
            List.of(new PageRef(page, 0.9, "ab".repeat(32), Instant.now().minusSeconds(60))),
            "lex-1",
            Instant.now(),
            List.of("for-profit"),
            List.of(identifier),
            List.of());
    return workbench.lead(verdict, bureau).id();
  }
}
