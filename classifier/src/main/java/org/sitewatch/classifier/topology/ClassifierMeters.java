package org.sitewatch.classifier.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.sitewatch.common.metrics.StageMeters;

/**
 * The classifier's meters (docs/metrics.md): pages scored, verdicts by flagged, records rejected by
 * reason, fetch-to-verdict latency, and the consumer lag and oldest-unprocessed-age gauges of the
 * pages topic (read from the Kafka Streams consumers' own metrics). The topology feeds it; the
 * exception handlers find it in the Streams configuration under {@link #CONFIG}.
 */
public final class ClassifierMeters {
  /** Streams configuration entry holding the instance, for the exception handlers. */
  public static final String CONFIG = "sitewatch.classifier.meters";

  static final String STAGE = "classifier";

  /** Why a page record was rejected: fixed words, so the number of series stays bounded. */
  enum Rejection {
    /** The record could not be deserialized (bad JSON, failed validation). */
    UNREADABLE("unreadable"),
    /** A null value. */
    EMPTY("empty"),
    /** A record without a site key. */
    NO_KEY("no-key"),
    /** A field over its bound. */
    OUT_OF_BOUNDS("out-of-bounds"),
    /** A page whose record key, site field and URL's site disagree (not scored). */
    INCONSISTENT("inconsistent");

    final String tag;

    Rejection(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;
  private final String pagesTopic;
  private final Clock clock;
  private final Counter pages;
  private final Timer fetchToVerdict;
  private final Map<Rejection, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<Boolean, Counter> verdicts = new ConcurrentHashMap<>();
  private final AtomicLong lastFetchedMillis = new AtomicLong(-1);

  /** Registers the classifier's meters in {@code registry}, about records of {@code pagesTopic}. */
  public ClassifierMeters(MeterRegistry registry, String pagesTopic, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.pagesTopic = Objects.requireNonNull(pagesTopic, "pagesTopic");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pages =
        Counter.builder("sitewatch.classifier.pages")
            .description("pages scored")
            .register(registry);
    this.fetchToVerdict =
        StageMeters.latency(
            registry,
            "sitewatch.fetch.to.verdict",
            "a page's fetch to the verdict that counted it");
    for (Rejection r : Rejection.values()) {
      rejected.put(r, StageMeters.rejected(registry, STAGE, pagesTopic, r.tag));
    }
    for (boolean flagged : new boolean[] {true, false}) {
      verdicts.put(
          flagged,
          Counter.builder("sitewatch.classifier.verdicts")
              .description("site verdicts published")
              .tag("flagged", Boolean.toString(flagged))
              .register(registry));
    }
  }

  /** Meters kept in a private registry: for callers that watch none. */
  static ClassifierMeters unwatched(String pagesTopic, Clock clock) {
    return new ClassifierMeters(new SimpleMeterRegistry(), pagesTopic, clock);
  }

  void pageScored(Instant fetchedAt) {
    pages.increment();
    lastFetchedMillis.set(fetchedAt.toEpochMilli());
  }

  void rejected(Rejection reason) {
    rejected.get(reason).increment();
  }

  void verdict(boolean flagged, Instant pageFetchedAt, Instant decidedAt) {
    verdicts.get(flagged).increment();
    Duration d = Duration.between(pageFetchedAt, decidedAt);
    fetchToVerdict.record(d.isNegative() ? Duration.ZERO : d);
  }

  /**
   * Registers the lag gauges of the pages topic, read from the {@code records-lag} metrics of the
   * consumers of {@code streams}; the oldest unprocessed page is taken as the last page scored
   * while the lag is above zero (an upper bound: the next page was fetched no earlier); and the
   * counter of pages processed, read from their {@code records-consumed-total}.
   */
  void watch(KafkaStreams streams) {
    StageMeters.consumer(
        registry,
        STAGE,
        pagesTopic,
        () -> lag(streams),
        () -> {
          long last = lastFetchedMillis.get();
          if (lag(streams) == 0 || last < 0) {
            return Duration.ZERO;
          }
          return Duration.ofMillis(Math.max(0, clock.millis() - last));
        });
    // Streams fetches more pages only once it processed what it buffered: the pages its consumers
    // fetched stand in for the pages processed, for the stalled readiness check
    StageMeters.processed(
        registry, STAGE, pagesTopic, streams, s -> topicMetric(s, "records-consumed-total"));
  }

  private long lag(KafkaStreams streams) {
    return topicMetric(streams, "records-lag");
  }

  private long topicMetric(KafkaStreams streams, String metric) {
    long sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (name.name().equals(metric)
          && name.group().equals("consumer-fetch-manager-metrics")
          && pagesTopic.equals(name.tags().get("topic"))
          && e.getValue().metricValue() instanceof Number n
          && !Double.isNaN(n.doubleValue())) {
        sum += n.longValue();
      }
    }
    return sum;
  }
}
