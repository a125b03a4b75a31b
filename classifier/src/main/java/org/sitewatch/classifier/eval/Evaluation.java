package org.sitewatch.classifier.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.classifier.url.LabelledTsv;
import org.sitewatch.classifier.url.UrlClassifier;
import org.sitewatch.classifier.url.UrlScore;
import org.sitewatch.common.text.BoundedFiles;
import org.sitewatch.common.text.CharsetSniffer;
import org.sitewatch.events.SignalHit;

/**
 * Measures the classifiers on labelled data (what {@code sitewatch eval} prints): a TSV of URLs /
 * domains scored by {@link UrlClassifier}, or a folder of pages scored by {@link PageClassifier}.
 * Labels: {@code adult} (should be flagged), {@code benign} (should not), {@code borderline}
 * (counted apart: lingerie shops, mixed sites). Reads only the paths it is given; nothing is
 * fetched.
 */
public final class Evaluation {
  static final String ADULT = LabelledTsv.ADULT;
  static final String BENIGN = LabelledTsv.BENIGN;
  static final String BORDERLINE = LabelledTsv.BORDERLINE;
  private static final Set<String> LABELS = Set.of(ADULT, BENIGN, BORDERLINE);

  /**
   * A page file beyond this is not scored (skipped, or refused by {@link Training}): the crawler
   * caps pages well below it.
   */
  static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;

  /** Signals listed per error. */
  static final int SIGNALS_PER_ERROR = 4;

  /** Source of pages directly in the evaluated folder. */
  static final String ROOT_SOURCE = "(root)";

  private Evaluation() {}

  /** Told the label and score of every counted item, in input order ({@link ScoredItems}). */
  @FunctionalInterface
  public interface ScoreListener {
    void scored(String label, double score);
  }

  /**
   * Told every counted item with what it is and how it was scored, in input order ({@link
   * SiteSplit}).
   */
  @FunctionalInterface
  public interface ItemListener {
    /**
     * @param item the URL, domain or page path
     * @param label {@code adult}, {@code benign} or {@code borderline}
     * @param source its source
     * @param score its score
     * @param flagged whether it is flagged at the configured threshold
     */
    void scored(String item, String label, String source, double score, boolean flagged);
  }

  private static final ScoreListener IGNORE = (label, score) -> {};

  private static ItemListener items(ScoreListener listener) {
    Objects.requireNonNull(listener, "listener");
    return (item, label, source, score, flagged) -> listener.scored(label, score);
  }

  /**
   * Scores every row of a TSV whose header names at least the columns {@code item} and {@code
   * label} (and usually {@code item_type}, {@code source}, {@code lang_hint}), read as {@link
   * LabelledTsv} reads it: lines bounded, and a line with another label, too few columns or an
   * empty item is an error naming {@code file:line}, never a row dropped from the figures.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if the header lacks {@code item} or {@code label}, or a line
   *     is malformed or beyond the bounds
   */
  public static Report urlTsv(Path tsv, UrlClassifier classifier) {
    return urlTsv(tsv, classifier, IGNORE);
  }

  /** {@link #urlTsv(Path, UrlClassifier)}, telling {@code listener} every score. */
  public static Report urlTsv(Path tsv, UrlClassifier classifier, ScoreListener listener) {
    return urlTsv(tsv, classifier, items(listener));
  }

