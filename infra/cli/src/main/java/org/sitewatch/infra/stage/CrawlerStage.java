package org.sitewatch.infra.stage;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.metrics.MetricsLog;
import org.sitewatch.crawler.worker.CrawlerWorker;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.ops.HealthCheck;
import org.sitewatch.infra.ops.StallCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crawler worker as a process runs it: checkpoints and meters configured, the summary log line
 * ({@code crawler.metrics-log-interval}) started with it and closed after it. Its meters are served
 * by the process's operations endpoint ({@code infra.ops}).
 */
public final class CrawlerStage implements Stage {
  private static final Logger log = LoggerFactory.getLogger(CrawlerStage.class);

  private final CrawlerWorker worker;
  private final CrawlerMetrics metrics;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final List<HealthCheck> stall;

  /**
   * Builds and starts the worker and its metric outlets.
   *
   * @param meters where the worker's meters go (the process's registry; closed by its owner)
   */
  public CrawlerStage(
      SitewatchConfig cfg, Map<String, Object> kafkaProps, Clock clock, MeterRegistry meters) {
    metrics = new CrawlerMetrics(meters);
    // pages fetched count as progress: the intake pauses while every crawl slot is busy
    stall =
        StallCheck.forStage(
            meters,
            "crawler",
            cfg.topics().crawlRequests(),
            cfg.ops().stallAfter(),
            clock,
            "sitewatch.crawler.pages",
            "sitewatch.crawler.outcomes");
    worker =
        CrawlerWorker.builder(cfg.crawler(), cfg.topics())
            .kafka(KafkaClients.forStage(kafkaProps, cfg.kafka(), Sections.KafkaStage.CRAWLER))
            .clock(clock)
            .checkpoints(cfg.crawlerCheckpoints())
            .metrics(metrics)
            .linkScorer(LinkScorers.urlRules(cfg.classifier()))
            .build();
    try {
      if (!cfg.crawlerMetrics().logInterval().isZero()) {
        resources.push(new MetricsLog(metrics, cfg.crawlerMetrics().logInterval()));
      }
      resources.push(worker);
      worker.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public CrawlerWorker worker() {
    return worker;
  }

  /** The meters, e.g. to register the WARC writer's byte count. */
  public CrawlerMetrics metrics() {
    return metrics;
  }

  @Override
  public Optional<String> failure() {
    return worker.isRunning()
        ? Optional.empty()
        : Optional.of(
            "the crawler worker stopped: "
                + worker.failure().map(Throwable::getMessage).orElse("see the log"));
  }

  /**
   * {@code consumer-assigned}: the worker's consumer holds its share of the partitions; {@code
   * stalled} (unless {@code health.stall-after} is 0): crawl requests wait and for longer than that
   * none was taken in, no page was fetched and no crawl ended; {@code crawl-state}: the last
   * crawl-state batches (outcomes with their done records, checkpoints) could be written.
   */
  @Override
  public List<HealthCheck> readiness() {
    return Stage.with(
        stall,
        new HealthCheck(
            "consumer-assigned",
            () ->
                worker.hasAssignment()
                    ? Optional.empty()
                    : Optional.of("the consumer has no partition assignment from its group")),
        new HealthCheck("crawl-state", worker::crawlStateProblem));
  }

  /** Closes the worker first, then the metric outlets. */
  @Override
  public void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        log.warn("closing a crawler resource failed: {}", e.toString());
      }
    }
  }
}
