package org.sitewatch.sink.tips;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sink follows tips ({@link TipFollower}).
 *
 * @param followInterval how often tips are matched with leads and crawl results, left-over crawl
 *     requests sent and due retries made
 * @param verdictGrace how long after its site's crawl ended a tip waits for a verdict that flags
 *     the site before it is "not actionable" (verdicts of a crawl's last pages may come after the
 *     crawl's end)
 * @param unsentAfter a tip whose crawl request the receiving process did not send within this time
 *     is sent by the sink
 * @param retryInterval how long after a failed crawl (site unreachable) it is tried again
 * @param maxCrawlAttempts crawls of an unreachable site before its tips are "not actionable"
 * @param contactRetention how long a reporter's contact data is kept (the tip itself stays)
 */
public record TipSettings(
    Duration followInterval,
    Duration verdictGrace,
    Duration unsentAfter,
    Duration retryInterval,
    int maxCrawlAttempts,
    Duration contactRetention) {
  public static final Duration DEFAULT_FOLLOW_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_VERDICT_GRACE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_UNSENT_AFTER = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofHours(24);
  public static final int DEFAULT_MAX_CRAWL_ATTEMPTS = 3;
  public static final Duration DEFAULT_CONTACT_RETENTION = Duration.ofDays(180);

  public TipSettings {
    positive(followInterval, "followInterval");
    notNegative(verdictGrace, "verdictGrace");
    positive(unsentAfter, "unsentAfter");
    positive(retryInterval, "retryInterval");
    if (maxCrawlAttempts < 1 || maxCrawlAttempts > 100) {
      throw new IllegalArgumentException("maxCrawlAttempts must be in 1..100: " + maxCrawlAttempts);
    }
    positive(contactRetention, "contactRetention");
  }

  public static TipSettings defaults() {
    return new TipSettings(
        DEFAULT_FOLLOW_INTERVAL,
        DEFAULT_VERDICT_GRACE,
        DEFAULT_UNSENT_AFTER,
        DEFAULT_RETRY_INTERVAL,
        DEFAULT_MAX_CRAWL_ATTEMPTS,
        DEFAULT_CONTACT_RETENTION);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
  }
}