  /** {@link #urlTsv(Path, UrlClassifier)}, telling {@code listener} every counted row. */
  public static Report urlTsv(Path tsv, UrlClassifier classifier, ItemListener listener) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(listener, "listener");
    Tally tally = new Tally(listener);
    LabelledTsv.read(
        tsv,
        row -> {
          String src = row.source().isEmpty() ? "(none)" : row.source();
          UrlScore score = classifier.classify(row.item());
          tally.add(row.item(), row.label(), src, score.score(), score.flagged(), score.signals());
        });
    return tally.report(String.valueOf(tsv.getFileName()));
  }

  /**
   * Scores every {@code *.html} / {@code *.htm} file under {@code folder}, labelled by its first
   * directory level: {@code adult/}, {@code benign/}, {@code borderline/}; any other name (e.g.
   * {@code hard-negative/}) is a source of benign pages. The first level is also the source. Files
   * directly in {@code folder}, unreadable ones and ones larger than {@link #MAX_PAGE_BYTES} are
   * skipped and counted.
   */
  public static Report pages(Path folder, PageClassifier classifier) {
    return pages(folder, classifier, null);
  }

  /**
   * Like {@link #pages(Path, PageClassifier)} for a folder without a label level: every page gets
   * {@code defaultLabel}, its source is its first directory level ({@code (root)} for files
   * directly in {@code folder}).
   */
  public static Report pages(Path folder, PageClassifier classifier, String defaultLabel) {
    return pages(folder, classifier, defaultLabel, IGNORE);
  }

  /**
   * {@link #pages(Path, PageClassifier, String)} ({@code defaultLabel} may be null), telling {@code
   * listener} every score.
   */
  public static Report pages(
      Path folder, PageClassifier classifier, String defaultLabel, ScoreListener listener) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(classifier, "classifier");
    if (defaultLabel != null && !LABELS.contains(defaultLabel)) {
      throw new IllegalArgumentException("label must be one of " + LABELS + ": " + defaultLabel);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).filter(Evaluation::isHtml).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    Tally tally = new Tally(items(listener));
    for (Path file : files) {
      Path rel = folder.relativize(file);
      String first = rel.getNameCount() > 1 ? rel.getName(0).toString() : ROOT_SOURCE;
      String label;
      if (defaultLabel != null) {
        label = defaultLabel;
      } else if (rel.getNameCount() < 2) {
        tally.skipped++;
        continue;
      } else {
        String dir = first.toLowerCase(Locale.ROOT);
        label = LABELS.contains(dir) ? dir : BENIGN;
      }
      String item = rel.toString().replace(file.getFileSystem().getSeparator(), "/");
      byte[] bytes;
      try {
        bytes = readPage(file);
      } catch (IOException e) {
        bytes = null;
      }
      if (bytes == null) {
        tally.skipped++;
        continue;
      }
      PageScore score =
          classifier.classify(new PageInput(item, decode(bytes), "text/html", Map.of()));
      tally.add(item, label, first, score.score(), score.flagged(), score.signals());
    }
    return tally.report(String.valueOf(folder.getFileName()));
  }

  /**
   * The bytes of a page file, or null if it holds more than {@link #MAX_PAGE_BYTES} (read only that
   * far, so a huge or growing file is never read whole).
   */
  static byte[] readPage(Path file) throws IOException {
    BoundedFiles.Head head = BoundedFiles.head(file, MAX_PAGE_BYTES);
    return head.truncated() ? null : head.bytes();
  }

  /**
   * Stored page bytes as text when no response header says the charset: a byte-order mark, else the
   * page's {@code <meta charset>}, else UTF-8 if valid, else GB18030 (a superset of GBK and GB2312,
   * the usual alternative on Chinese pages). Also used by {@link Training}.
   */
  static String decode(byte[] bytes) {
    return CharsetSniffer.decode(bytes, null, CharsetSniffer.utf8Else(CharsetSniffer.GB18030))
        .text();
  }

  private static boolean isHtml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".html") || name.endsWith(".htm");
  }

  /** Mutable counts while reading; turned into an immutable {@link Report} at the end. */
  private static final class Tally {
    private final Counts overall = new Counts();
    private final Map<String, Counts> bySource = new TreeMap<>();
    private final List<Report.Miss> errors = new ArrayList<>();
    private final ItemListener listener;
    private int skipped;

    Tally(ItemListener listener) {
      this.listener = listener;
    }

    void add(
        String item,
        String label,
        String source,
        double score,
        boolean flagged,
        List<SignalHit> signals) {
      listener.scored(item, label, source, score, flagged);
      Counts perSource = bySource.computeIfAbsent(source, s -> new Counts());
      overall.add(label, flagged);
      perSource.add(label, flagged);
      boolean wrong =
          switch (label) {
            case ADULT -> !flagged;
            default -> flagged;
          };
      if (wrong) {
        List<String> top =
            signals.stream()
                .limit(SIGNALS_PER_ERROR)
                .map(
                    s ->
                        String.format(Locale.ROOT, "%s=%.2f '%s'", s.id(), s.weight(), s.snippet()))
                .toList();
        errors.add(new Report.Miss(item, label, source, score, top));
      }
    }

    Report report(String dataset) {
      Map<String, Report.Metrics> metrics = new TreeMap<>();
      bySource.forEach((k, v) -> metrics.put(k, v.metrics()));
      return new Report(dataset, overall.metrics(), metrics, skipped, errors);
    }
  }

  /** Confusion counts of one group of items. */
  static final class Counts {
    int tp;
    int fp;
    int tn;
    int fn;
    int borderline;
    int borderlineFlagged;

    void add(String label, boolean flagged) {
      switch (label) {
        case ADULT -> {
          if (flagged) {
            tp++;
          } else {
            fn++;
          }
        }
        case BENIGN -> {
          if (flagged) {
            fp++;
          } else {
            tn++;
          }
        }
        default -> {
          borderline++;
          if (flagged) {
            borderlineFlagged++;
          }
        }
      }
    }

    Report.Metrics metrics() {
      return Report.Metrics.of(tp, fp, tn, fn, borderline, borderlineFlagged);
    }
  }
}
