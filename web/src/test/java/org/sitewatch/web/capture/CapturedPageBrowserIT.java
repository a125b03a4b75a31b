package org.sitewatch.web.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.WarcRef;
import org.sitewatch.sink.evidence.warc.DirectoryWarcSource;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.TestWarcs;
import org.sitewatch.web.testing.Workbench;

/**
 * The captured page viewer in a real browser, on a lead written by a hostile operator: script
 * payloads in its site name, page URL, title, snippets and identifiers, and a captured page that
 * tries to run script and to load from a loopback server that counts every request it gets.
 */
class CapturedPageBrowserIT {
  static final String SCRIPT = "<script>window.__pwned=1</script>";
  static final String ATTRIBUTE = "\"><img src=x onerror=window.__pwned=1>";

  /** Markup in the page's text that no snippet covers, so it is not inside a {@code <mark>}. */
  static final String UNMARKED = ATTRIBUTE + " <b>bold</b>";

  static final Instant FETCHED = Instant.parse("2026-11-28T15:30:00Z");

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Workbench workbench;
  static HttpServer counter;
  static final List<String> requests = new CopyOnWriteArrayList<>();
  static long hostile;
  static long elsewhere;
  static long uncaptured;

  @BeforeAll
  static void start() throws IOException {
    counter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    counter.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI().toString());
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    counter.start();
    String remote = "http://127.0.0.1:" + counter.getAddress().getPort();
    Path store = Files.createTempDirectory("capture-warc");
    workbench = Workbench.start(b -> b.warcs(new DirectoryWarcSource(store)));
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("rui", Role.ANALYST, Workbench.BEIJING);

