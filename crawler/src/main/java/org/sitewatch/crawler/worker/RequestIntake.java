package org.sitewatch.crawler.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what becomes of each request record: a re-delivery waits for its crawl or is only
 * committed, an unreadable or self-contradicting record is a {@code BAD_RECORD}, a request whose
 * crawl an earlier worker finished is only committed, a site being crawled or crawled recently is
 * {@code SKIPPED}, anything else is queued as a site crawl (resuming a restored checkpoint).
 * Consumer thread only.
 */
final class RequestIntake {
  private static final Logger log = LoggerFactory.getLogger(RequestIntake.class);

  private final JsonSerde<CrawlRequest> requestSerde = JsonSerde.of(CrawlRequest.class);
  private final Duration recrawlAfter;
  private final Clock clock;
  private final Output output;
  private final OffsetTracker offsets;
  private final CrawlPool pool;
  private final RecentCrawls recent;
  private final WorkerCrawlState crawlState;
  private final DiscoveryLane lane; // null: no discoveries lane

  RequestIntake(
      Duration recrawlAfter,
      Clock clock,
      Output output,
      OffsetTracker offsets,
      CrawlPool pool,
      RecentCrawls recent,
      WorkerCrawlState crawlState,
      DiscoveryLane lane) {
    this.recrawlAfter = recrawlAfter;
    this.clock = clock;
    this.output = output;
    this.offsets = offsets;
    this.pool = pool;
    this.recent = recent;
    this.crawlState = crawlState;
    this.lane = lane;
  }

  void handle(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Position position = new Position(partition, record.offset());
    offsets.open(partition, record.offset());
    if (offsets.isFinished(partition, record.offset())) {
      // re-delivered after a rebalance gave the partition back; its outcome is already published
      log.debug("request {} was already handled here; committing it", position);
      offsets.done(partition, record.offset());
      return;
    }
    AcceptedRequest runningFor = pool.startedBy(position);
    if (runningFor != null) {
      // re-delivered while its crawl is still running here: it completes when that crawl does
      log.debug("request {} re-delivered while its crawl runs; waiting for it", position);
      runningFor.positions.add(position);
      return;
    }
    CrawlRequest request;
    String urlSite;
    try {
      request = requestSerde.deserialize(record.topic(), record.value());
      if (request == null) {
        throw new IllegalArgumentException("empty record (null value)");
      }
      urlSite = Sites.siteOf(request.url());
    } catch (RuntimeException e) {
      badRecord(record, "cannot read a crawl request: " + e.getMessage());
      offsets.done(partition, record.offset());
      return;
    }
    if (!urlSite.equals(request.site())) {
      // outputs are keyed by the request's site while the crawl's scope comes from its URL: a
      // request that disagrees with itself would file one site's pages under another
      badRecord(
          record,
          "crawl request names site '"
              + request.site()
              + "' but its url "
              + request.url()
              + " belongs to site '"
              + urlSite
              + "'; not crawled");
      offsets.done(partition, record.offset());
      return;
    }
    String site = request.site();
    boolean tracked = crawlState.isOn();
    // discoveries write no running checkpoints, only their done record (docs/crawl-state.md)
    boolean doneOnly = DiscoveryLane.carries(lane, partition);
    CrawlCheckpoint saved = tracked ? crawlState.claim(request, position) : null;
    if (saved != null && saved.done()) {
      // the crawl ended on a worker that stopped before committing: its outcome is published
      // (the done record made the site a recent crawl when the partition was assigned)
      log.info(
          "request {} for site {} was crawled by an earlier worker ({} pages); committing it",
          position,
          site,
          saved.pages());
      offsets.done(partition, record.offset());
      return;
    }
    Instant now = clock.instant();
    String skip =
        pool.isCrawling(site)
            ? "site is being crawled by this worker right now"
            : recent.skipReason(request, now, recrawlAfter);
    if (skip != null) {
      output.outcome(
          new Outcome(
              Outcome.VERSION,
              site,
              request.url(),
              Outcome.Stage.CRAWLER,
              Outcome.Kind.SKIPPED,
              skip,
              now,
              Map.of("source", request.source().name(), "hops", Integer.toString(request.hops()))));
      offsets.done(partition, record.offset());
      return;
    }
    AcceptedRequest task = new AcceptedRequest(request, position, saved);
    pool.submit(task, tracked ? crawlState.writer() : null, doneOnly);
  }

  private void badRecord(ConsumerRecord<String, byte[]> record, String reason) {
    String key = record.key() == null || record.key().isBlank() ? "unknown" : record.key();
    output.outcome(
        new Outcome(
            Outcome.VERSION,
            key,
            null,
            Outcome.Stage.CRAWLER,
            Outcome.Kind.BAD_RECORD,
            reason,
            clock.instant(),
            Map.of(
                "topic", record.topic(),
                "partition", Integer.toString(record.partition()),
                "offset", Long.toString(record.offset()))));
  }
}
