package org.sitewatch.classifier.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.sitewatch.events.Json;

/**
 * Conduct precision and recall of {@code sitewatch eval --sites}, per conduct, with the sites where
 * the conducts were wrong.
 *
 * @param dataset the evaluated folder's name
 * @param sites sites counted
 * @param byConduct figures per conduct, in the verdict's conduct order
 * @param errors the sites whose conducts differ from their label, in folder order
 * @param skipped sites or pages not counted, each with the reason (no or bad label, unreadable
 *     file)
 */
public record SiteReport(
    String dataset,
    int sites,
    Map<String, ConductMetrics> byConduct,
    List<SiteError> errors,
    List<String> skipped) {
  public SiteReport {
    Objects.requireNonNull(dataset, "dataset");
    byConduct = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byConduct));
    errors = List.copyOf(errors);
    skipped = List.copyOf(skipped);
  }

  /**
   * One conduct's counts over the sites; a figure whose denominator is 0 is {@code null}.
   *
   * @param tp labelled with the conduct and given it
   * @param fp given it without the label
   * @param fn labelled with it but not given it
   * @param precision {@code tp / (tp + fp)}
   * @param recall {@code tp / (tp + fn)}
   */
  public record ConductMetrics(int tp, int fp, int fn, Double precision, Double recall) {
    static ConductMetrics of(int tp, int fp, int fn) {
      return new ConductMetrics(
          tp,
          fp,
          fn,
          tp + fp == 0 ? null : (double) tp / (tp + fp),
          tp + fn == 0 ? null : (double) tp / (tp + fn));
    }
  }

  /**
   * A site whose conducts differ from its label.
   *
   * @param site the site's folder name
   * @param expected the conducts of its label
   * @param got the conducts of its verdict
   * @param flagged whether the verdict flagged the site (only a flagged site has conducts)
   * @param score the site score
   * @param reasons the verdict's conduct reasons, {@code conduct signal 'snippet' url}
   */
  public record SiteError(
      String site,
      List<String> expected,
      List<String> got,
      boolean flagged,
      double score,
      List<String> reasons) {
    public SiteError {
      Objects.requireNonNull(site, "site");
      expected = List.copyOf(expected);
      got = List.copyOf(got);
      reasons = List.copyOf(reasons);
    }
  }

  /** A table per conduct followed by the errors and the skipped sites. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(dataset)
        .append(": ")
        .append(sites)
        .append(" sites counted, ")
        .append(skipped.size())
        .append(" skipped\n");
    out.append(
        String.format(
            Locale.ROOT,
            "%-22s %4s %4s %4s %7s %7s%n",
            "conduct",
            "TP",
            "FP",
            "FN",
            "prec",
            "recall"));
    for (Map.Entry<String, ConductMetrics> e : byConduct.entrySet()) {
      ConductMetrics m = e.getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "%-22s %4d %4d %4d %7s %7s%n",
              e.getKey(),
              m.tp(),
              m.fp(),
              m.fn(),
              fmt(m.precision()),
              fmt(m.recall())));
    }
    out.append("\nerrors (").append(errors.size()).append("):\n");
    for (SiteError e : errors) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s  expected [%s]  got [%s]  %s %.3f%n",
              e.site(),
              String.join(", ", e.expected()),
              String.join(", ", e.got()),
              e.flagged() ? "flagged" : "not flagged",
              e.score()));
      for (String r : e.reasons()) {
        out.append("    ").append(r).append('\n');
      }
    }
    if (!skipped.isEmpty()) {
      out.append("\nskipped (").append(skipped.size()).append("):\n");
      for (String s : skipped) {
        out.append("  ").append(s).append('\n');
      }
    }
    return out.toString();
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** The report as one JSON object (events' mapper; undefined figures are omitted). */
  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
