package org.sitewatch.crawler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.sitewatch.common.kafka.ConsumerProgress;
import org.sitewatch.common.metrics.StageMeters;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * The crawler worker's Micrometer meters. In Prometheus form (see README, "Metrics"):
 *
 * <ul>
 *   <li>{@code sitewatch_crawler_pages_total}: pages published (pages/s is its rate);
 *   <li>{@code sitewatch_crawler_fetched_bytes_total}: body bytes of those pages as received;
 *   <li>{@code sitewatch_crawler_outcomes_total{kind,reason}}: outcomes by kind and a small, fixed
 *       set of reason classes ({@link #reasonClass});
 *   <li>{@code sitewatch_crawler_politeness_wait_seconds}: how long the fetch thread slept for
 *       politeness before each request;
 *   <li>{@code sitewatch_crawler_sites_active}, {@code sitewatch_crawler_hosts_active}: site crawls
 *       running and distinct hosts they are fetching from;
 *   <li>{@code sitewatch_crawler_queue_depth}: requests accepted by the worker and waiting for a
 *       crawl slot;
 *   <li>{@code sitewatch_crawler_warc_written_bytes_total}: WARC bytes written;
 *   <li>{@code sitewatch_crawler_checkpoints_total{state}}: crawl-state records written ({@code
 *       running}, {@code done}, {@code cleared}).
 * </ul>
 *
 * Thread-safe. Built on an injected registry; the no-argument constructor uses a {@link
 * SimpleMeterRegistry} (meters kept in memory, e.g. for {@link #summary}).
 */
public final class CrawlerMetrics {
  static final String PREFIX = "sitewatch.crawler.";
  static final String STAGE = "crawler";

  private final MeterRegistry registry;
  private final Counter pages;
  private final Counter bytes;
  private final Timer politenessWait;
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Counter> checkpoints = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Counter warcWriteErrors;
  private final AtomicInteger activeSites = new AtomicInteger();
  private final Map<String, AtomicInteger> activeHosts = new ConcurrentHashMap<>();
  private volatile IntSupplier queueDepth = () -> 0;
  // Micrometer holds a function counter's object weakly: this field keeps the source alive
  private volatile LongSupplier warcWritten = () -> 0;

  /** Meters in a fresh {@link SimpleMeterRegistry}. */
  public CrawlerMetrics() {
    this(new SimpleMeterRegistry());
  }

  public CrawlerMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    pages =
        Counter.builder(PREFIX + "pages")
            .description("Pages fetched and published")
            .register(registry);
    bytes =
        Counter.builder(PREFIX + "fetched")
            .baseUnit(BaseUnits.BYTES)
            .description("Body bytes of the published pages")
            .register(registry);
    politenessWait =
        Timer.builder(PREFIX + "politeness.wait")
            .description("Time the fetch thread waited for the per-host politeness delay")
            .register(registry);
    warcWriteErrors = StageMeters.warcErrors(registry, "write");
    Gauge.builder(PREFIX + "sites.active", activeSites, AtomicInteger::get)
        .description("Site crawls running")
        .register(registry);
    Gauge.builder(PREFIX + "hosts.active", activeHosts, Map::size)
        .description("Distinct hosts the running site crawls fetch from")
        .register(registry);
    Gauge.builder(PREFIX + "queue.depth", this, m -> m.queueDepth.getAsInt())
        .description("Crawl requests accepted and waiting for a crawl slot")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Registers the WARC bytes written as a function counter read from {@code written} (a monotonic
   * total). Call once per writer; these metrics hold a strong reference to the supplier (the
   * registry only holds a weak one, which a method reference alone would lose at the next GC).
   */
  public void warcBytesWritten(LongSupplier written) {
    warcWritten = Objects.requireNonNull(written, "written");
    FunctionCounter.builder(PREFIX + "warc.written", this, m -> (double) m.warcWritten.getAsLong())
        .baseUnit(BaseUnits.BYTES)
        .description("WARC bytes written")
        .register(registry);
  }

  /** Where the queue depth comes from (the worker's backlog); replaces an earlier source. */
  public void queueDepth(IntSupplier source) {
    queueDepth = Objects.requireNonNull(source, "source");
  }

  public void page(FetchedPage page) {
    pages.increment();
    bytes.increment(page.bodyLength());
  }

  public void outcome(Outcome outcome) {
    if (outcome.stage() == Outcome.Stage.CRAWLER) {
      if (outcome.kind() == Outcome.Kind.BAD_RECORD && outcome.details().get("topic") != null) {
        rejected(outcome);
      } else if ("warc".equals(outcome.details().get("rule"))) {
        warcWriteErrors.increment();
      }
    }
    String kind = outcome.kind().name();
    String reason = reasonClass(outcome);
    outcomes
        .computeIfAbsent(
            kind + " " + reason,
            k ->
                Counter.builder(PREFIX + "outcomes")
                    .tag("kind", kind)
                    .tag("reason", reason)
                    .description("Crawler outcomes by kind and reason class")
                    .register(registry))
        .increment();
  }

  /**
   * A request record that became a BAD_RECORD outcome: {@code unreadable} (it could not be read as
   * a crawl request) or {@code inconsistent} (it could, but contradicts itself).
   */
  private void rejected(Outcome outcome) {
    String topic = outcome.details().get("topic");
    String reason =
        outcome.reason() != null && outcome.reason().startsWith("cannot read")
            ? "unreadable"
            : "inconsistent";
    rejected
        .computeIfAbsent(
            topic + " " + reason, k -> StageMeters.rejected(registry, STAGE, topic, reason))
        .increment();
  }

  /**
   * The progress of the crawl-request consumer on {@code topic}, with its lag and
   * oldest-unprocessed-age gauges registered (a request counts as processed once the intake has
   * taken it in; requests waiting for a crawl slot are the queue depth).
   */
  public ConsumerProgress consumerProgress(String topic, Clock clock) {
    ConsumerProgress progress = new ConsumerProgress(clock);
    StageMeters.consumer(registry, STAGE, topic, progress);
    return progress;
  }

  void politenessWait(Duration waited) {
    politenessWait.record(waited);
  }

  public void siteStarted() {
    activeSites.incrementAndGet();
  }

  public void siteEnded() {
    activeSites.decrementAndGet();
  }

  void hostActive(String host) {
    activeHosts.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
  }

  void hostIdle(String host) {
    activeHosts.computeIfPresent(host, (h, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** A crawl-state record was written: {@code running}, {@code done} or {@code cleared}. */
  public void checkpointWritten(String state) {
    checkpoints
        .computeIfAbsent(
            state,
            s ->
                Counter.builder(PREFIX + "checkpoints")
                    .tag("state", s)
                    .description("Crawl-state records written")
                    .register(registry))
        .increment();
  }

  public double pagesTotal() {
    return pages.count();
  }

  public double bytesTotal() {
    return bytes.count();
  }

  public int activeSites() {
    return activeSites.get();
  }

  public int activeHosts() {
    return activeHosts.size();
  }

  public int queueDepth() {
    return queueDepth.getAsInt();
  }

  /**
   * A bounded label for an outcome's reason, so the outcome counter cannot grow a series per URL:
   * {@code http-4xx}, {@code http-5xx}, {@code timeout}, {@code connect}, {@code dns}, {@code
   * robots}, {@code address}, {@code too-large}, {@code parse}, {@code redirect}, {@code recent}
   * (skipped as crawled recently), {@code busy} (skipped as being crawled), the result of a {@code
   * SITE_CRAWLED} ({@code ok}, {@code refused}, {@code unreachable}), else {@code other}.
   */
  static String reasonClass(Outcome outcome) {
    Map<String, String> details = outcome.details();
    String reason = outcome.reason() == null ? "" : outcome.reason().toLowerCase(Locale.ROOT);
    switch (outcome.kind()) {
      case SITE_CRAWLED:
        return outcome.crawlResult().map(CrawlResult::detailsValue).orElse("other");
      case SKIPPED:
        if (reason.contains("being crawled")) {
          return "busy";
        }
        return reason.contains("crawled by this worker at") ? "recent" : "other";
      case REFUSED:
        return reason.contains("robots") || "robots.txt".equals(details.get("rule"))
            ? "robots"
            : "address";
      case CONTENT_REJECTED:
        if (reason.contains("exceeds") || reason.contains("too large")) {
          return "too-large";
        }
        return reason.contains("parse") ? "parse" : "other";
      default:
        break;
    }
    String status = details.get("status");
    if (status != null && status.length() == 3) {
      return switch (status.charAt(0)) {
        case '3' -> "redirect";
        case '4' -> "http-4xx";
        case '5' -> "http-5xx";
        default -> "other";
      };
    }
    if (reason.startsWith("timed out")) {
      return "timeout";
    }
    if (reason.startsWith("connection failed")) {
      return "connect";
    }
    if (reason.startsWith("dns lookup failed")) {
      return "dns";
    }
    return "other";
  }

  /**
   * One line for the log: rates since {@code previous} (pages/s, bytes/s), active sites and hosts,
   * queue depth. Returns the totals to pass as {@code previous} next time.
   */
  Summary summary(Summary previous, long nowNanos) {
    Summary now = new Summary(nowNanos, pagesTotal(), bytesTotal());
    double seconds = Math.max(1e-3, (nowNanos - previous.nanos()) / 1e9);
    double pagesPerSecond = (now.pages() - previous.pages()) / seconds;
    double bytesPerSecond = (now.bytes() - previous.bytes()) / seconds;
    String line =
        String.format(
            Locale.ROOT,
            "crawler: %.1f pages/s, %.0f bytes/s, %d active sites, %d active hosts, queue depth %d,"
                + " %.0f pages in all",
            pagesPerSecond,
            bytesPerSecond,
            activeSites(),
            activeHosts(),
            queueDepth(),
            now.pages());
    return new Summary(now.nanos(), now.pages(), now.bytes(), line);
  }

  /** Totals at a moment, and the log line that describes the rates up to it. */
  record Summary(long nanos, double pages, double bytes, String line) {
    Summary(long nanos, double pages, double bytes) {
      this(nanos, pages, bytes, "");
    }
  }
}
