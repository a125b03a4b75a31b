package org.sitewatch.web.data;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.Severity;

/**
 * One lead as the queue lists it.
 *
 * @param id the lead's id
 * @param site its site (text from the crawl: escape it)
 * @param status its review state
 * @param priority 0 to 100, higher first
 * @param severity its severity
 * @param flags its priority flags
 * @param score the site score in [0, 1]
 * @param conducts the conducts its evidence points to
 * @param assignee who it is assigned to
 * @param newEvidence whether a verdict changed it since an analyst last acknowledged it
 * @param firstFlaggedAt when the sink opened it
 * @param updatedAt when it last changed
 * @param routes the bureaus it is routed to, by region code
 */
public record QueueRow(
    long id,
    String site,
    LeadStatus status,
    int priority,
    Severity severity,
    Set<PriorityFlag> flags,
    double score,
    List<String> conducts,
    Optional<String> assignee,
    boolean newEvidence,
    Instant firstFlaggedAt,
    Instant updatedAt,
    List<Route> routes) {
  public QueueRow {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(severity, "severity");
    flags =
        flags.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(flags)); // in the enum's order
    conducts = List.copyOf(conducts);
    assignee = assignee == null ? Optional.empty() : assignee;
    Objects.requireNonNull(firstFlaggedAt, "firstFlaggedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    routes = List.copyOf(routes);
  }

  /** A bureau the lead is routed to. */
  public record Route(String regionCode, String bureau) {
    public Route {
      Objects.requireNonNull(regionCode, "regionCode");
      Objects.requireNonNull(bureau, "bureau");
    }
  }

  /** Where the next page starts if this row ends one. */
  public QueueCursor cursor() {
    return new QueueCursor(priority, score, site);
  }
}
