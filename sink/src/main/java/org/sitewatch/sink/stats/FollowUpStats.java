package org.sitewatch.sink.stats;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What followed the leads: the bureaus they went to, how fast sites became leads, and what the
 * recrawl checks found after confirmation. Part of {@link CampaignStats}.
 *
 * @param byBureau leads routed to each bureau (a lead routed to two counts for both), most first
 * @param unrouted leads with no route (no jurisdiction indication)
 * @param firstFetchToLead per lead: from the earliest fetch of its evidence pages to the lead's
 *     opening
 * @param confirmationToTakedown per confirmed lead whose site went away after its first
 *     confirmation: from that confirmation to {@code gone_since}
 * @param stillOnline confirmed leads whose last check found the site online (or changed)
 * @param goneBeforeConfirmation confirmed leads whose site was already gone when confirmed
 * @param byCheckState leads by the state of their newest check, every state listed, plus {@code
 *     UNCHECKED} for leads never checked
 */
public record FollowUpStats(
    Map<String, Long> byBureau,
    long unrouted,
    Times firstFetchToLead,
    Times confirmationToTakedown,
    long stillOnline,
    long goneBeforeConfirmation,
    Map<String, Long> byCheckState) {
  /** No leads at all. */
  public static final FollowUpStats EMPTY =
      new FollowUpStats(Map.of(), 0, Times.NONE, Times.NONE, 0, 0, Map.of());

  public FollowUpStats {
    byBureau = Collections.unmodifiableMap(new LinkedHashMap<>(byBureau));
    byCheckState = Collections.unmodifiableMap(new LinkedHashMap<>(byCheckState));
    Objects.requireNonNull(firstFetchToLead, "firstFetchToLead");
    Objects.requireNonNull(confirmationToTakedown, "confirmationToTakedown");
  }

  /**
   * A distribution of durations over {@code count} leads.
   *
   * @param median empty when count is 0
   * @param p90 empty when count is 0
   */
  public record Times(long count, Optional<Duration> median, Optional<Duration> p90) {
    public static final Times NONE = new Times(0, Optional.empty(), Optional.empty());

    public Times {
      Objects.requireNonNull(median, "median");
      Objects.requireNonNull(p90, "p90");
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", count);
      m.put("medianSeconds", median.map(Duration::toSeconds).orElse(null));
      m.put("p90Seconds", p90.map(Duration::toSeconds).orElse(null));
      return m;
    }
  }

  /** The figures as JSON-ready maps, added at the top level of the campaign figures. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("byBureau", byBureau);
    m.put("unrouted", unrouted);
    m.put("firstFetchToLead", firstFetchToLead.toMap());
    Map<String, Object> takedown = new LinkedHashMap<>(confirmationToTakedown.toMap());
    takedown.put("stillOnline", stillOnline);
    takedown.put("goneBeforeConfirmation", goneBeforeConfirmation);
    m.put("confirmationToTakedown", takedown);
    m.put("byCheckState", byCheckState);
    return m;
  }
}