    String url = "javascript:window.__pwned=1//" + ATTRIBUTE;
    String html =
        "<!DOCTYPE html><html><head><title>"
            + SCRIPT.replace("<", "&lt;")
            + "</title>"
            + "<meta http-equiv=refresh content=\"0;url="
            + remote
            + "/refresh\">"
            + "<link rel=stylesheet href=\""
            + remote
            + "/style.css\">"
            + "<link rel=dns-prefetch href=\""
            + remote
            + "/\">"
            + "<script src=\""
            + remote
            + "/script.js\"></script>"
            + "<script>document.title='ran';window.parent.__pwned=1;location='"
            + remote
            + "/inline-script'</script>"
            + "<style>body{background:url("
            + remote
            + "/background.png)}</style></head>"
            + "<body><h1>Members area</h1>"
            + "<p>Open VIP now to see everything.</p>"
            + "<p>Contact "
            + UNMARKED.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            + "</p>"
            + "<img src=\""
            + remote
            + "/remote.png\" alt=\"\">"
            + "<img src=x onerror=\"location='"
            + remote
            + "/onerror'\" alt=\"\">"
            + "<p>"
            + SCRIPT.replace("<", "&lt;")
            + "</p></body></html>";
    WarcRef ref = TestWarcs.appendHtml(store.resolve("pages.warc.gz"), url, html, FETCHED);
    SiteVerdict verdict =
        SiteVerdict.builder()
            .site("pwn" + ATTRIBUTE + ".test")
            .revision(1)
            .flagged(true)
            .score(0.9)
            .pagesScored(1)
            .categories(List.of("profit"))
            .signals(
                List.of(
                    new SignalHit("kw.en.profit.vip", "profit", 0.5, 1, "…Open VIP now…", url),
                    new SignalHit("kw.en.payload", "profit", 0.1, 1, SCRIPT, url)))
            .pages(List.of(new PageRef(url, 0.9, "ab".repeat(32), FETCHED, null, ref)))
            .identifiers(
                List.of(new Identifier("qq", SCRIPT, ATTRIBUTE, url, Map.of("note", SCRIPT))))
            .decidedAt(FETCHED.plusSeconds(60))
            .build();
    hostile = workbench.lead(verdict, Workbench.BEIJING).id();
    elsewhere = workbench.lead("other-bureau.test", 0.7, Workbench.SHANGHAI).id();
    uncaptured = workbench.lead("uncaptured.test", 0.6, Workbench.BEIJING).id();
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
    counter.stop(0);
  }

  @Test
  void hostilePayloadsShowAsTextAndNothingRunsOrLoadsFromTheNetwork() {
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/queue");
      assertThat(browser.find(By.cssSelector("table.queue")).getText())
          .contains("pwn" + ATTRIBUTE + ".test");
      assertNothingRan(browser.driver());

      browser.open("/leads/" + hostile + "/pages/0");
      WebElement text = browser.find(By.cssSelector(".capture-text"));
      assertThat(text.getText()).contains(SCRIPT).contains("Members area").contains(UNMARKED);
      assertThat(browser.findAll(By.cssSelector(".capture-text mark")))
          .extracting(WebElement::getText)
          .contains("Open VIP now", SCRIPT);
      assertThat(browser.find(By.cssSelector(".capture-url")).getText())
          .isEqualTo("javascript:window.__pwned=1//" + ATTRIBUTE);
      assertThat(browser.findAll(By.cssSelector("a[href^='javascript']"))).isEmpty();
      WebElement frame = browser.find(By.cssSelector(".capture-frame iframe"));
      assertThat(frame.getAttribute("sandbox")).isEmpty();
      waitForLoad(browser.driver());
      // the refresh, a script, or a load would reach the counter within this time
      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(requests).as("requests to the loopback server").isEmpty());
      assertNothingRan(browser.driver());

      browser.driver().switchTo().frame(frame);
      assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Members area");
      // the captured script would have set the title to "ran"
      assertThat(browser.find(By.tagName("title")).getAttribute("textContent")).isEqualTo(SCRIPT);
      browser.driver().switchTo().defaultContent();
      assertThat(requests).isEmpty();
      browser.screenshot(Path.of("target", "screenshots", "capture-viewer.png"));
    }
  }

  @Test
  void theFrameIsBlurredAndGreyUntilRevealedUnlessTheUserChoseOtherwise() {
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/leads/" + hostile + "/pages/0");
      WebElement box = browser.find(By.cssSelector(".capture-frame"));
      WebElement frame = box.findElement(By.tagName("iframe"));
      assertThat(box.getAttribute("class")).contains("veiled");
      assertThat(frame.getCssValue("filter")).contains("blur").contains("grayscale(1)");
      box.findElement(By.cssSelector("button.reveal")).click();
      assertThat(box.getAttribute("class")).doesNotContain("veiled");
      assertThat(frame.getCssValue("filter")).isEqualTo("none");
    }
    long rui = workbench.accounts().find("rui").orElseThrow().id();
    workbench
        .accounts()
        .updateSettings(rui, new Account.Settings(Optional.empty(), Optional.empty(), true));
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("rui");
      browser.open("/leads/" + hostile + "/pages/0");
      WebElement box = browser.find(By.cssSelector(".capture-frame"));
      assertThat(box.getAttribute("class")).doesNotContain("veiled");
      assertThat(box.findElement(By.tagName("iframe")).getCssValue("filter")).isEqualTo("none");
    }
  }

  @Test
  void theFrameAnswersWithItsOwnSandboxPolicyAndOtherBureausLeadsAre404() throws Exception {
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      String cookie =
          "sw_session=" + browser.driver().manage().getCookieNamed("sw_session").getValue();
      HttpResponse<String> frame = get(cookie, "/leads/" + hostile + "/pages/0/frame");
      assertThat(frame.statusCode()).isEqualTo(200);
      assertThat(frame.headers().firstValue("Content-Security-Policy"))
          .contains(CaptureFeature.FRAME_CSP);
      assertThat(frame.headers().allValues("Content-Security-Policy")).hasSize(1);
      assertThat(frame.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
      assertThat(frame.headers().firstValue("Content-Type")).contains("text/html;charset=utf-8");
      // a CSS url() stays in the markup: the frame's CSP (img-src data:) is what stops it
      assertThat(frame.body())
          .doesNotContain("<script")
          .doesNotContain("refresh")
          .doesNotContain("/remote.png")
          .doesNotContain("/style.css")
          .contains("/background.png");

      HttpResponse<String> viewer = get(cookie, "/leads/" + hostile + "/pages/0");
      assertThat(viewer.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("frame-ancestors 'none'");
      assertThat(viewer.headers().firstValue("X-Frame-Options")).contains("DENY");

      for (String path :
          List.of(
              "/leads/" + elsewhere + "/pages/0",
              "/leads/" + elsewhere + "/pages/0/frame",
              "/leads/" + hostile + "/pages/1",
              "/leads/" + hostile + "/pages/1/frame",
              "/leads/" + hostile + "/pages/x",
              "/leads/999999/pages/0")) {
        assertThat(get(cookie, path).statusCode()).as(path).isEqualTo(404);
      }

      HttpResponse<String> none = get(cookie, "/leads/" + uncaptured + "/pages/0");
      assertThat(none.statusCode()).isEqualTo(200);
      browser.open("/leads/" + uncaptured + "/pages/0");
      assertThat(browser.find(By.cssSelector(".capture-unavailable")).getText())
          .contains("no WARC record");
    }
  }

  private static HttpResponse<String> get(String cookie, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(workbench.url(path))).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void waitForLoad(WebDriver driver) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "complete"
                    .equals(
                        ((JavascriptExecutor) driver).executeScript("return document.readyState")));
  }

  private static void assertNothingRan(WebDriver driver) {
    try {
      String text = driver.switchTo().alert().getText();
      throw new AssertionError("an alert is open: " + text);
    } catch (NoAlertPresentException expected) {
      // good
    }
    assertThat(((JavascriptExecutor) driver).executeScript("return typeof window.__pwned"))
        .isEqualTo("undefined");
  }
}
