package org.sitewatch.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.sitewatch.common.kafka.ConsumerProgress;

/**
 * The meters that several stages register under one name (docs/metrics.md, "Meters"), so that the
 * names and tags are spelled once. Stage-specific meters live with their stage.
 */
public final class StageMeters {
  /** {@code sitewatch_records_rejected_total} [stage, topic, reason]. */
  public static final String RECORDS_REJECTED = "sitewatch.records.rejected";

  /** {@code sitewatch_consumer_lag_records} [stage, topic]. */
  public static final String CONSUMER_LAG = "sitewatch.consumer.lag";

  /** {@code sitewatch_oldest_unprocessed_age_seconds} [stage, topic]. */
  public static final String OLDEST_UNPROCESSED_AGE = "sitewatch.oldest.unprocessed.age";

  /** {@code sitewatch_consumer_processed_records_total} [stage, topic]. */
  public static final String CONSUMER_PROCESSED = "sitewatch.consumer.processed";

  /** {@code sitewatch_warc_errors_total} [operation]. */
  public static final String WARC_ERRORS = "sitewatch.warc.errors";

  /** {@code sitewatch_db_errors_total} [stage]. */
  public static final String DB_ERRORS = "sitewatch.db.errors";

  private StageMeters() {}

  /**
   * The counter of records of {@code topic} that {@code stage} turned into a bad-record outcome for
   * {@code reason}: a short, fixed word chosen by the caller (never text from the record), so the
   * number of series stays bounded.
   */
  public static Counter rejected(
      MeterRegistry registry, String stage, String topic, String reason) {
    return Counter.builder(RECORDS_REJECTED)
        .description("records that became a bad-record outcome instead of work")
        .tag("stage", stage)
        .tag("topic", topic)
        .tag("reason", reason)
        .register(registry);
  }

  /** The counter of failed WARC operations ({@code write}, {@code read}). */
  public static Counter warcErrors(MeterRegistry registry, String operation) {
    return Counter.builder(WARC_ERRORS)
        .description("WARC write/read failures")
        .tag("operation", operation)
        .register(registry);
  }

  /** The counter of failed database operations of {@code stage}. */
  public static Counter dbErrors(MeterRegistry registry, String stage) {
    return Counter.builder(DB_ERRORS)
        .description("database operations that failed")
        .tag("stage", stage)
        .register(registry);
  }

  /**
   * A latency timer that publishes percentile histogram buckets, so that Prometheus can compute
   * quantiles (p95) over any window and across processes.
   */
  public static Timer latency(MeterRegistry registry, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofDays(1))
        .register(registry);
  }

  /**
   * The lag and oldest-unprocessed-age gauges of {@code stage} on {@code topic}, and the counter of
   * records it processed (what the {@code stalled} readiness check watches for progress).
   */
  public static void consumer(
      MeterRegistry registry, String stage, String topic, ConsumerProgress progress) {
    consumer(
        registry,
        stage,
        topic,
        () -> progress.lag(topic),
        () -> progress.oldestUnprocessedAge(topic));
    processed(registry, stage, topic, progress, p -> p.handled(topic));
  }

  /**
   * The counter of records of {@code topic} that {@code stage} processed, read as {@code
   * processed(source)} (a count that only grows). The registry holds {@code source} weakly, as
   * Micrometer does for function counters: the stage must hold it while it runs.
   */
  public static <T> void processed(
      MeterRegistry registry, String stage, String topic, T source, ToLongFunction<T> processed) {
    FunctionCounter.builder(CONSUMER_PROCESSED, source, s -> (double) processed.applyAsLong(s))
        .description("records the stage's consumer processed (or turned into an outcome)")
        .baseUnit("records")
        .tag("stage", stage)
        .tag("topic", topic)
        .register(registry);
  }

  /** As {@link #consumer(MeterRegistry, String, String, ConsumerProgress)}, from two sources. */
  public static void consumer(
      MeterRegistry registry,
      String stage,
      String topic,
      LongSupplier lag,
      Supplier<Duration> oldestUnprocessedAge) {
    Gauge.builder(CONSUMER_LAG, lag, s -> (double) s.getAsLong())
        .description("records behind the end of the assigned partitions")
        .baseUnit("records")
        .tag("stage", stage)
        .tag("topic", topic)
        .strongReference(true)
        .register(registry);
    Gauge.builder(OLDEST_UNPROCESSED_AGE, oldestUnprocessedAge, s -> s.get().toNanos() / 1e9)
        .description("age of the oldest record not yet processed (0 when caught up)")
        .baseUnit("seconds")
        .tag("stage", stage)
        .tag("topic", topic)
        .strongReference(true)
        .register(registry);
  }
}
