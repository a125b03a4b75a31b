package org.sitewatch.infra.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The figures of one {@code bench faults} run, computed from what an outside observer read: the
 * seeded and expected sites, the {@code SITE_CRAWLED} outcomes counted per site, and the lead,
 * history and custody rows of the database. Pure: no I/O, no clock.
 *
 * <p>Two history or custody rows describe <em>the same evidence</em> when they belong to the same
 * lead and carry the same flag, score, conducts and set of pages (URL and body digest), whatever
 * their revision, epoch, fetch or write times: a replay that re-files what the lead already says. A
 * history row ({@code lead_event}) carries no pages; it takes the evidence of the custody entry of
 * the same lead, epoch and revision (the sink writes both in one transaction).
 */
final class FaultFigures {
  /** Custody actions the sink writes for a verdict; the evidence they describe is compared. */
  static final Set<String> VERDICT_ACTIONS = Set.of("LEAD_OPENED", "LEAD_UPDATED");

  private FaultFigures() {}

  /**
   * A lead as read back: its pages as {@code url|bodySha256} and its signals as {@code
   * id|url|count}, each in any order.
   */
  record Lead(String site, int pagesScored, List<String> pages, List<String> signals) {
    Lead {
      Objects.requireNonNull(site, "site");
      pages = List.copyOf(pages);
      signals = List.copyOf(signals);
    }

    /** The lead's evidence without order: what two runs must agree on. */
    String evidence() {
      return pagesScored
          + " pages scored; pages "
          + new TreeSet<>(pages)
          + "; signals "
          + new TreeSet<>(signals);
    }

    /** More page entries (or pages scored) than distinct pages: a replay counted twice. */
    boolean inflated() {
      int distinct = new HashSet<>(pages).size();
      return pages.size() > distinct;
    }
  }

  /** One {@code lead_event} row. */
  record HistoryRow(long leadId, long epoch, long revision, String kind) {}

  /**
   * One {@code custody_entry} row; {@code evidence} is its details' flag, score, conducts and
   * sorted distinct pages, as {@link #evidenceKey} makes it (empty for actions without them).
   */
  record CustodyRow(
      long leadId, long seq, String action, long epoch, long revision, String evidence) {}

  /** What was read after a run. {@code crawledCount} is SITE_CRAWLED outcomes per site. */
  record Observation(
      Set<String> seededSites,
      Set<String> expectedLeadSites,
      Map<String, Integer> crawledCount,
      List<Lead> leads,
      List<HistoryRow> history,
      List<CustodyRow> custody) {
    Observation {
      seededSites = Set.copyOf(seededSites);
      expectedLeadSites = Set.copyOf(expectedLeadSites);
      crawledCount = Map.copyOf(crawledCount);
      leads = List.copyOf(leads);
      history = List.copyOf(history);
      custody = List.copyOf(custody);
    }
  }

  /** The derived figures; {@code leadsDifferingFromFaultFree} is -1 without a reference run. */
  record Figures(
      int sitesSeeded,
      int sitesCrawled,
      int extraSiteCrawledOutcomes,
      int leadsExpected,
      int leadsFound,
      List<String> leadsMissing,
      List<String> leadsUnexpected,
      int historyRows,
      int custodyRows,
      int duplicateHistoryRows,
      int duplicateCustodyRows,
      int leadsWithInflatedPages,
      int leadsDifferingFromFaultFree,
      List<String> differingLeads) {}

  /** The evidence key of a verdict custody entry from its details' fields. */
  static String evidenceKey(
      boolean flagged, double score, List<String> conducts, List<String> pages) {
    return flagged + "|" + score + "|" + new TreeSet<>(conducts) + "|" + new TreeSet<>(pages);
  }

  /**
   * Computes the figures of a run.
   *
   * @param faultFree the leads of the fault-free run by site, or {@code null} for that run itself
   */
  static Figures compute(Observation o, Map<String, Lead> faultFree) {
    Set<String> crawled = new HashSet<>(o.crawledCount().keySet());
    crawled.retainAll(o.seededSites());
    int extra = o.crawledCount().values().stream().mapToInt(c -> Math.max(0, c - 1)).sum();

    Set<String> found = new HashSet<>();
    o.leads().forEach(l -> found.add(l.site()));
    List<String> missing = sortedDifference(o.expectedLeadSites(), found);
    List<String> unexpected = sortedDifference(found, o.expectedLeadSites());

    Map<String, String> evidenceOf = new HashMap<>();
    int duplicateCustody = 0;
    Set<String> seenCustody = new HashSet<>();
    for (CustodyRow c : o.custody()) {
      if (!VERDICT_ACTIONS.contains(c.action())) {
        continue;
      }
      evidenceOf.put(c.leadId() + "/" + c.epoch() + "/" + c.revision(), c.evidence());
      if (!seenCustody.add(c.leadId() + "/" + c.evidence())) {
        duplicateCustody++;
      }
    }
    int duplicateHistory = 0;
    Set<String> seenHistory = new HashSet<>();
    for (HistoryRow h : o.history()) {
      String key = h.leadId() + "/" + h.epoch() + "/" + h.revision();
      String evidence = evidenceOf.getOrDefault(key, "no custody entry " + key);
      if (!seenHistory.add(h.leadId() + "/" + evidence)) {
        duplicateHistory++;
      }
    }

    int inflated = (int) o.leads().stream().filter(Lead::inflated).count();
    List<String> differing = new ArrayList<>();
    if (faultFree != null) {
      Set<String> sites = new TreeSet<>(faultFree.keySet());
      o.leads().forEach(l -> sites.add(l.site()));
      Map<String, Lead> now = new HashMap<>();
      o.leads().forEach(l -> now.put(l.site(), l));
      for (String site : sites) {
        Lead before = faultFree.get(site);
        Lead after = now.get(site);
        if (before == null || after == null || !before.evidence().equals(after.evidence())) {
          differing.add(site);
        }
      }
    }
    return new Figures(
        o.seededSites().size(),
        crawled.size(),
        extra,
        o.expectedLeadSites().size(),
        found.size(),
        missing,
        unexpected,
        o.history().size(),
        o.custody().size(),
        duplicateHistory,
        duplicateCustody,
        inflated,
        faultFree == null ? -1 : differing.size(),
        differing);
  }

  private static List<String> sortedDifference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return List.copyOf(d);
  }
}
