package org.sitewatch.sink.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.sitewatch.common.kafka.ConsumerProgress;
import org.sitewatch.common.metrics.StageMeters;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.lead.ApplyResult;

/**
 * The sink's meters (docs/metrics.md): verdicts applied by result, fetch-to-lead latency, verdict
 * records rejected by reason, failed database operations, and the verdict topic's lag and
 * oldest-unprocessed-age gauges (kept by {@link ConsumerProgress}).
 */
final class SinkMeters {
  static final String STAGE = "sink";

  /** Why a verdict record became an outcome instead of work: fixed words, bounded series. */
  enum Rejection {
    UNREADABLE("unreadable"),
    REFUSED("refused"),
    DB_REJECTED("db-rejected");

    final String tag;

    Rejection(String tag) {
      this.tag = tag;
    }
  }

  private final Map<ApplyResult, Counter> leads = new EnumMap<>(ApplyResult.class);
  private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
  private final Timer fetchToLead;
  private final Counter dbErrors;
  private final ConsumerProgress progress;

  SinkMeters(MeterRegistry registry, String verdictsTopic, Clock clock) {
    for (ApplyResult r : ApplyResult.values()) {
      leads.put(
          r,
          Counter.builder("sitewatch.sink.leads")
              .description("verdicts applied, by result")
              .tag("result", r.name())
              .register(registry));
    }
    for (Rejection r : Rejection.values()) {
      rejected.put(r, StageMeters.rejected(registry, STAGE, verdictsTopic, r.tag));
    }
    fetchToLead =
        StageMeters.latency(
            registry,
            "sitewatch.fetch.to.lead",
            "a verdict's newest page fetch to its lead's commit");
    dbErrors = StageMeters.dbErrors(registry, STAGE);
    progress = new ConsumerProgress(clock);
    StageMeters.consumer(registry, STAGE, verdictsTopic, progress);
  }

  ConsumerProgress progress() {
    return progress;
  }

  /** A verdict applied and committed with {@code result}; {@code committedAt} the commit time. */
  void applied(SiteVerdict verdict, ApplyResult result, Instant committedAt) {
    leads.get(result).increment();
    if (result.changed()) {
      Instant fetched = newestFetch(verdict);
      if (fetched != null) {
        Duration d = Duration.between(fetched, committedAt);
        fetchToLead.record(d.isNegative() ? Duration.ZERO : d);
      }
    }
  }

  void rejected(Rejection reason) {
    rejected.get(reason).increment();
  }

  void dbError() {
    dbErrors.increment();
  }

  /**
   * The verdict's newest page fetch: {@link SiteVerdict#lastFetchedAt()}, or for a verdict from a
   * classifier older than that field, the newest of its page references.
   */
  private static Instant newestFetch(SiteVerdict verdict) {
    if (verdict.lastFetchedAt() != null) {
      return verdict.lastFetchedAt();
    }
    return verdict.pages().stream().map(PageRef::fetchedAt).max(Instant::compareTo).orElse(null);
  }
}
