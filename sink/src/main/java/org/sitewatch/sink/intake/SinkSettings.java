package org.sitewatch.sink.intake;

import java.time.Duration;
import java.util.Objects;
import org.sitewatch.sink.recrawl.CheckRecorder;
import org.sitewatch.sink.recrawl.RecrawlSettings;
import org.sitewatch.sink.recrawl.Recrawler;
import org.sitewatch.sink.tips.TipFollower;
import org.sitewatch.sink.tips.TipSettings;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Settings of the lead sink's Kafka consumer.
 *
 * @param groupId consumer group id; every sink instance of one deployment shares it
 * @param pollTimeout how long one poll waits for verdicts; also bounds how long {@link
 *     LeadSink#close()} waits for an idle consumer
 * @param review when dismissed leads reopen, and which domains are education networks
 * @param recrawl when the sites of open leads are re-checked ({@link Recrawler}); the checks are
 *     recorded by a {@link CheckRecorder} in consumer group {@code groupId + "-checks"}
 * @param trust how far ahead of a lead a verdict may be and still be applied
 * @param tips how tips are followed from report to lead ({@link TipFollower}, consumer group {@code
 *     groupId + "-tips"})
 */
public record SinkSettings(
    String groupId,
    Duration pollTimeout,
    ReviewPolicy review,
    RecrawlSettings recrawl,
    VerdictTrust trust,
    TipSettings tips) {
  /** The default consumer group id. */
  public static final String DEFAULT_GROUP_ID = "sitewatch-sink";

  /** The default poll timeout. */
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);

  public SinkSettings {
    Objects.requireNonNull(groupId, "groupId");
    if (groupId.isBlank()) {
      throw new IllegalArgumentException("groupId must not be blank");
    }
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    if (pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new IllegalArgumentException("pollTimeout must be positive: " + pollTimeout);
    }
    if (pollTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("pollTimeout must be at most 1 minute: " + pollTimeout);
    }
    Objects.requireNonNull(review, "review");
    Objects.requireNonNull(recrawl, "recrawl");
    Objects.requireNonNull(trust, "trust");
    tips = tips == null ? TipSettings.defaults() : tips;
  }

  /** Settings with the default tip follow-up. */
  public SinkSettings(
      String groupId,
      Duration pollTimeout,
      ReviewPolicy review,
      RecrawlSettings recrawl,
      VerdictTrust trust) {
    this(groupId, pollTimeout, review, recrawl, trust, TipSettings.defaults());
  }

  /** The consumer group of the {@link TipFollower}: the sink's group with {@code -tips}. */
  public String tipsGroupId() {
    return groupId + "-tips";
  }

  /** The consumer group of the {@link CheckRecorder}: the sink's group with {@code -checks}. */
  public String checksGroupId() {
    return groupId + "-checks";
  }

  /** Settings with the default review policy, recrawl schedule and verdict trust. */
  public SinkSettings(String groupId, Duration pollTimeout) {
    this(
        groupId,
        pollTimeout,
        ReviewPolicy.DEFAULTS,
        RecrawlSettings.defaults(),
        VerdictTrust.DEFAULTS);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Settings part by part; each part defaults as in {@link #defaults()}. */
  public static final class Builder {
    private String groupId;
    private Duration pollTimeout;
    private ReviewPolicy review;
    private RecrawlSettings recrawl;
    private VerdictTrust trust;
    private TipSettings tips;

    private Builder(SinkSettings from) {
      this.groupId = from.groupId();
      this.pollTimeout = from.pollTimeout();
      this.review = from.review();
      this.recrawl = from.recrawl();
      this.trust = from.trust();
      this.tips = from.tips();
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder pollTimeout(Duration pollTimeout) {
      this.pollTimeout = pollTimeout;
      return this;
    }

    public Builder review(ReviewPolicy review) {
      this.review = review;
      return this;
    }

    public Builder recrawl(RecrawlSettings recrawl) {
      this.recrawl = recrawl;
      return this;
    }

    public Builder trust(VerdictTrust trust) {
      this.trust = trust;
      return this;
    }

    public Builder tips(TipSettings tips) {
      this.tips = tips;
      return this;
    }

    /**
     * @throws IllegalArgumentException or {@link NullPointerException} as the record's constructor
     */
    public SinkSettings build() {
      return new SinkSettings(groupId, pollTimeout, review, recrawl, trust, tips);
    }
  }

  /** Group {@value #DEFAULT_GROUP_ID}, poll timeout 500 ms. */
  public static SinkSettings defaults() {
    return new SinkSettings(
        DEFAULT_GROUP_ID,
        DEFAULT_POLL_TIMEOUT,
        ReviewPolicy.DEFAULTS,
        RecrawlSettings.defaults(),
        VerdictTrust.DEFAULTS,
        TipSettings.defaults());
  }
}
