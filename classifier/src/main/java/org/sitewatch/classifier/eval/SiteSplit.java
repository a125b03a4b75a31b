package org.sitewatch.classifier.eval;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.sitewatch.classifier.url.LabelledTsv;
import org.sitewatch.common.net.Sites;

/**
 * Splits an evaluation by whether each item's site (its registrable domain, {@link Sites}) is one a
 * training TSV holds: a model may recall a site it was trained on, so the figures on <em>seen
 * sites</em> say little about addresses it never saw, and only the <em>unseen sites</em> measure
 * that. Collects, for both parts overall and per source, the counts at the configured threshold and
 * the scores for {@link RecallAtPrecision}. Not thread-safe; one per evaluation.
 */
public final class SiteSplit implements Evaluation.ItemListener {
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
   * @throws IllegalArgumentException naming {@code file:line} for a malformed or oversized line
   *     ({@link LabelledTsv}) or an item without a host
   */
  public static SiteSplit readTraining(Path tsv) {
    Set<String> sites = new HashSet<>();
    LabelledTsv.read(
        tsv,
        row -> {
          if (row.label().equals(LabelledTsv.BORDERLINE)) {
            return;
          }
          sites.add(
              siteOf(row.item())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              row.where() + "no host in item '" + row.item() + "'")));
        });
    return new SiteSplit(String.valueOf(tsv.getFileName()), sites);
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

  private static final class Group {
    final Evaluation.Counts counts = new Evaluation.Counts();
    final ScoredItems scores = new ScoredItems();

    SiteSplitReport.Figures figures() {
      return new SiteSplitReport.Figures(
          counts.metrics(), RecallAtPrecision.of(scores.items(), TARGET_PRECISION));
    }
  }
}
