package org.sitewatch.sink.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.events.Json;

/**
 * Campaign figures over all leads, as computed by {@link LeadStats}.
 *
 * @param leads how many leads there are
 * @param byStatus leads per status, every status listed (zero included), in lifecycle order
 * @param byConduct leads per conduct (a lead with two conducts counts for both), most first
 * @param byFlag leads per priority flag, every flag listed
 * @param bySeverity leads per severity, every severity listed
 * @param confirmed leads confirmed at least once (those the times below are taken over)
 * @param toConfirmationMedian median time from the lead's opening to its first confirmation
 * @param toConfirmationP90 90th percentile of the same
 * @param reopenedLeads leads reopened at least once (by an analyst or by new evidence)
 * @param reopenings reopenings in all
 * @param followUp bureaus, time to lead, time to takedown and recrawl check states
 */
public record CampaignStats(
    long leads,
    Map<String, Long> byStatus,
    Map<String, Long> byConduct,
    Map<String, Long> byFlag,
    Map<String, Long> bySeverity,
    long confirmed,
    Optional<Duration> toConfirmationMedian,
    Optional<Duration> toConfirmationP90,
    long reopenedLeads,
    long reopenings,
    FollowUpStats followUp) {
  public CampaignStats {
    Objects.requireNonNull(followUp, "followUp");
    byStatus = copy(byStatus);
    byConduct = copy(byConduct);
    byFlag = copy(byFlag);
    bySeverity = copy(bySeverity);
    Objects.requireNonNull(toConfirmationMedian, "toConfirmationMedian");
    Objects.requireNonNull(toConfirmationP90, "toConfirmationP90");
  }

  /** Figures without the follow-up part (no routes, no checks). */
  public CampaignStats(
      long leads,
      Map<String, Long> byStatus,
      Map<String, Long> byConduct,
      Map<String, Long> byFlag,
      Map<String, Long> bySeverity,
      long confirmed,
      Optional<Duration> toConfirmationMedian,
      Optional<Duration> toConfirmationP90,
      long reopenedLeads,
      long reopenings) {
    this(
        leads,
        byStatus,
        byConduct,
        byFlag,
        bySeverity,
        confirmed,
        toConfirmationMedian,
        toConfirmationP90,
        reopenedLeads,
        reopenings,
        FollowUpStats.EMPTY);
  }

  private static Map<String, Long> copy(Map<String, Long> m) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /**
   * The figures as a JSON object; durations in seconds ({@code null} when nothing was confirmed).
   */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("leads", leads);
    m.put("byStatus", byStatus);
    m.put("byConduct", byConduct);
    m.put("byFlag", byFlag);
    m.put("bySeverity", bySeverity);
    Map<String, Object> confirmation = new LinkedHashMap<>();
    confirmation.put("confirmed", confirmed);
    confirmation.put("medianSeconds", toConfirmationMedian.map(Duration::toSeconds).orElse(null));
    confirmation.put("p90Seconds", toConfirmationP90.map(Duration::toSeconds).orElse(null));
    m.put("firstFlagToConfirmation", confirmation);
    m.put("reopenedLeads", reopenedLeads);
    m.put("reopenings", reopenings);
    m.putAll(followUp.toMap());
    try {
      return Json.mapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write campaign figures as JSON", e);
    }
  }

  /** The figures as readable text, one section per breakdown. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("leads: ").append(leads).append('\n');
    section(sb, "by status", byStatus);
    section(sb, "by conduct", byConduct);
    section(sb, "by priority flag", byFlag);
    section(sb, "by severity", bySeverity);
    sb.append("first flag to confirmation: ");
    if (confirmed == 0) {
      sb.append("no lead confirmed yet\n");
    } else {
      sb.append("median ")
          .append(human(toConfirmationMedian.orElseThrow()))
          .append(", p90 ")
          .append(human(toConfirmationP90.orElseThrow()))
          .append(" (")
          .append(confirmed)
          .append(" confirmed)\n");
    }
    sb.append("reopened: ")
        .append(reopenedLeads)
        .append(" lead(s), ")
        .append(reopenings)
        .append(" reopening(s)\n");
    followUpText(sb);
    return sb.toString();
  }

  private void followUpText(StringBuilder sb) {
    Map<String, Long> bureaus = new LinkedHashMap<>(followUp.byBureau());
    if (followUp.unrouted() > 0) {
      bureaus.put("(no bureau)", followUp.unrouted());
    }
    section(sb, "by bureau", bureaus);
    sb.append("first fetch to lead: ")
        .append(times(followUp.firstFetchToLead(), "lead(s)"))
        .append('\n');
    sb.append("confirmation to takedown: ")
        .append(times(followUp.confirmationToTakedown(), "taken down"))
        .append(", ")
        .append(followUp.stillOnline())
        .append(" confirmed still online");
    if (followUp.goneBeforeConfirmation() > 0) {
      sb.append(", ").append(followUp.goneBeforeConfirmation()).append(" gone before confirmation");
    }
    sb.append('\n');
    section(sb, "by last recrawl check", followUp.byCheckState());
  }

  private static String times(FollowUpStats.Times t, String what) {
    if (t.count() == 0) {
      return "none yet";
    }
    return "median "
        + human(t.median().orElseThrow())
        + ", p90 "
        + human(t.p90().orElseThrow())
        + " ("
        + t.count()
        + " "
        + what
        + ")";
  }

  private static void section(StringBuilder sb, String title, Map<String, Long> counts) {
    sb.append(title).append(':').append('\n');
    if (counts.isEmpty()) {
      sb.append("  (none)\n");
    }
    counts.forEach((k, v) -> sb.append(String.format("  %-22s %6d%n", k, v)));
  }

  private static String human(Duration d) {
    long h = d.toHours();
    long m = d.toMinutesPart();
    return h > 0 ? h + "h " + m + "m" : d.toMinutes() + "m " + d.toSecondsPart() + "s";
  }
}
