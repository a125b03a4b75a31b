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
 * What an evaluation measured: precision, recall and F1 overall and per source, and the
 * misclassified items so they can be read. Adult items flagged are true positives, benign items
 * flagged false positives; borderline items (lingerie, mixed sites) are counted apart.
 *
 * @param dataset what was evaluated (a file or folder name)
 * @param overall every counted item
 * @param bySource the same per source, sorted by source name
 * @param skipped rows or files not counted (unknown label, malformed row, unreadable file)
 * @param errors false negatives, false positives and flagged borderline items, in input order
 */
public record Report(
    String dataset,
    Metrics overall,
    Map<String, Metrics> bySource,
    int skipped,
    List<Miss> errors) {
  public Report {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(overall, "overall");
    bySource = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bySource));
    if (skipped < 0) {
      throw new IllegalArgumentException("skipped must be >= 0");
    }
    errors = List.copyOf(errors);
  }

  /**
   * Counts and the figures derived from them; a figure whose denominator is 0 is {@code null} (e.g.
   * recall on a benign-only set).
   *
   * @param tp adult, flagged
   * @param fp benign, flagged
   * @param tn benign, not flagged
   * @param fn adult, not flagged
   * @param borderline borderline items seen
   * @param borderlineFlagged borderline items flagged
   * @param precision {@code tp / (tp + fp)}
   * @param recall {@code tp / (tp + fn)}
   * @param f1 harmonic mean of precision and recall
   */
  public record Metrics(
      int tp,
      int fp,
      int tn,
      int fn,
      int borderline,
      int borderlineFlagged,
      Double precision,
      Double recall,
      Double f1) {
    public Metrics {
      if (tp < 0
          || fp < 0
          || tn < 0
          || fn < 0
          || borderline < 0
          || borderlineFlagged < 0
          || borderlineFlagged > borderline) {
        throw new IllegalArgumentException("invalid counts");
      }
    }

    /** Derives precision, recall and F1 from the counts. */
    public static Metrics of(
        int tp, int fp, int tn, int fn, int borderline, int borderlineFlagged) {
      Double precision = tp + fp == 0 ? null : (double) tp / (tp + fp);
      Double recall = tp + fn == 0 ? null : (double) tp / (tp + fn);
      Double f1 =
          precision == null || recall == null || precision + recall == 0
              ? null
              : 2 * precision * recall / (precision + recall);
      return new Metrics(tp, fp, tn, fn, borderline, borderlineFlagged, precision, recall, f1);
    }

    /** Items counted, borderline included. */
    public int total() {
      return tp + fp + tn + fn + borderline;
    }
  }

  /**
   * One misclassified item.
   *
   * @param item the URL, domain or page path
   * @param label its label ({@code adult}, {@code benign}, {@code borderline})
   * @param source its source
   * @param score the score it got
   * @param signals its strongest signals, {@code id=weight 'snippet'}
   */
  public record Miss(String item, String label, String source, double score, List<String> signals) {
    public Miss {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(source, "source");
      signals = List.copyOf(signals);
    }
  }

  /** A table (overall, then per source) followed by the list of errors. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(dataset)
        .append(": ")
        .append(overall.total())
        .append(" counted, ")
        .append(skipped)
        .append(" skipped\n");
    out.append(
        String.format(
            Locale.ROOT,
            "%-32s %6s %5s %5s %5s %5s %6s %6s %6s %11s%n",
            "source",
            "n",
            "TP",
            "FP",
            "TN",
            "FN",
            "prec",
            "recall",
            "F1",
            "borderline"));
    row(out, "(all)", overall);
    for (Map.Entry<String, Metrics> e : bySource.entrySet()) {
      row(out, e.getKey(), e.getValue());
    }
    out.append("\nerrors (").append(errors.size()).append("):\n");
    for (Miss miss : errors) {
      String kind =
          switch (miss.label()) {
            case Evaluation.ADULT -> "FN";
            case Evaluation.BENIGN -> "FP";
            default -> "BL";
          };
      out.append(
          String.format(
              Locale.ROOT,
              "%s %-10s %-28s %.3f %s  %s%n",
              kind,
              miss.label(),
              miss.source(),
              miss.score(),
              miss.item(),
              String.join(", ", miss.signals())));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, Metrics m) {
    out.append(
        String.format(
            Locale.ROOT,
            "%-32s %6d %5d %5d %5d %5d %6s %6s %6s %11s%n",
            name,
            m.total(),
            m.tp(),
            m.fp(),
            m.tn(),
            m.fn(),
            fmt(m.precision()),
            fmt(m.recall()),
            fmt(m.f1()),
            m.borderline() == 0 ? "-" : m.borderlineFlagged() + "/" + m.borderline()));
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
