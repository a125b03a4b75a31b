package org.sitewatch.classifier.page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sitewatch.events.SignalHit;

/**
 * Turns raw hits into a page score: {@code logit = BIAS + sum of contributions}, {@code score = 1 /
 * (1 + e^-logit)}. A hit contributes {@code weight * countFactor(count)}; per category the sum is
 * limited to {@link Category#cap()} by scaling that category's hits down proportionally, so the
 * reported signal weights always add up to {@code logit - BIAS}.
 */
public final class Scoring {
  /** An ordinary page with no signals scores logistic(-4) ≈ 0.018. */
  public static final double BIAS = -4.0;

  /** A repeated match counts for at most this many. */
  static final int MAX_COUNTED = 3;

  private Scoring() {}

  /**
   * 1 for one match, 1.5 for two, 2 for three or more: repetition helps a little, but a single
   * built-in rule (weights stay below 2) can never reach the {@code -BIAS} needed for a score of
   * 0.5.
   */
  public static double countFactor(int count) {
    return 1 + 0.5 * (Math.min(count, MAX_COUNTED) - 1);
  }

  public static double logistic(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }

  /** The scored result of one page's raw hits. */
  record Result(double score, List<SignalHit> signals, List<String> categories) {}

  static Result score(String url, List<RawHit> hits) {
    boolean explicit =
        hits.stream().anyMatch(h -> h.category() == Category.EXPLICIT && h.weight() > 0);
    Map<Category, List<RawHit>> byCategory = new EnumMap<>(Category.class);
    for (RawHit hit : hits) {
      if (hit.category() == Category.MINORS && !explicit) {
        continue;
      }
      byCategory.computeIfAbsent(hit.category(), c -> new ArrayList<>()).add(hit);
    }
    double logit = BIAS;
    List<SignalHit> signals = new ArrayList<>();
    Set<String> categories = new LinkedHashSet<>();
    for (Map.Entry<Category, List<RawHit>> entry : byCategory.entrySet()) {
      Category category = entry.getKey();
      double sum = 0;
      for (RawHit hit : entry.getValue()) {
        sum += hit.weight() * countFactor(hit.count());
      }
      double scale = Math.abs(sum) > Math.abs(category.cap()) ? category.cap() / sum : 1.0;
      for (RawHit hit : entry.getValue()) {
        double contribution = round(hit.weight() * countFactor(hit.count()) * scale);
        signals.add(
            new SignalHit(
                hit.id(), category.label(), contribution, hit.count(), hit.snippet(), url));
        logit += contribution;
        // a known-site list is a prior, not evidence: its signal stays, its category does not
        if (contribution > 0 && category != Category.KNOWN_SITE) {
          categories.add(category.label());
        }
      }
    }
    signals.sort(
        Comparator.comparingDouble(SignalHit::weight).reversed().thenComparing(SignalHit::id));
    double score = Math.min(1.0, Math.max(0.0, logistic(logit)));
    return new Result(score, signals, List.copyOf(categories));
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
