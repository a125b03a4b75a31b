package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStore;
import org.sitewatch.web.crawl.KafkaCrawlRequests;

/**
 * The benchmark's loss check on a real database and broker: tips recorded and sent as the public
 * site does pass; a receipt with no report, and a recorded tip whose crawl request never reached
 * the topic, are each named as lost.
 */
class TipLossCheckIT {
  @Test
  void namesEveryAcceptedTipMissingFromTheDatabaseOrTheTopic(@TempDir Path dir) throws Exception {
    Topics topics = Topics.defaults();
    try (TestDatabase databases = TestDatabase.start();
        Database db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      try (TopicAdmin admin = new TopicAdmin(kafka.clientProps())) {
        admin.createTopics(topics, 2, (short) 1);
      }
      TipStore store =
          new TipStore(db.dataSource(), Clock.systemUTC(), new Receipts(), Duration.ofDays(1));
      List<TipLossCheck.AcceptedTip> accepted = new ArrayList<>();
      try (KafkaCrawlRequests requests =
          new KafkaCrawlRequests(kafka.clientProps(), topics.crawlRequests())) {
        for (int i = 0; i < 4; i++) {
          String url = "http://shop-" + i + ".example.cn/item/0";
          TipStore.Recorded r = store.record(report(url));
          if (i != 3) { // the fourth is recorded, but its crawl request is never sent
            r.tips().forEach(t -> requests.send(t.crawlRequest()));
            store.markSent(r.tips().stream().map(TipStore.Tip::id).toList());
          }
          accepted.add(new TipLossCheck.AcceptedTip(r.receipt(), url));
        }
      }
      var whole =
          TipLossCheck.check(
              db.dataSource(),
              kafka.clientProps(),
              topics.crawlRequests(),
              accepted.subList(0, 3),
              Duration.ofSeconds(5));
      assertThat(whole.lost()).isZero();
      assertThat(whole.reportRows()).isEqualTo(4);
      assertThat(whole.crawlRequests()).isEqualTo(3);
      assertThat(whole.unsentTips()).isEqualTo(1);

      List<TipLossCheck.AcceptedTip> withLosses = new ArrayList<>(accepted);
      withLosses.add(
          new TipLossCheck.AcceptedTip(new Receipts().next(), "http://shop-9.example.cn/item/0"));
      var broken =
          TipLossCheck.check(
              db.dataSource(),
              kafka.clientProps(),
              topics.crawlRequests(),
              withLosses,
              Duration.ofSeconds(2));
      assertThat(broken.notInDatabase()).hasSize(1);
      assertThat(broken.notOnTopic())
          .containsExactly(
              "example.cn http://shop-3.example.cn/item/0",
              "example.cn http://shop-9.example.cn/item/0");
      assertThat(broken.lost()).isEqualTo(3);
    }
  }

  private static NewReport report(String url) {
    ReportedUrls.Result checked = ReportedUrls.check(List.of(url), false);
    assertThat(checked.ok()).isTrue();
    return new NewReport(
        checked.urls(),
        TipChannel.WEB,
        TipCategory.OTHER,
        "a shop page that asks for a paid membership",
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
