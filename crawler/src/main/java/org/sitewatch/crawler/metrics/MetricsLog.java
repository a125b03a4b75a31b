package org.sitewatch.crawler.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sitewatch.common.concurrent.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a one-line summary of a worker's {@link CrawlerMetrics} (pages/s, bytes/s, active sites and
 * hosts, queue depth) at a fixed interval, on one named daemon thread ({@code
 * crawler-metrics-log}).
 */
public final class MetricsLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsLog.class);

  private final ScheduledExecutorService scheduler;

  /**
   * @param interval time between two lines; must be positive
   */
  public MetricsLog(CrawlerMetrics metrics, Duration interval) {
    Objects.requireNonNull(metrics, "metrics");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(Threads.named("crawler-metrics-log").daemon());
    CrawlerMetrics.Summary[] last = {
      new CrawlerMetrics.Summary(System.nanoTime(), metrics.pagesTotal(), metrics.bytesTotal())
    };
    scheduler.scheduleAtFixedRate(
        () -> {
          try {
            last[0] = metrics.summary(last[0], System.nanoTime());
            log.info(last[0].line());
          } catch (RuntimeException e) {
            log.warn("could not log the crawler metrics: {}", e.toString());
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
