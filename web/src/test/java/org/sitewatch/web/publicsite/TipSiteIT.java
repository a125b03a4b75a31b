package org.sitewatch.web.publicsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.web.crawl.KafkaCrawlRequests;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.TopicRecords;

/**
 * The public site end to end: a real PostgreSQL (the tips role), a real broker, the server on
 * loopback, headless Chromium with and without JavaScript, and plain HTTP for what a browser cannot
 * send. The clock moves 11 minutes before each test, so each starts with fresh rate-limit windows.
 */
class TipSiteIT {
  static final String TOPIC = "sitewatch.crawl-requests";
  static final TipSiteSettings SETTINGS =
      new TipSiteSettings(
          4,
          Duration.ofMinutes(10),
          30,
          Duration.ofMinutes(1),
          8,
          Duration.ofMinutes(30),
          16 * 1024,
          Duration.ofDays(180),
          false,
          Optional.of(PublicClient.PROXY_HEADER));

  static EmbeddedKafka kafka;
  static KafkaCrawlRequests producer;
  static TestDatabase postgres;
  static TestDatabase.RoleDatabases db;
  static final MutableClock clock = new MutableClock(Instant.now());
  static TipSiteServer server;
  static final AtomicInteger clients = new AtomicInteger();

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(2, TOPIC);
    producer = new KafkaCrawlRequests(kafka.clientProps(), TOPIC);
    postgres = TestDatabase.start();
    db = postgres.roleDatabases();
    server =
        TipSiteServer.builder(db.tips())
            .port(0)
            .clock(clock)
            .settings(SETTINGS)
            .crawlRequests(producer)
            .build()
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    producer.close();
    kafka.close();
    postgres.close();
  }

  @BeforeEach
  void freshWindows() {
    clock.advance(Duration.ofMinutes(11));
  }

  /** A client of its own (its own address through the proxy header), reading English. */
  private static PublicClient client() {
    return new PublicClient(server.url(), "203.0.113." + clients.incrementAndGet(), "en");
  }

  // ---- in the browser

  @Test
  void aReportSentInTheBrowserGivesAReceiptIsRecordedItsCrawlRequestQueuedAndItsStatusFollows()
      throws Exception {
    try (Browser browser = new Browser(server.url(), "en", true)) {
      browser.open("/?lang=en");
      browser.find(By.id("url-0")).sendKeys("https://www.alpha-report.cn/videos?page=2");
      browser.find(By.id("url-1")).sendKeys("商店.例子.中国/视频");
      browser.find(By.id("url-2")).sendKeys("alpha-report.cn/members");
      browser.find(By.cssSelector("label[for=category-paid-content]")).click();
      browser.find(By.id("description")).sendKeys("members pay for a subscription");
      // the proof of work (8 bits) is done by pow.js; the question then hides itself
      new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
          .until(d -> !d.findElement(By.name("pow")).getAttribute("value").isEmpty());
      assertThat(browser.find(By.id("question-field")).isDisplayed()).isFalse();
      browser.find(By.cssSelector("#report-form button[type=submit]")).click();

      String receipt = browser.find(By.id("receipt")).getText();
      assertThat(receipt).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}");
      String page = browser.find(By.tagName("main")).getText();
      assertThat(page)
          .contains("商店.例子.中国/%E8%A7%86%E9%A2%91")
          .contains("http://xn--czrs0t.xn--fsqu00a.xn--fiqs8s/%E8%A7%86%E9%A2%91");

      assertThat(tipsOf("alpha-report.cn")).containsExactly("sent 5 2");
      assertThat(tipsOf("xn--fsqu00a.xn--fiqs8s")).containsExactly("sent 5 1");
      CrawlRequest request = requests().get("alpha-report.cn").get(0);
      assertThat(request.source()).isEqualTo(CrawlRequest.Source.TIP);
      assertThat(request.priority()).isEqualTo(CrawlRequest.TIP_PRIORITY);
      assertThat(request.url()).isEqualTo("https://www.alpha-report.cn/videos?page=2");

      assertThat(statusesOf(browser, receipt)).containsExactly("RECEIVED", "RECEIVED");
      setStatus("alpha-report.cn", "ACTION_TAKEN");
      assertThat(statusesOf(browser, receipt)).containsExactly("ACTION_TAKEN", "RECEIVED");
      assertThat(browser.find(By.cssSelector("li.tip-status .state")).getText())
          .isEqualTo("Action taken");
    }
  }

  @Test
  void withoutJavaScriptTheChineseFormIsSentByAnsweringTheQuestionInWords() throws Exception {
    try (Browser browser = new Browser(server.url(), "zh-CN", false)) {
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 1400));
      browser.open("/?lang=zh");
      browser.screenshot(java.nio.file.Path.of("target", "screenshots", "tip-form-phone.png"));
      assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
      String question = browser.find(By.id("challenge-question")).getText();
      assertThat(browser.find(By.id("question-field")).isDisplayed()).isTrue();
      browser.find(By.id("url-0")).sendKeys("http://beta-report.cn/");
      browser.find(By.cssSelector("label[for=category-explicit]")).click();
      // no script ran: no work was done, the question is the way
      assertThat(browser.find(By.name("pow")).getAttribute("value")).isEmpty();
      assertThat(browser.find(By.id("pow-status")).isDisplayed()).isFalse();
      browser.find(By.id("answer")).sendKeys(Integer.toString(chineseAnswer(question)));
      browser.find(By.cssSelector("#report-form button[type=submit]")).click();
      assertThat(browser.find(By.id("receipt")).getText()).hasSize(19);
      browser.screenshot(java.nio.file.Path.of("target", "screenshots", "tip-receipt-phone.png"));
      assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("感谢您的举报，我们已收到");
    }
    assertThat(tipsOf("beta-report.cn")).containsExactly("sent 5 1");
  }

  // ---- every bad input, over plain HTTP: its message, and nothing recorded or queued

  @Test
  void eachBadUrlAnswersItsMessageAndNothingIsRecordedOrQueued() throws Exception {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("ftp://files.gamma-report.cn/", "Only http:// and https://");
    cases.put("javascript:alert(1)", "Only http:// and https://");
    cases.put("http://10.0.0.7/gamma-report", "not a public internet address");
    cases.put("http://169.254.169.254/latest/meta-data/", "not a public internet address");
    cases.put("http://[::1]:8080/", "not a public internet address");
    cases.put("http://127.1/", "not a public internet address");
    cases.put("http://localhost:8080/", "not a public website name");
    cases.put("http://gamma-report.cn/a\u0000b", "invisible or control characters");
    cases.put("http://gamma-report.cn/\u202egpj.exe", "invisible or control characters");
    cases.put("http://gamma-report.cn@evil.gamma-report.com/", "hides its real host");
    cases.put("http://gamma-report.cn/" + "a".repeat(CrawlRequest.MAX_URL_LENGTH), "too long");
    int before = reports();
    for (Map.Entry<String, String> c : cases.entrySet()) {
      PublicClient client = client();
      PublicClient.Response r =
          client.post("/report", client.report("explicit", "http://fine-report.cn/", c.getKey()));
      assertThat(r.status()).as(c.getKey()).isEqualTo(400);
      assertThat(r.body()).as(c.getKey()).contains("id=\"form-errors\"");
      assertThat(fieldErrors(r.body())).as(c.getKey()).hasSize(1);
      assertThat(fieldErrors(r.body()).get(0)).as(c.getKey()).contains(c.getValue());
      // the form keeps what was typed and has a new challenge
      assertThat(r.body()).contains("value=\"http://fine-report.cn/\"");
    }
    assertThat(reports()).isEqualTo(before);
    assertThat(requests()).doesNotContainKeys("fine-report.cn", "gamma-report.cn");
  }

  @Test
  void theOtherFieldsAnswerTheirMessagesAndNothingIsRecorded() throws Exception {
    int before = reports();
    PublicClient c = client();
    List<String> eleven = new ArrayList<>();
    for (int i = 0; i <= org.sitewatch.sink.tips.ReportedUrls.MAX_URLS; i++) {
      eleven.add("http://delta-report.cn/" + i);
    }
    assertRefused(
        c.post("/report", c.report("explicit", eleven.toArray(String[]::new))),
        "at most 10 different addresses");
    assertRefused(c.post("/report", c.report("explicit", "", " ")), "at least one website");
    assertRefused(
        c.post("/report", c.report("", "http://delta-report.cn/")), "choose what the website");
    assertRefused(
        c.post("/report", c.report("nonsense", "http://delta-report.cn/")),
        "choose what the website");
    PublicClient d = client();
    assertRefused(
        d.post(
            "/report",
            PublicClient.with(
                d.report("other", "http://delta-report.cn/"), "description", "x".repeat(2001))),
        "at most 2,000 characters");
    assertRefused(
        d.post(
            "/report",
            PublicClient.with(
                d.report("other", "http://delta-report.cn/"), "contact", "x".repeat(201))),
        "at most 200 characters");
    assertRefused(
        d.post(
            "/report",
            PublicClient.with(
                d.report("other", "http://delta-report.cn/"), "description", "a\u0000b")),
        "invisible or control characters");
    // a form sent back shows an internationalised name in both forms
    PublicClient.Response idn = d.post("/report", d.report("", "商店.样例.中国/"));
    assertRefused(idn, "choose what the website");
    assertThat(idn.body())
        .contains("id=\"idn-names\"")
        .contains("商店.样例.中国")
        .contains("xn--czrs0t.xn--fsq541d.xn--fiqs8s");
    assertThat(reports()).isEqualTo(before);
    assertThat(requests()).doesNotContainKeys("delta-report.cn", "xn--fsq541d.xn--fiqs8s");
  }

  @Test
  void aFilledHoneypotIsRefusedWithoutSayingWhyAndRecordsNothing() throws Exception {
    int before = reports();
    PublicClient c = client();
    PublicClient.Response r =
        c.post(
            "/report",
            PublicClient.with(
                c.report("explicit", "http://epsilon-report.cn/"),
                "homepage",
                "http://spam.example/"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(fieldErrors(r.body()))
        .containsExactly("The report could not be taken. Please check the form and send it again.");
    assertThat(reports()).isEqualTo(before);
    assertThat(requests()).doesNotContainKey("epsilon-report.cn");
  }

  @Test
  void theChallengeMustBeThereFreshUnusedAndSolved() throws Exception {
    int before = reports();
    PublicClient c = client();
    List<Map.Entry<String, String>> good = c.report("explicit", "http://zeta-report.cn/");
    assertRefused(c.post("/report", PublicClient.with(good, "challenge", "")), "no valid check");
    assertRefused(
        c.post("/report", PublicClient.with(good, "challenge", "1.2.3.forged")), "no valid check");

    PublicClient.Form f = c.form();
    List<Map.Entry<String, String>> unanswered =
        PublicClient.with(PublicClient.with(good, "challenge", f.challenge()), "pow", "");
    assertRefused(c.post("/report", unanswered), "Please answer the question");

    f = c.form();
    int wrong = PublicClient.answer(f.question()) + 1;
    assertRefused(
        c.post(
            "/report",
            PublicClient.with(
                PublicClient.with(PublicClient.with(good, "challenge", f.challenge()), "pow", ""),
                "answer",
                Integer.toString(wrong))),
        "answer to the question was wrong");
    assertThat(reports()).isEqualTo(before);

    // a solved form is taken once; sent again it is refused
    PublicClient e = client();
    List<Map.Entry<String, String>> once = e.report("explicit", "http://zeta-report.cn/");
    assertThat(e.post("/report", once).status()).isEqualTo(200);
    assertRefused(e.post("/report", once), "already sent");

    // a form left open longer than the challenge lifetime
    List<Map.Entry<String, String>> old = e.report("explicit", "http://zeta-report.cn/");
    clock.advance(SETTINGS.challengeLifetime().plusSeconds(1));
    assertRefused(e.post("/report", old), "open too long");

    // the answer path: the question in words, answered in digits
    PublicClient g = client();
    PublicClient.Form q = g.form();
    List<Map.Entry<String, String>> answered =
        PublicClient.with(
            PublicClient.with(PublicClient.with(good, "challenge", q.challenge()), "pow", ""),
            "answer",
            Integer.toString(PublicClient.answer(q.question())));
    assertThat(g.post("/report", answered).status()).isEqualTo(200);
    assertThat(reports()).isEqualTo(before + 2);
    assertThat(requests().get("zeta-report.cn")).hasSize(2);
  }

  @Test
  void theSameUrlGivenTwiceIsOneUrlOfOneTip() throws Exception {
    PublicClient c = client();
    PublicClient.Response r =
        c.post(
            "/report",
            c.report(
                "solicitation",
                "http://eta-report.cn/x",
                "HTTP://ETA-report.cn/x#again",
                "eta-report.cn/x"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("id=\"receipt\"");
    assertThat(tipsOf("eta-report.cn")).containsExactly("sent 5 1");
    assertThat(requests().get("eta-report.cn")).hasSize(1);
  }

  // ---- abuse

  @Test
  void aClientOverItsLimitGets429WithRetryAfterWhileOthersGoOn() throws Exception {
    PublicClient c = client();
    for (int i = 0; i < SETTINGS.perClientLimit(); i++) {
      // bad forms count as well: each is an attempt
      assertThat(c.post("/report", List.of(Map.entry("url", ""))).status()).isEqualTo(400);
    }
    PublicClient.Response limited =
        c.post("/report", c.report("explicit", "http://theta-report.cn/"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body()).contains("id=\"rate-limited\"").contains("Please wait about 10");
    assertThat(limited.header("Retry-After")).hasValue("600");
    assertThat(requests()).doesNotContainKey("theta-report.cn");

    PublicClient other = client();
    assertThat(other.post("/report", other.report("explicit", "http://theta-report.cn/")).status())
        .isEqualTo(200);
    clock.advance(SETTINGS.perClientWindow());
    assertThat(c.post("/report", c.report("explicit", "http://theta-report.cn/")).status())
        .isEqualTo(200);
  }

  @Test
  void theGlobalLimitHoldsForEveryClient() {
    for (int i = 0; i < SETTINGS.globalLimit(); i++) {
      assertThat(client().post("/report", List.of(Map.entry("url", ""))).status()).isEqualTo(400);
    }
    PublicClient.Response limited = client().post("/report", List.of(Map.entry("url", "")));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).hasValue("60");
    clock.advance(SETTINGS.globalWindow());
    assertThat(client().post("/report", List.of(Map.entry("url", ""))).status()).isEqualTo(400);
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
    try (Socket s = new Socket(server.url().getHost(), server.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      // announces 10 MB and sends none of it: the answer comes without the body
      out.write(
          ("POST /report HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                  + " application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
    // without a declared length (chunked), reading stops at the limit
    byte[] big = ("url=" + "a".repeat(SETTINGS.maxBodyBytes())).getBytes(StandardCharsets.US_ASCII);
    PublicClient.Response chunked =
        client()
            .post(
                "/report",
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)));
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.body()).contains("id=\"too-large\"");
  }

  // ---- the site itself

  @Test
  void noPathOfTheWorkbenchIsServed() {
    PublicClient c = client();
    for (String path :
        List.of(
            "/queue",
            "/login",
            "/logout",
            "/settings",
            "/dashboard",
            "/crawl",
            "/operations",
            "/admin/accounts",
            "/leads/1",
            "/api/openapi.json",
            "/api/leads",
            "/assets/app.css",
            "/assets/app.js",
            "/assets/queue.js",
            "/webjars/echarts/5.6.0/dist/echarts.min.js",
            "/report")) {
      PublicClient.Response r = c.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.headers().allValues("Set-Cookie")).as(path).isEmpty();
    }
    assertThat(c.post("/login", List.of(Map.entry("username", "ana"))).status()).isEqualTo(404);
    for (String path : List.of("/", "/status", "/assets/site.css", "/assets/pow.js")) {
      PublicClient.Response r = c.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.header("Content-Security-Policy"))
          .as(path)
          .hasValue(org.sitewatch.web.http.SecurityHeaders.CSP);
    }
  }

  @Test
  void chineseIsTheDefaultAndEnglishIsChosenByLink() {
    PublicClient zh = new PublicClient(server.url(), null, null);
    PublicClient.Response page = zh.get("/");
    assertThat(page.body()).contains("<html lang=\"zh-CN\">").contains("举报网站");
    assertThat(page.body()).contains("<form id=\"report-form\" method=\"post\" action=\"/report\"");
    PublicClient.Response en = zh.get("/status?lang=en");
    assertThat(en.body()).contains("<html lang=\"en\">").contains("Look up a report");
    assertThat(en.header("Set-Cookie"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("lang=en;"));
  }

  @Test
  void anUnknownReceiptIs404AndTheStatusPageShowsNothingElse() {
    PublicClient c = client();
    PublicClient.Response r =
        c.post("/status", List.of(Map.entry("receipt", "0000-0000-0000-0000")));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("id=\"unknown-receipt\"").doesNotContain("class=\"tip-status\"");
    assertThat(c.post("/status", List.of(Map.entry("receipt", "<script>"))).status())
        .isEqualTo(404);
  }

  @Test
  void receiptLookUpsAreRateLimitedPerClient() {
    PublicClient c = client();
    List<Map.Entry<String, String>> unknown = List.of(Map.entry("receipt", "0000-0000-0000-0000"));
    for (int i = 0; i < RateLimits.STATUS_PER_CLIENT; i++) {
      assertThat(c.post("/status", unknown).status()).isEqualTo(404);
    }
    PublicClient.Response limited = c.post("/status", unknown);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body()).contains("id=\"rate-limited\"");
    assertThat(limited.header("Retry-After")).hasValue("600");
    assertThat(client().post("/status", unknown).status()).isEqualTo(404);
  }

  @Test
  void theClientAddressIsStoredOnlyAsAKeyedHash() throws Exception {
    PublicClient c = new PublicClient(server.url(), "192.0.2.77", "en");
    PublicClient.Response r =
        c.post(
            "/report",
            PublicClient.with(
                c.report("other", "http://iota-report.cn/"), "contact", "reporter@example.org"));
    assertThat(r.status()).isEqualTo(200);
    try (Connection conn = db.admin().getConnection();
        PreparedStatement s =
            conn.prepareStatement(
                "SELECT r.client_hash, r::text, c.contact FROM tip_report r"
                    + " JOIN tip t ON t.report_id = r.id LEFT JOIN tip_contact c ON c.report_id ="
                    + " r.id WHERE t.site = 'iota-report.cn'")) {
      ResultSet rs = s.executeQuery();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).matches("[0-9a-f]{32}");
      assertThat(rs.getString(2)).doesNotContain("192.0.2.77");
      assertThat(rs.getString(3)).isEqualTo("reporter@example.org");
    }
  }

  @Test
  void whenTheBrokerIsAwayTheReporterStillGetsAReceiptAndTheTipWaitsUnsent() throws Exception {
    try (KafkaCrawlRequests away =
            new KafkaCrawlRequests(
                Map.of("bootstrap.servers", "127.0.0.1:1"), TOPIC, Duration.ofSeconds(1));
        TipSiteServer site =
            TipSiteServer.builder(db.tips())
                .port(0)
                .clock(clock)
                .settings(SETTINGS)
                .crawlRequests(away)
                .build()
                .start()) {
      PublicClient c = new PublicClient(site.url(), "203.0.113.250", "en");
      PublicClient.Response r = c.post("/report", c.report("explicit", "http://kappa-report.cn/"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("id=\"receipt\"");
    }
    assertThat(tipsOf("kappa-report.cn")).containsExactly("unsent 5 1");
  }

  // ---- helpers

  private static void assertRefused(PublicClient.Response r, String message) {
    assertThat(r.status()).as(message).isEqualTo(400);
    assertThat(r.body()).contains("id=\"form-errors\"");
    assertThat(fieldErrors(r.body())).as(message).anyMatch(e -> e.contains(message));
  }

  private static final Pattern FIELD_ERROR =
      Pattern.compile("<p class=\"field-error\">([^<]*)</p>");

  private static List<String> fieldErrors(String page) {
    List<String> errors = new ArrayList<>();
    Matcher m = FIELD_ERROR.matcher(page);
    while (m.find()) {
      errors.add(m.group(1).replace("&#34;", "\"").replace("&amp;", "&").replace("&#39;", "'"));
    }
    return errors;
  }

  private static List<String> statusesOf(Browser browser, String receipt) {
    browser.open("/status");
    browser.find(By.id("receipt-code")).sendKeys(receipt.toLowerCase());
    browser.find(By.cssSelector("#status-form button[type=submit]")).click();
    browser.find(By.cssSelector("li.tip-status"));
    return browser.findAll(By.cssSelector("li.tip-status")).stream()
        .map((WebElement e) -> e.getAttribute("data-status"))
        .toList();
  }

  private static int chineseAnswer(String question) {
    String digits = "零一二三四五六七八九";
    boolean plus = question.contains("加");
    String[] parts = question.replace("等于几？", "").split(plus ? "加" : "减");
    int a = chineseNumber(parts[0], digits);
    int b = chineseNumber(parts[1], digits);
    return plus ? a + b : a - b;
  }

  private static int chineseNumber(String s, String digits) {
    if (s.equals("十")) {
      return 10;
    }
    if (s.equals("二十")) {
      return 20;
    }
    if (s.startsWith("十")) {
      return 10 + digits.indexOf(s.charAt(1));
    }
    return digits.indexOf(s.charAt(0));
  }

  private static int reports() throws SQLException {
    try (Connection c = db.admin().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM tip_report")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Each tip of the site as "sent|unsent priority number-of-urls". */
  private static List<String> tipsOf(String site) throws SQLException {
    List<String> tips = new ArrayList<>();
    try (Connection c = db.admin().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT crawl_sent_at IS NOT NULL, priority, cardinality(urls) FROM tip"
                    + " WHERE site = ? ORDER BY id")) {
      s.setString(1, site);
      ResultSet rs = s.executeQuery();
      while (rs.next()) {
        tips.add((rs.getBoolean(1) ? "sent " : "unsent ") + rs.getInt(2) + " " + rs.getInt(3));
      }
    }
    return tips;
  }

  private static void setStatus(String site, String status) throws SQLException {
    try (Connection c = db.owner().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE tip SET status = ?, status_reason = 'lead', status_at = now()"
                    + " WHERE site = ?")) {
      s.setString(1, status);
      s.setString(2, site);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  /** Every crawl request on the topic, by site (read to the end offsets). */
  private static Map<String, List<CrawlRequest>> requests() {
    Map<String, List<CrawlRequest>> bySite = new HashMap<>();
    for (ConsumerRecord<String, CrawlRequest> r : TopicRecords.crawlRequests(kafka, TOPIC)) {
      bySite.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
    }
    return bySite;
  }
}
