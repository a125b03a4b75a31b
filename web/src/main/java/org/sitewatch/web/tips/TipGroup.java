package org.sitewatch.web.tips;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.tips.TipStatus;

/**
 * The tips on one site that the queue's filter admits, and what the viewer may know of the site.
 *
 * @param site the reported site
 * @param tips how many of its tips the filter admits
 * @param latest when the newest of them came in
 * @param categories their categories' labels, sorted
 * @param channels how they came in ({@code WEB}, {@code HOTLINE}), sorted
 * @param urls the URLs they reported, newest first, at most {@link TipQueue#URLS_SHOWN}
 * @param moreUrls how many further distinct URLs they reported
 * @param statuses how many of them stand at each status and reason
 * @param lead the site's lead as the viewer may see it
 * @param hasVerdict whether the sink kept the site's latest (unflagged) verdict, from which a lead
 *     can be opened by hand
 * @param openable whether a lead can be opened by hand now: a kept verdict, no lead, and tips that
 *     are not actionable or under review
 * @param opening the latest "open a lead by hand" on the site's tips: who asked and when
 */
public record TipGroup(
    String site,
    long tips,
    Instant latest,
    List<String> categories,
    List<String> channels,
    List<String> urls,
    long moreUrls,
    List<StatusCount> statuses,
    LeadShown lead,
    boolean hasVerdict,
    boolean openable,
    Optional<Opening> opening) {
  public TipGroup {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(latest, "latest");
    categories = List.copyOf(categories);
    channels = List.copyOf(channels);
    urls = List.copyOf(urls);
    statuses = List.copyOf(statuses);
    Objects.requireNonNull(lead, "lead");
    opening = opening == null ? Optional.empty() : opening;
  }

  /** Whether a lead was asked for by hand and the sink has not opened it yet. */
  public boolean leadBeingOpened() {
    return opening.isPresent() && !lead.exists();
  }

  /** How many tips stand at one status, for one reason ({@code status_reason}, may be empty). */
  public record StatusCount(TipStatus status, String reason, long count) {}

  /** Who asked for a lead by hand, and when ({@code tip_event}). */
  public record Opening(String actor, Instant at) {}

  /**
   * The site's lead, as far as the bureau rule lets the viewer see it.
   *
   * @param exists whether the site has a lead at all
   * @param id the lead's id, only if the viewer may see it
   * @param status its status, only if the viewer may see it
   */
  public record LeadShown(boolean exists, Optional<Long> id, Optional<LeadStatus> status) {
    public static final LeadShown NONE = new LeadShown(false, Optional.empty(), Optional.empty());

    /** A lead of another bureau: its existence, never its id. */
    public boolean hidden() {
      return exists && id.isEmpty();
    }
  }
}
