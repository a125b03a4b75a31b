package org.sitewatch.web.tips;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipStatus;
import org.sitewatch.sink.tips.TipStore;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.WebClient;
import org.sitewatch.web.testing.Workbench;

/**
 * The tips side of the workbench over plain HTTP, on a real database: the tip queue, opening a lead
 * by hand, the hotline form (without Kafka), the lead page's tips and who may see what.
 */
class TipsIT {
  static Workbench workbench;
  static TipFixtures tips;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("sam", Role.SUPERVISOR, Workbench.BEIJING);
    workbench.account("aud", Role.AUDITOR);
    workbench.account("adm", Role.ADMIN);
    workbench.account("bob", Role.ANALYST, Workbench.SHANGHAI);
    tips = new TipFixtures(workbench);
  }

  @AfterAll
  static void stop() throws IOException {
    workbench.close();
  }

  static WebClient signedIn(String name) {
    WebClient c = new WebClient(workbench);
    c.signIn(name);
    return c;
  }

  /** The HTML of one site's group on the queue page. */
  static String group(String body, String site) {
    int start = body.indexOf("<li class=\"tip-group\" data-site=\"" + site + "\"");
    assertThat(start).as("a group for " + site).isNotNegative();
    int end = body.indexOf("<li class=\"tip-group\"", start + 1);
    return body.substring(start, end < 0 ? body.indexOf("</ol>", start) : end);
  }

  // ---- the queue

  @Test
  void theQueueShowsTipsWhoseSiteWasNotFlaggedGroupedBySiteWithTheirUrlsAsText() {
    tips.web("quiet-grove.test", TipCategory.EXPLICIT, null, "/a?x=1&y=2");
    tips.web("quiet-grove.test", TipCategory.SOLICITATION, null, "/b");
    tips.notFlagged("quiet-grove.test");
    tips.web("still-pending.test", TipCategory.EXPLICIT, null, "/");

    WebClient ana = signedIn("ana");
    WebClient.Response queue = ana.get("/tips");
    assertThat(queue.status()).isEqualTo(200);
    String g = group(queue.body(), "quiet-grove.test");
    assertThat(g)
        .contains("<dd class=\"tip-count\">2</dd>")
        .contains("Explicit content", "Solicitation", "Public site")
        .contains("data-status=\"NOT_ACTIONABLE\" data-reason=\"not-flagged\"")
        .contains("<li class=\"reported-url\">http://www.quiet-grove.test/a?x=1&amp;y=2</li>")
        .contains("<li class=\"reported-url\">http://www.quiet-grove.test/b</li>")
        .contains("No lead");
    // reported URLs are text: nothing on the page links to or loads them
    assertThat(queue.body()).doesNotContain("href=\"http://www.quiet-grove", "src=\"http");
    assertThat(queue.body()).doesNotContain("still-pending.test");

    assertThat(ana.get("/tips?show=all").body()).contains("still-pending.test");
    assertThat(ana.get("/tips?show=received").body())
        .contains("still-pending.test")
        .doesNotContain("quiet-grove.test");
  }

  @Test
  void theQueueFiltersByChannelAndCategory() {
    tips.hotline("ring-road.test", "ana", "caller saw paid videos", null);
    tips.web("web-only.test", TipCategory.MINORS, null, "/");
    tips.notFlagged("ring-road.test");
    tips.notFlagged("web-only.test");
    WebClient aud = signedIn("aud");

    assertThat(aud.get("/tips?channel=HOTLINE").body())
        .contains("ring-road.test")
        .doesNotContain("web-only.test");
    assertThat(aud.get("/tips?category=minors").body())
        .contains("web-only.test")
        .doesNotContain("ring-road.test");
    assertThat(aud.get("/tips?site=ring-road.test").body())
        .contains("ring-road.test")
        .doesNotContain("web-only.test");
  }

  @Test
  void theQueuePagesByTheNewestTipWithoutRepeatingAGroup() {
    for (int i = 0; i < TipQueue.PAGE + 3; i++) {
      tips.web("page-" + i + ".paging.test", TipCategory.OTHER, null, "/");
    }
    tips.update(
        "UPDATE tip SET status = 'NOT_ACTIONABLE', status_reason = 'refused'"
            + " WHERE site LIKE '%.paging.test'");
    WebClient ana = signedIn("ana");
    String first = ana.get("/tips?category=other").body();
    Matcher next =
        Pattern.compile("href=\"(/tips\\?[^\"]*after=[^\"]*)\" rel=\"next\"").matcher(first);
    assertThat(next.find()).as("a next page").isTrue();
    String second = ana.get(next.group(1).replace("&amp;", "&")).body();
    List<String> all = new java.util.ArrayList<>();
    Matcher site =
        Pattern.compile("data-site=\"(page-[0-9]+\\.paging\\.test)\"").matcher(first + second);
    while (site.find()) {
      all.add(site.group(1));
    }
    assertThat(all).hasSize(TipQueue.PAGE + 3).doesNotHaveDuplicates();
    // newest first: the last recorded is first
    assertThat(all.get(0)).isEqualTo("page-" + (TipQueue.PAGE + 2) + ".paging.test");
  }

  // ---- open a lead by hand

  @Test
  void anAnalystOpensALeadByHandAndIsRecordedAsTheActorNotAFormField() {
    tips.web("by-hand.test", TipCategory.EXPLICIT, null, "/one");
    tips.web("by-hand.test", TipCategory.EXPLICIT, null, "/two");
    tips.notFlagged("by-hand.test");
    tips.keptVerdict("by-hand.test");
    WebClient ana = signedIn("ana");
    assertThat(group(ana.get("/tips").body(), "by-hand.test"))
        .contains("action=\"/tips/open-lead\"");

    WebClient.Response asked =
        ana.post(
            "/tips/open-lead",
            ana.form("site", "by-hand.test", "actor", "mallory", "enteredBy", "mallory"));
    assertThat(asked.status()).isEqualTo(303);
    assertThat(asked.location()).isEqualTo("/tips?show=all&site=by-hand.test");

    assertThat(
            tips.rows("SELECT status, status_reason, lead_id FROM tip WHERE site = 'by-hand.test'"))
        .containsExactly("ACTION_TAKEN|opened-by-hand|null", "ACTION_TAKEN|opened-by-hand|null");
    assertThat(
            tips.rows(
                "SELECT e.status, e.reason, e.actor FROM tip_event e JOIN tip t ON t.id = e.tip_id"
                    + " WHERE t.site = 'by-hand.test' AND e.status <> 'RECEIVED'"))
        .containsExactly("ACTION_TAKEN|opened-by-hand|ana", "ACTION_TAKEN|opened-by-hand|ana");
    assertThat(tips.count("SELECT count(*) FROM tip_event WHERE actor = 'mallory'")).isZero();
    assertThat(tips.count("SELECT count(*) FROM lead WHERE site = 'by-hand.test'"))
        .as("the workbench never writes a lead")
        .isZero();

    String after = group(ana.get(asked.location()).body(), "by-hand.test");
    assertThat(after)
        .contains("A lead is being opened")
        .contains("Lead asked for by hand by ana")
        .doesNotContain("action=\"/tips/open-lead\"");

    // asked twice: refused, nothing more recorded
    WebClient sam = signedIn("sam");
    assertThat(sam.post("/tips/open-lead", sam.form("site", "by-hand.test")).status())
        .isEqualTo(409);
    assertThat(
            tips.count(
                "SELECT count(*) FROM tip_event WHERE reason = 'opened-by-hand'"
                    + " AND tip_id IN (SELECT id FROM tip WHERE site = 'by-hand.test')"))
        .isEqualTo(2);
  }

  @Test
  void anAuditorSeesTheQueueButNoOpenButtonAndHerPostIsRefused() {
    tips.web("audited.test", TipCategory.EXPLICIT, null, "/");
    tips.notFlagged("audited.test");
    tips.keptVerdict("audited.test");
    for (String name : List.of("aud", "adm")) {
      WebClient c = signedIn(name);
      WebClient.Response queue = c.get("/tips");
      assertThat(queue.status()).as(name).isEqualTo(200);
      assertThat(group(queue.body(), "audited.test")).doesNotContain("open-lead");
      assertThat(c.post("/tips/open-lead", c.form("site", "audited.test")).status())
          .as(name)
          .isEqualTo(403);
      assertThat(c.get("/tips/new").status()).as(name).isEqualTo(403);
      assertThat(
              c.post(
                      "/tips/new",
                      c.form("urls", "http://audited-hotline.com/", "category", "other"))
                  .status())
          .as(name)
          .isEqualTo(403);
    }
    assertThat(tips.rows("SELECT DISTINCT status FROM tip WHERE site = 'audited.test'"))
        .containsExactly("NOT_ACTIONABLE");
    assertThat(tips.count("SELECT count(*) FROM tip WHERE site = 'audited-hotline.com'")).isZero();
  }

  @Test
  void withoutAKeptVerdictThereIsNoOpenButtonAndAPostChangesNothing() {
    tips.web("no-verdict.test", TipCategory.EXPLICIT, null, "/");
    tips.notFlagged("no-verdict.test");
    WebClient ana = signedIn("ana");
    String g = group(ana.get("/tips").body(), "no-verdict.test");
    assertThat(g).doesNotContain("action=\"/tips/open-lead\"").contains("No verdict kept");
    assertThat(ana.post("/tips/open-lead", ana.form("site", "no-verdict.test")).status())
        .isEqualTo(409);
    assertThat(tips.rows("SELECT status FROM tip WHERE site = 'no-verdict.test'"))
        .containsExactly("NOT_ACTIONABLE");
  }

  @Test
  void aLeadOfAnotherBureauShowsAsExistingWithoutLinkOrIdAndCannotBeOpenedAgain() {
    long lead = workbench.lead("far-bureau.test", 0.9, Workbench.SHANGHAI).id();
    tips.web("far-bureau.test", TipCategory.EXPLICIT, null, "/");
    tips.status("far-bureau.test", "NOT_ACTIONABLE", "lead-dismissed");
    tips.keptVerdict("far-bureau.test");

    String ana = group(signedIn("ana").get("/tips?show=all").body(), "far-bureau.test");
    assertThat(ana)
        .contains("Has a lead (of another bureau)")
        .doesNotContain("/leads/")
        .doesNotContain("Lead " + lead)
        .doesNotContain("open-lead");
    String bob = group(signedIn("bob").get("/tips?show=all").body(), "far-bureau.test");
    assertThat(bob).contains("href=\"/leads/" + lead + "\"");

    WebClient c = signedIn("ana");
    assertThat(c.post("/tips/open-lead", c.form("site", "far-bureau.test")).status())
        .isEqualTo(409);
    assertThat(tips.rows("SELECT status FROM tip WHERE site = 'far-bureau.test'"))
        .containsExactly("NOT_ACTIONABLE");
  }

  // ---- the hotline form

  static final Pattern RECEIPT =
      Pattern.compile("<code id=\"receipt\" class=\"receipt\">([0-9A-Z-]{19})</code>");

  @Test
  void theHotlineFormRecordsAHotlineTipEnteredByTheSignedInAccountAndShowsTheReceipt() {
    WebClient ana = signedIn("ana");
    assertThat(ana.get("/tips/new").body()).contains("id=\"hotline-form\"", "runs without Kafka");
    WebClient.Response r =
        ana.post(
            "/tips/new",
            ana.form(
                "urls",
                "http://www.hotline-one.com/vip\r\n\r\nhotline-two.cn/x\nhttp://hotline-one.com/vip",
                "category",
                "paid-content",
                "description",
                "caller saw a price list <b>",
                "contact",
                "phone 010-5550-4411",
                "enteredBy",
                "mallory",
                "channel",
                "WEB"));
    assertThat(r.status()).isEqualTo(200);
    Matcher m = RECEIPT.matcher(r.body());
    assertThat(m.find()).as("a receipt on the page").isTrue();
    assertThat(r.body()).contains("the sink will send");

    assertThat(
            tips.rows(
                "SELECT channel, category, description, entered_by FROM tip_report"
                    + " WHERE id = (SELECT report_id FROM tip WHERE site = 'hotline-one.com')"))
        .containsExactly("HOTLINE|paid-content|caller saw a price list <b>|ana");
    assertThat(
            tips.rows(
                "SELECT t.site, array_to_string(t.urls, ' '), t.crawl_sent_at FROM tip t"
                    + " WHERE t.site IN ('hotline-one.com', 'hotline-two.cn') ORDER BY t.id"))
        .containsExactly(
            "hotline-one.com|http://www.hotline-one.com/vip http://hotline-one.com/vip|null",
            "hotline-two.cn|http://hotline-two.cn/x|null");
    assertThat(
            tips.rows(
                "SELECT c.contact FROM tip_contact c JOIN tip t ON t.report_id = c.report_id"
                    + " WHERE t.site = 'hotline-two.cn'"))
        .containsExactly("phone 010-5550-4411");
    assertThat(
            tips.rows(
                "SELECT e.actor FROM tip_event e JOIN tip t ON t.id = e.tip_id"
                    + " WHERE t.site = 'hotline-one.com'"))
        .containsExactly("ana");

    TipStore reader =
        new TipStore(
            workbench.databases().tips(),
            java.time.Clock.systemUTC(),
            new Receipts(),
            java.time.Duration.ofDays(1));
    assertThat(reader.status(m.group(1)).orElseThrow().sites())
        .extracting(TipStore.SiteStatus::status)
        .containsExactly(TipStatus.RECEIVED, TipStatus.RECEIVED);
  }

  @Test
  void badInputAnswersAMessagePerProblemAndRecordsNothing() {
    WebClient sam = signedIn("sam");
    long before = tips.count("SELECT count(*) FROM tip_report");
    WebClient.Response r =
        sam.post(
            "/tips/new",
            sam.form(
                "urls",
                String.join(
                    "\n",
                    "ftp://files.bad-one.com/",
                    "http://127.0.0.1/admin",
                    "http://user:pw@bad-two.com/",
                    "http://localhost/",
                    "http://bad\u202Ethree.com/",
                    "http://good-one.com/"),
                "category",
                "nonsense",
                "description",
                "x".repeat(2001)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("id=\"form-errors\"");
    assertThat(r.body())
        .contains("Line 1 (ftp://files.bad-one.com/): Only http:// and https:// addresses.")
        .contains("Line 2 (http://127.0.0.1/admin): The host is an address that is not public.")
        .contains("Line 3 (http://user:pw@bad-two.com/): A name or password before the host")
        .contains("Line 4 (http://localhost/): The host is not a valid public name.")
        .contains("Contains control or invisible characters.")
        .contains("Choose a category.")
        .contains("The description is at most 2000 characters.");
    assertThat(Pattern.compile("class=\"field-error\"").matcher(r.body()).results().count())
        .isEqualTo(7);
    // the form keeps what was typed
    assertThat(r.body()).contains("http://good-one.com/");

    WebClient.Response none = sam.post("/tips/new", sam.form("urls", "  \n ", "category", "other"));
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.body()).contains("Give at least one URL.");
    String many =
        String.join(
            "\n",
            java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> "http://many-" + i + ".com/")
                .toList());
    WebClient.Response tooMany = sam.post("/tips/new", sam.form("urls", many, "category", "other"));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body()).contains("At most 10 different URLs per tip.");

    assertThat(tips.count("SELECT count(*) FROM tip_report")).isEqualTo(before);
  }

  // ---- the lead page

  @Test
  void theLeadPageShowsItsSitesTipsAndTheContactOnlyToASupervisor() {
    long lead = workbench.lead("lead-with-tips.test", 0.8, Workbench.BEIJING).id();
    tips.web("lead-with-tips.test", TipCategory.MINORS, "reach-me-7731@example.org", "/p");
    tips.hotline(
        "lead-with-tips.test", "sam", "caller: <script>alert(1)</script> \u202Eevil", null);
    tips.status("lead-with-tips.test", "ACTION_TAKEN", "lead");
    tips.update("UPDATE lead SET tips = 2 WHERE id = ?", lead);

    String sam = signedIn("sam").get("/leads/" + lead).body();
    assertThat(sam)
        .contains("<section class=\"lead-tips\" id=\"tips\">")
        .contains("<span class=\"tag tip-count\">2</span>")
        .contains("reach-me-7731@example.org")
        .contains("entered by sam")
        .contains("Involves minors", "Hotline", "Public site", "Action taken")
        .contains("http://www.lead-with-tips.test/p")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)")
        .doesNotContain("\u202E")
        .contains("none given");

    String ana = signedIn("ana").get("/leads/" + lead).body();
    assertThat(ana)
        .contains("<section class=\"lead-tips\" id=\"tips\">")
        .contains("entered by sam")
        .doesNotContain("reach-me-7731")
        .doesNotContain("tip-contact");

    assertThat(signedIn("bob").get("/leads/" + lead).status()).isEqualTo(404);
  }

  @Test
  void theLeadPageShowsWhoOpenedItsLeadByHand() {
    tips.web("hand-then-lead.test", TipCategory.EXPLICIT, null, "/");
    tips.notFlagged("hand-then-lead.test");
    tips.keptVerdict("hand-then-lead.test");
    WebClient ana = signedIn("ana");
    assertThat(ana.post("/tips/open-lead", ana.form("site", "hand-then-lead.test")).status())
        .isEqualTo(303);
    // the sink opens the lead (not the workbench's business): done here as the sink would
    long lead = workbench.lead("hand-then-lead.test", 0.3, Workbench.BEIJING).id();
    assertThat(ana.get("/leads/" + lead).body()).contains("lead asked for by hand by ana");
    String g =
        group(ana.get("/tips?show=all&site=hand-then-lead.test").body(), "hand-then-lead.test");
    assertThat(g)
        .contains("href=\"/leads/" + lead + "\"")
        .contains("Lead asked for by hand by ana");
  }
}
