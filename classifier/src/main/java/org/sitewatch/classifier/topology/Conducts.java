package org.sitewatch.classifier.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.classifier.conduct.ConductDetector;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.SignalHit;

/**
 * The conducts a site's verdict names, decided per site from the evidence of all its pages ({@link
 * ConductDetector} finds it page by page, {@link SiteState} keeps it); the one place this rule
 * lives (see {@code package-info.java} and docs/classifier.md):
 *
 * <ul>
 *   <li>only a flagged site has conducts: an ordinary shop shows prices too;
 *   <li>{@code for-profit} when any page shows profit evidence (a price, rate, top-up, coins, paid
 *       download or app, payment method or account);
 *   <li>{@code without-profit} when no page does and the site shows explicit content; never both;
 *   <li>{@code showing-audio-video} and {@code solicitation} when any page shows their evidence.
 * </ul>
 *
 * Each conduct named comes with at least one {@link ConductReason}; the order is that of {@link
 * ConductDetector#ORDER}.
 */
final class Conducts {
  /** Reasons a site keeps per conduct. */
  static final int MAX_PER_CONDUCT = 4;

  private Conducts() {}

  /** The conducts of {@code reasons}, once each, in their order. */
  static List<String> of(List<ConductReason> reasons) {
    Set<String> conducts = new LinkedHashSet<>();
    for (ConductReason r : reasons) {
      conducts.add(r.conduct());
    }
    return List.copyOf(conducts);
  }

  /**
   * The reasons a verdict shows: none unless {@code siteFlagged}; the site's evidence, where the
   * kept without-profit evidence (explicit content) counts only when no profit evidence exists; a
   * state that keeps none falls back on {@code explicit}, the strongest explicit signal of its
   * pages.
   */
  static List<ConductReason> reasons(
      boolean siteFlagged, List<ConductReason> evidence, Optional<SignalHit> explicit) {
    if (!siteFlagged) {
      return List.of();
    }
    boolean profit =
        evidence.stream().anyMatch(r -> r.conduct().equals(ConductDetector.FOR_PROFIT));
    List<ConductReason> all = new ArrayList<>(evidence.size() + 1);
    boolean keptWithoutProfit = false;
    for (ConductReason r : evidence) {
      if (!r.conduct().equals(ConductDetector.WITHOUT_PROFIT)) {
        all.add(r);
      } else if (!profit) {
        all.add(r);
        keptWithoutProfit = true;
      }
    }
    if (!profit && !keptWithoutProfit && explicit.isPresent()) {
      SignalHit s = explicit.get();
      all.add(
          Bounds.conductReason(
              new ConductReason(ConductDetector.WITHOUT_PROFIT, s.id(), s.snippet(), s.url())));
    }
    all.sort(Comparator.comparingInt(r -> ConductDetector.ORDER.indexOf(r.conduct())));
    return List.copyOf(all);
  }

  /**
   * {@code old} and {@code added} together: one reason per (conduct, kind of signal), the first
   * seen kept, strongest kind first ({@link ConductDetector#KIND_ORDER}), at most {@code
   * perConduct} per conduct.
   */
  static List<ConductReason> merge(
      List<ConductReason> old, List<ConductReason> added, int perConduct) {
    Map<String, ConductReason> byKind = new LinkedHashMap<>();
    for (ConductReason r : old) {
      byKind.putIfAbsent(r.conduct() + '\u0000' + r.signal(), r);
    }
    for (ConductReason r : added) {
      byKind.putIfAbsent(r.conduct() + '\u0000' + r.signal(), r);
    }
    List<ConductReason> sorted = new ArrayList<>(byKind.values());
    sorted.sort(
        Comparator.comparingInt((ConductReason r) -> ConductDetector.ORDER.indexOf(r.conduct()))
            .thenComparingInt(r -> ConductDetector.rank(r.signal())));
    List<ConductReason> kept = new ArrayList<>(sorted.size());
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ConductReason r : sorted) {
      int n = counts.merge(r.conduct(), 1, Integer::sum);
      if (n <= perConduct) {
        kept.add(r);
      }
    }
    return kept.equals(old) ? old : List.copyOf(kept);
  }
}
