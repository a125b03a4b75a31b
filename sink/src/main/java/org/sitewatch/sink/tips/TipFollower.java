package org.sitewatch.sink.tips;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.intake.SinkSettings;

/**
 * Follows tips from report to lead, in the sink process (docs/tips.md): reads the outcomes topic
 * (consumer group {@link SinkSettings#tipsGroupId()}) for the end of each reported site's crawl,
 * and every {@link TipSettings#followInterval()} moves tip statuses (a lead on the site: action
 * taken; a crawl that found nothing to flag, or a site unreachable after its retries: not
 * actionable), sets each lead's {@code tips} count and priority, sends crawl requests left unsent
 * and due retries (source TIP), and erases contact data past its retention. Every status change is
 * appended to {@code tip_event}.
 *
 * <p>SKELETON: the constructor and lifecycle are the contract; the work is being written.
 */
public final class TipFollower implements AutoCloseable {
  private final SinkSettings settings;

  /**
   * @param dataSource the lead database as the sink role
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and security settings)
   */
  public TipFollower(
      SinkSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(kafkaProps, "kafkaProps");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(clock, "clock");
  }

  /** Starts the outcome consumer and the follow-up thread. */
  public void start() {}

  /** Whether both threads are alive. */
  public boolean isRunning() {
    return true;
  }

  @Override
  public void close() {}
}
