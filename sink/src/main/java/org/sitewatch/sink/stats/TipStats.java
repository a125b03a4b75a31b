package org.sitewatch.sink.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tip figures ({@code sitewatch stats}), as computed by {@link LeadStats#tips()}.
 *
 * @param reports reports received (public site and hotline)
 * @param byChannel reports per channel ({@code WEB}, {@code HOTLINE}), every channel listed
 * @param tips tips (one per reported site of a report)
 * @param byStatus tips per status, every status listed, in {@link
 *     org.sitewatch.sink.tips.TipStatus} order
 * @param becameLeads tips whose site has a lead (opened by a verdict or by hand)
 * @param tipToLead per tip that became a lead: from the tip's receipt to the lead's opening (a lead
 *     that was there before the tip counts zero)
 * @param topSites the most reported sites, most first, at most ten
 */
public record TipStats(
    long reports,
    Map<String, Long> byChannel,
    long tips,
    Map<String, Long> byStatus,
    long becameLeads,
    FollowUpStats.Times tipToLead,
    List<ReportedSite> topSites) {
  /** No tips at all. */
  public static final TipStats EMPTY =
      new TipStats(0, Map.of(), 0, Map.of(), 0, FollowUpStats.Times.NONE, List.of());

  /**
   * One of the most reported sites.
   *
   * @param tips tips naming it
   * @param leadStatus its lead's status, or empty without a lead
   */
  public record ReportedSite(String site, long tips, String leadStatus) {}

  public TipStats {
    byChannel = Collections.unmodifiableMap(new LinkedHashMap<>(byChannel));
    byStatus = Collections.unmodifiableMap(new LinkedHashMap<>(byStatus));
    Objects.requireNonNull(tipToLead, "tipToLead");
    topSites = List.copyOf(topSites);
  }

  /** The share of tips that became leads (0 without tips). */
  public double leadShare() {
    return tips == 0 ? 0 : (double) becameLeads / tips;
  }
}
