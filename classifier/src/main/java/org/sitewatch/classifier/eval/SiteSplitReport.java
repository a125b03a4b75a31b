package org.sitewatch.classifier.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An evaluation split by site ({@link SiteSplit}): the figures on items whose registrable domain
 * the training set holds ({@code seenSites}) and on the others ({@code unseenSites}). Only the
 * second measures addresses of sites a model never saw.
 *
 * @param train the training TSV's file name
 * @param trainSites registrable domains in it
 * @param seenSites items on those domains
 * @param unseenSites items on other domains (or without a host)
 */
public record SiteSplitReport(String train, int trainSites, Part seenSites, Part unseenSites) {
  public SiteSplitReport {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(seenSites, "seenSites");
    Objects.requireNonNull(unseenSites, "unseenSites");
  }

  /**
   * One part: every source together, and per source (sorted).
   *
   * @param overall every source
   * @param bySource per source
   */
  public record Part(Figures overall, Map<String, Figures> bySource) {
    public Part {
      Objects.requireNonNull(overall, "overall");
      bySource = Collections.unmodifiableMap(new LinkedHashMap<>(bySource));
    }
  }

  /**
   * The figures of one group of items.
   *
   * @param metrics counts, precision and recall at the configured threshold
   * @param recallAtPrecision the highest recall at precision {@link SiteSplit#TARGET_PRECISION}
   */
  public record Figures(Report.Metrics metrics, RecallAtPrecision recallAtPrecision) {
    public Figures {
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(recallAtPrecision, "recallAtPrecision");
    }
  }

  /** A table: per part, every source then each source. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nby site: seen = registrable domain in %s (%d sites), unseen = not in it%n",
            train,
            trainSites));
    out.append(
        String.format(
            Locale.ROOT,
            "%-7s %-32s %6s %6s %6s %6s %6s %6s %10s%n",
            "sites",
            "source",
            "adult",
            "benign",
            "prec",
            "recall",
            "F1",
            "R@P" + pct(SiteSplit.TARGET_PRECISION),
            "threshold"));
    rows(out, "seen", seenSites);
    rows(out, "unseen", unseenSites);
    return out.toString();
  }

  private static String pct(double target) {
    return String.format(Locale.ROOT, "%.2f", target).substring(1);
  }

  private static void rows(StringBuilder out, String part, Part p) {
    row(out, part, SiteSplit.ALL, p.overall());
    p.bySource().forEach((source, f) -> row(out, part, source, f));
  }

  private static void row(StringBuilder out, String part, String source, Figures f) {
    Report.Metrics m = f.metrics();
    RecallAtPrecision r = f.recallAtPrecision();
    out.append(
        String.format(
            Locale.ROOT,
            "%-7s %-32s %6d %6d %6s %6s %6s %6s %10s%n",
            part,
            source,
            m.tp() + m.fn(),
            m.fp() + m.tn(),
            ScoredItems.fmt(m.precision()),
            ScoredItems.fmt(m.recall()),
            ScoredItems.fmt(m.f1()),
            ScoredItems.fmt(r.recall()),
            ScoredItems.fmt(r.threshold())));
  }
}
