package org.sitewatch.sink.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.SqlErrors;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.sink.workflow.ReviewPolicy;

class OperationsIT {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final String TEMPLATE_HASH = "0f0f00ff12345678";

  private static TestDatabase postgres;

  private DataSource dataSource;
  private MutableClock clock;
  private LeadStore store;
  private LeadWorkflow workflow;
  private Operations operations;

  @BeforeAll
  static void startPostgres() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void freshDatabase() {
    dataSource = postgres.migratedDatabase();
    clock = new MutableClock(T0);
    store = new LeadStore(dataSource, clock);
    workflow = new LeadWorkflow(dataSource, clock);
    operations = new Operations(dataSource, clock, ReviewPolicy.DEFAULTS);
  }

  /** Which identifiers two leads share, and whether that links them into one operation. */
  @ParameterizedTest(name = "{0} {1} / {2} {3} -> linked {4}")
  @CsvSource({
    "qq,                 12345678,            qq,                 12345678,            true",
    "wechat,             vip_kefu88,          wechat,             vip_kefu88,          true",
    "payment,            pay@example.test,    payment,            pay@example.test,    true",
    "baidu-tongji,       0123456789abcdef0123456789abcdef, baidu-tongji, 0123456789abcdef0123456789abcdef, true",
    "icp,                京ICP备12345678号-1, icp,                京ICP备12345678号-1, true",
    "server-ip,          203.0.113.7,         server-ip,          203.0.113.7,         false",
    "qq,                 12345678,            qq,                 87654321,            false",
    "qq,                 12345678,            wechat,             12345678,            false",
  })
  void linksLeadsOnlyThroughASharedStrongIdentifier(
      String typeA, String valueA, String typeB, String valueB, boolean linked) {
    long a = open("a.example", id(typeA, valueA, "a.example"));
    long b = open("b.example", id(typeB, valueB, "b.example"));

    if (linked) {
      Operation op = operations.ofLead(b).orElseThrow();
      assertThat(op.id()).isEqualTo(a);
      assertThat(op.members())
          .extracting(Operation.Member::site)
          .containsExactly("a.example", "b.example");
      assertThat(op.links())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.type()).isEqualTo(typeA);
                assertThat(l.value()).isEqualTo(valueA);
                assertThat(l.leadIds()).containsExactly(a, b);
              });
    } else {
      assertThat(operations.ofLead(a)).isEmpty();
      assertThat(operations.list()).isEmpty();
    }
  }

  @Test
  void aChainOfSharedIdentifiersIsOneOperationNamedAfterItsFirstLead() {
    long a = open("a.example", id("qq", "11111111", "a.example"));
    long b =
        open(
            "b.example",
            id("qq", "11111111", "b.example"),
            id("telegram", "vipchannel", "b.example"));
    long c = open("c.example", id("telegram", "vipchannel", "c.example"));
    open("d.example", id("qq", "99999999", "d.example"));

    List<Operation> all = operations.list();
    assertThat(all)
        .singleElement()
        .satisfies(
            op -> {
              assertThat(op.id()).isEqualTo(a);
              assertThat(op.members())
                  .extracting(Operation.Member::leadId)
                  .containsExactly(a, b, c);
              assertThat(op.members())
                  .extracting(Operation.Member::status)
                  .containsOnly(LeadStatus.NEW);
              assertThat(op.links())
                  .extracting(Operation.SharedIdentifier::type)
                  .containsExactly("qq", "telegram");
            });
    assertThat(operations.find(a)).contains(all.get(0));
    assertThat(operations.ofLead(c).map(Operation::id)).contains(a);

    OperationStats stats = operations.stats();
    assertThat(stats.operations()).isEqualTo(1);
    assertThat(stats.leadsInOperations()).isEqualTo(3);
    assertThat(stats.largest()).isEqualTo(3);
    assertThat(stats.bySize()).containsExactly(Map.entry(3, 1L));
    assertThat(stats.toText()).contains("operations: 1 (3 lead(s), largest 3)", "3 leads");
  }

  @Test
  void ignoringTheLinkingIdentifierSplitsTheOperationAndUnignoringJoinsItAgain() {
    long a = open("a.example", id("qq", "11111111", "a.example"));
    long b =
        open("b.example", id("qq", "11111111", "b.example"), id("wechat", "kefu_01", "b.example"));
    long c = open("c.example", id("wechat", "kefu_01", "c.example"));
    assertThat(operations.ofLead(a).map(Operation::size)).contains(3);

    assertThat(
            operations.ignore(
                "qq", "11111111", "customer-service number of a hosting reseller", "wang"))
        .isTrue();
    assertThat(operations.ignore("qq", "11111111", "again", "li")).isFalse();

    assertThat(operations.ofLead(a)).isEmpty();
    Operation rest = operations.ofLead(b).orElseThrow();
    assertThat(rest.id()).isEqualTo(b);
    assertThat(rest.members()).extracting(Operation.Member::leadId).containsExactly(b, c);
    assertThat(operations.ignored())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.by()).isEqualTo("wang");
              assertThat(i.reason()).contains("hosting reseller");
            });
    assertThat(operations.stats().ignoredIdentifiers()).isEqualTo(1);

    // a new lead with the ignored handle links to nothing either
    long d = open("d.example", id("qq", "11111111", "d.example"));
    assertThat(operations.ofLead(d)).isEmpty();

    assertThat(operations.unignore("qq", "11111111", "wang")).isTrue();
    assertThat(operations.unignore("qq", "11111111", "wang")).isFalse();
    assertThat(operations.ofLead(d).orElseThrow().members())
        .extracting(Operation.Member::leadId)
        .containsExactly(a, b, c, d);
  }

  @Test
  void refusesAnIgnoreWithoutReasonOrAMalformedSimhash() {
    assertThatThrownBy(() -> operations.ignore("qq", "11111111", " ", "wang"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(
            () -> operations.ignore(IdentifierStrength.TEXT_SIMHASH, "xyz", "template", "wang"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 hex digits");
  }

  @Test
  void aNewSiteSharingAHandleWithAConfirmedLeadIsARepeatOffenderButNotWithADismissedOne() {
    long confirmed = open("old-vip.example", id("qq", "12345678", "old-vip.example"));
    confirm(confirmed);
    long dismissed = open("false-alarm.example", id("wechat", "shop_kefu", "false-alarm.example"));
    workflow.perform(
        dismissed,
        LeadAction.DISMISS,
        ActionRequest.by("li").withReason(DismissReason.FALSE_POSITIVE));

    long fresh =
        open(
            "new-vip.example",
            id("qq", "12345678", "new-vip.example"),
            id("wechat", "shop_kefu", "new-vip.example"));

    LeadCase lead = workflow.find(Long.toString(fresh)).orElseThrow();
    assertThat(lead.priority().flags()).containsExactly(PriorityFlag.REPEAT_OFFENDER);
    assertThat(lead.repeatOf()).containsExactly("old-vip.example");
    assertThat(operations.repeatLinks(fresh))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.relatedLeadId()).isEqualTo(confirmed);
              assertThat(l.relatedStatus()).isEqualTo(LeadStatus.CONFIRMED);
              assertThat(l.basis()).isEqualTo(RepeatLink.Basis.IDENTIFIER);
              assertThat(l.identifierType()).isEqualTo("qq");
              assertThat(l.identifierValue()).isEqualTo("12345678");
            });
    assertThat(workflow.history(fresh))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(HistoryEntry.Kind.LINKED);
              assertThat(e.actor()).isEqualTo("sink");
              assertThat(e.note()).contains("old-vip.example", "shares qq 12345678");
            });
    String report = reportOf(fresh);
    assertThat(report)
        .contains(
            "<h2>Operator network</h2>",
            "Operation " + confirmed + ": 3 leads",
            "old-vip.example",
            "IDENTIFIER");

    // ignoring the handle removes the link and the flag, and the history says so
    operations.ignore("qq", "12345678", "published by a news article", "wang");
    LeadCase after = workflow.find(Long.toString(fresh)).orElseThrow();
    assertThat(after.priority().flags()).isEmpty();
    assertThat(operations.repeatLinks(fresh)).isEmpty();
    assertThat(workflow.history(fresh))
        .extracting(HistoryEntry::kind)
        .containsExactly(HistoryEntry.Kind.LINKED, HistoryEntry.Kind.UNLINKED);
  }

  @Test
  void aNewSiteWithNearIdenticalTextToAConfirmedLeadIsARepeatOffender() {
    long confirmed =
        openWithPages("old-vip.example", page("old-vip.example", "/", "a1b2c3d4e5f60718"));
    confirm(confirmed);
    long dismissed = openWithPages("other.example", page("other.example", "/", "5555aaaa5555aaaa"));
    workflow.perform(
        dismissed,
        LeadAction.DISMISS,
        ActionRequest.by("li").withReason(DismissReason.OUT_OF_SCOPE));

    // one bit away from the confirmed lead's page
    long near =
        openWithPages(
            "new-vip.example",
            page("new-vip.example", "/index", "a1b2c3d4e5f60719"),
            page("new-vip.example", "/about", "0123456789abcdef"));
    // identical to the dismissed lead's page: not a repeat offender
    long copyOfDismissed =
        openWithPages("copy.example", page("copy.example", "/", "5555aaaa5555aaaa"));
    // eleven bits away: unrelated
    long far = openWithPages("far.example", page("far.example", "/", "a1b2c3d4e5f6ffff"));

    assertThat(operations.repeatLinks(near))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.basis()).isEqualTo(RepeatLink.Basis.SIMHASH);
              assertThat(l.relatedLeadId()).isEqualTo(confirmed);
              assertThat(l.pageUrl()).contains("https://new-vip.example/index");
              assertThat(l.relatedPageUrl()).contains("https://old-vip.example/");
              assertThat(l.distance()).contains(1);
            });
    assertThat(workflow.find(Long.toString(near)).orElseThrow().priority().flags())
        .containsExactly(PriorityFlag.REPEAT_OFFENDER);
    assertThat(workflow.history(near))
        .singleElement()
        .satisfies(
            e -> assertThat(e.note()).contains("within 1 bit(s) of https://old-vip.example/"));
    assertThat(operations.repeatLinks(copyOfDismissed)).isEmpty();
    assertThat(operations.repeatLinks(far)).isEmpty();
    assertThat(operations.list()).as("content alone does not make an operation").isEmpty();

    // a stricter distance finds nothing
    LeadStore strict =
        new LeadStore(
            dataSource,
            clock,
            new ReviewPolicy(
                ReviewPolicy.DEFAULT_REOPEN_MIN_WEIGHT, ReviewPolicy.DEFAULT_EDUCATION_DOMAINS, 0));
    strict.apply(
        verdict(
            "strict.example",
            1,
            List.of(),
            List.of(page("strict.example", "/", "a1b2c3d4e5f60719"))));
    assertThat(operations.repeatLinks(lead("strict.example"))).isEmpty();
  }

  @Test
  void confirmingALeadLaterMakesItsNearCopiesRepeatOffendersAndIgnoringTheTemplateUndoesIt() {
    long first = openWithPages("first.example", page("first.example", "/", TEMPLATE_HASH));
    long copy = openWithPages("copy.example", page("copy.example", "/", TEMPLATE_HASH));
    assertThat(operations.repeatLinks(copy)).isEmpty();

    confirm(first);
    assertThat(operations.repeatLinks(copy))
        .extracting(RepeatLink::relatedLeadId)
        .containsExactly(first);

    operations.ignore(
        IdentifierStrength.TEXT_SIMHASH,
        TEMPLATE_HASH.toUpperCase(java.util.Locale.ROOT),
        "stock video-site template",
        "wang");
    assertThat(operations.repeatLinks(copy)).isEmpty();
    assertThat(workflow.find(Long.toString(copy)).orElseThrow().priority().flags()).isEmpty();
  }

  @Test
  void replayingAVerdictWritesNoSecondLinkOrHistoryEntry() {
    long confirmed = open("old-vip.example", id("qq", "12345678", "old-vip.example"));
    confirm(confirmed);
    SiteVerdict v =
        verdict(
            "new-vip.example",
            1,
            List.of(id("qq", "12345678", "new-vip.example")),
            List.of(page("new-vip.example", "/", "0123456789abcdef")));
    store.apply(v);
    assertThat(store.apply(v)).isEqualTo(ApplyResult.UNCHANGED);
    store.apply(verdict("new-vip.example", 2, v.identifiers(), v.pages()));
    long fresh = lead("new-vip.example");
    assertThat(operations.repeatLinks(fresh)).hasSize(1);
    assertThat(workflow.history(fresh)).hasSize(1);
  }

  @Test
  void twoSinksUpdatingLinkedLeadsAtOnceLeaveTheSameOperationsAsARebuild() throws Exception {
    // ring of 40 sites: site i shares a handle with site i+1; each sink gets every other site, so
    // each edge is completed by whichever sink commits second
    int n = 40;
    List<SiteVerdict> even = new ArrayList<>();
    List<SiteVerdict> odd = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String site = "ring-" + i + ".example";
      SiteVerdict v =
          verdict(
              site,
              1,
              List.of(
                  id("qq", Integer.toString(10_000_000 + i), site),
                  id("qq", Integer.toString(10_000_000 + (i + 1) % n), site),
                  id("server-ip", "203.0.113.7", site)),
              List.of());
      (i % 2 == 0 ? even : odd).add(v);
    }
    LeadStore one = new LeadStore(dataSource, clock);
    LeadStore two = new LeadStore(dataSource, clock);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        List<SiteVerdict> a = even.subList(round * 5, round * 5 + 5);
        List<SiteVerdict> b = odd.subList(round * 5, round * 5 + 5);
        done.add(pool.submit(() -> applyRetrying(one, a, start)));
        done.add(pool.submit(() -> applyRetrying(two, b, start)));
        for (Future<?> f : done) {
          f.get();
        }
        done.clear();
      }
    } finally {
      pool.shutdownNow();
    }

    List<Operation> incremental = operations.list();
    assertThat(incremental)
        .singleElement()
        .satisfies(
            op -> {
              assertThat(op.size()).isEqualTo(n);
              assertThat(op.id()).isEqualTo(op.members().get(0).leadId());
            });
    operations.rebuild();
    assertThat(operations.list()).isEqualTo(incremental);
  }

  private static Void applyRetrying(LeadStore store, List<SiteVerdict> batch, CyclicBarrier start)
      throws Exception {
    start.await();
    for (int attempt = 0; ; attempt++) {
      try {
        store.applyAll(batch);
        return null;
      } catch (java.sql.SQLException e) {
        // what the sink does with a transient failure (e.g. a deadlock): retry the batch
        if (!SqlErrors.isTransient(e) || attempt > 5) {
          throw e;
        }
      }
    }
  }

  /** The report.html of the lead's evidence bundle. */
  private String reportOf(long leadId) {
    try {
      java.nio.file.Path zip = java.nio.file.Files.createTempFile("bundle-", ".zip");
      org.sitewatch.sink.evidence.bundle.BundleExporter.builder()
          .dataSource(dataSource)
          .clock(clock)
          .leads(store)
          .operations(operations)
          .custody(new org.sitewatch.sink.evidence.custody.CustodyLog(dataSource, clock))
          .sitewatchVersion("test")
          .signingKey(org.sitewatch.sink.evidence.signing.SigningKey.generate())
          .build()
          .export(leadId, zip);
      try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
        return new String(
            z.getInputStream(z.getEntry("report.html")).readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
      } finally {
        java.nio.file.Files.delete(zip);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void confirm(long id) {
    workflow.perform(id, LeadAction.TRIAGE, ActionRequest.by("wang"));
    workflow.perform(id, LeadAction.CONFIRM, ActionRequest.by("wang"));
  }

  private long open(String site, Identifier... identifiers) {
    assertThat(store.apply(verdict(site, 1, List.of(identifiers), List.of())))
        .isEqualTo(ApplyResult.OPENED);
    return lead(site);
  }

  private long openWithPages(String site, PageRef... pages) {
    assertThat(store.apply(verdict(site, 1, List.of(), List.of(pages))))
        .isEqualTo(ApplyResult.OPENED);
    return lead(site);
  }

  private long lead(String site) {
    return store.findBySite(site).map(Lead::id).orElseThrow();
  }

  private static Identifier id(String type, String value, String site) {
    return new Identifier(type, value, "联系 " + value, "https://" + site + "/vip", Map.of());
  }

  private static PageRef page(String site, String path, String simhash) {
    return new PageRef(
        "https://" + site + path, 0.9, "ab".repeat(32), Verdicts.DECIDED, simhash, null);
  }

  private static SiteVerdict verdict(
      String site, long revision, List<Identifier> identifiers, List<PageRef> pages) {
    SignalHit signal = new SignalHit("kw.zh.vip", "profit", 1.8, 3, "开通VIP会员 成人视频", "");
    List<PageRef> refs =
        pages.isEmpty()
            ? List.of(
                new PageRef("https://" + site + "/vip", 0.9, "ab".repeat(32), Verdicts.DECIDED))
            : pages;
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        revision,
        true,
        0.9,
        3,
        List.of("profit"),
        List.of(signal),
        refs,
        "lex-1",
        Verdicts.DECIDED.plusSeconds(revision),
        List.of("for-profit"),
        identifiers,
        List.of());
  }
}
