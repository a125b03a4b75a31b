package org.sitewatch.classifier.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.sitewatch.common.net.Sites;

/**
 * Splits an evaluation by whether each item's site (its registrable domain, {@link Sites}) is one a
 * training TSV holds: a model may recall a site it was trained on, so the figures on <em>seen
 * sites</em> say little about addresses it never saw, and only the <em>unseen sites</em> measure
 * that. Collects, for both parts overall and per source, the counts at the configured threshold and
 * the scores for {@link RecallAtPrecision}. Not thread-safe; one per evaluation.
 */
public final class SiteSplit implements Evaluation.ItemListener {
  /** Rows read from a training TSV at most: like every operator input, it is bounded. */
  public static final int MAX_ROWS = 5_000_000;

  /** A training TSV line longer than this is refused (a URL is far shorter). */
  public static final int MAX_LINE = 64 * 1024;

  /** The precision at which the split reports the highest recall. */
  public static final double TARGET_PRECISION = 0.99;

  /** The name of the group of every source. */
  public static final String ALL = "(all)";

  private final String train;
  private final Set<String> trainSites;
  private final Map<String, Group> seen = new TreeMap<>();
  private final Map<String, Group> unseen = new TreeMap<>();

  private SiteSplit(String train, Set<String> trainSites) {
    this.train = Objects.requireNonNull(train, "train");
    this.trainSites = Set.copyOf(trainSites);
  }

  /**
   * A split against {@code sites}, the registrable domains of a training set named {@code train}.
   */
  public static SiteSplit of(String train, Set<String> sites) {
    return new SiteSplit(train, sites);
  }

  /**
   * A split against the sites of the rows of {@code tsv} a model learns from (labels {@code adult}
   * and {@code benign}; {@code borderline} rows are read and left out, as {@code sitewatch train}
   * leaves them out). The header names at least {@code item} and {@code label}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming {@code file:line} for a header without those columns, a
   *     line with too few columns, an empty item, an unknown label, an item without a host, a line
   *     longer than {@link #MAX_LINE}, or more than {@link #MAX_ROWS} rows
   */
  public static SiteSplit readTraining(Path tsv) {
    Set<String> sites = new HashSet<>();
    String name = String.valueOf(tsv.getFileName());
    try (BufferedReader in = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
      String head = readLine(in);
      if (head == null) {
        throw new IllegalArgumentException(tsv + ": empty file, expected a header line");
      }
      if (head.length() > MAX_LINE) {
        throw new IllegalArgumentException(tsv + ":1: line longer than " + MAX_LINE + " chars");
      }
      List<String> header = List.of(strip(head).split("\t", -1));
      int item = header.indexOf("item");
      int label = header.indexOf("label");
      if (item < 0 || label < 0) {
        throw new IllegalArgumentException(
            tsv + ":1: header must name columns 'item' and 'label', got " + header);
      }
      int needed = Math.max(item, label) + 1;
      int lineNo = 1;
      int rows = 0;
      String line;
      while ((line = readLine(in)) != null) {
        lineNo++;
        String where = tsv + ":" + lineNo + ": ";
        if (line.length() > MAX_LINE) {
          throw new IllegalArgumentException(where + "line longer than " + MAX_LINE + " chars");
        }
        // blank lines count too: an endless run of them is not read for ever
        if (++rows > MAX_ROWS) {
          throw new IllegalArgumentException(where + "more than " + MAX_ROWS + " lines");
        }
        if (line.isBlank()) {
          continue;
        }
        String[] f = strip(line).split("\t", -1);
        if (f.length < needed) {
          throw new IllegalArgumentException(
              where + "expected at least " + needed + " tab-separated columns, got " + f.length);
        }
        if (f[item].isBlank()) {
          throw new IllegalArgumentException(where + "empty item");
        }
        String lab = f[label].strip().toLowerCase(Locale.ROOT);
        if (!lab.equals(Evaluation.ADULT)
            && !lab.equals(Evaluation.BENIGN)
            && !lab.equals(Evaluation.BORDERLINE)) {
          throw new IllegalArgumentException(
              where + "label must be adult, benign or borderline, got '" + f[label] + "'");
        }
        if (lab.equals(Evaluation.BORDERLINE)) {
          continue;
        }
        String site =
            siteOf(f[item])
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(where + "no host in item '" + f[item] + "'"));
        sites.add(site);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tsv, e);
    }
    return new SiteSplit(name, sites);
  }

  /**
   * The registrable domain of an address as the rest of the project computes it ({@link Sites}): a
   * URL's host, or a bare domain read as a protocol-relative link (as known-site lists read it).
   * Empty if it has no valid host.
   */
  public static Optional<String> siteOf(String item) {
    if (item == null || item.isBlank()) {
      return Optional.empty();
    }
    return Sites.linkHost(item)
        .or(() -> Sites.linkHost("//" + item.strip()))
        .flatMap(Sites::siteOfHostIfValid);
  }

  /** Whether {@code item}'s site is one of the training set's; an item without a host is not. */
  public boolean seen(String item) {
    return siteOf(item).map(trainSites::contains).orElse(false);
  }

  /** Registrable domains in the training set. */
  public int trainSites() {
    return trainSites.size();
  }

  @Override
  public void scored(String item, String label, String source, double score, boolean flagged) {
    Map<String, Group> part = seen(item) ? seen : unseen;
    for (String key : List.of(ALL, source)) {
      Group g = part.computeIfAbsent(key, k -> new Group());
      g.counts.add(label, flagged);
      g.scores.scored(label, score);
    }
  }

  /** The figures collected so far. */
  public SiteSplitReport report() {
    return new SiteSplitReport(train, trainSites.size(), part(seen), part(unseen));
  }

  private static SiteSplitReport.Part part(Map<String, Group> groups) {
    Map<String, SiteSplitReport.Figures> bySource = new TreeMap<>();
    groups.forEach(
        (k, g) -> {
          if (!k.equals(ALL)) {
            bySource.put(k, g.figures());
          }
        });
    Group all = groups.getOrDefault(ALL, new Group());
    return new SiteSplitReport.Part(all.figures(), bySource);
  }

  /**
   * The next line without its end, or null at the end of the input; a line is read only up to one
   * char past {@link #MAX_LINE}, so that a file without line breaks is not read whole.
   */
  private static String readLine(BufferedReader in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return b.toString();
      }
      b.append((char) c);
      if (b.length() > MAX_LINE) {
        return b.toString();
      }
    }
    return b.length() == 0 ? null : b.toString();
  }

  private static String strip(String line) {
    String s = line.startsWith("\uFEFF") ? line.substring(1) : line;
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static final class Group {
    final Evaluation.Counts counts = new Evaluation.Counts();
    final ScoredItems scores = new ScoredItems();

    SiteSplitReport.Figures figures() {
      return new SiteSplitReport.Figures(
          counts.metrics(), RecallAtPrecision.of(scores.items(), TARGET_PRECISION));
    }
  }
}
