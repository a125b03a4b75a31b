package org.sitewatch.classifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifier configuration. Each default lives in {@link #defaults()} only; build settings by name
 * with {@link #builder()}.
 *
 * @param pageThreshold a page is flagged when its score is at least this, in (0, 1]
 * @param siteThreshold a site is flagged when its score is at least this, in (0, 1]
 * @param maxSignalsPerVerdict how many signals a verdict carries at most, at least 1
 * @param maxPagesPerVerdict how many page references a verdict carries at most, at least 1
 * @param lexiconFile an extra lexicon in the built-in format (same id replaces, weight 0 disables);
 *     empty for the built-ins only
 * @param applicationId the Kafka Streams {@code application.id}
 * @param pageTimeBudget how long scoring one page may take; a page over it is scored on the
 *     detectors that ran and carries a {@code time-budget-exceeded} finding (positive, at most one
 *     hour)
 * @param exactlyOnce whether Kafka Streams runs exactly-once ({@code exactly_once_v2}: the site
 *     state, the verdicts and the input offsets are committed together, so a crash neither replays
 *     a page into a new verdict nor keeps a state change whose verdict was lost), or at-least-once
 *     for a broker whose transaction log cannot be created (a single broker with the default
 *     replication factor of 3). On by default (docs/classifier-limits.md)
 * @param listsDir the folder of known-site lists ({@code sitewatch lists import}) read when a
 *     classifier is built; empty for none (docs/known-site-lists.md)
 * @param urlModelFile a learned URL model file ({@code sitewatch train --urls}) to use instead of
 *     the built-in {@code models/url-model.txt}; empty for the built-in one
 */
public record ClassifierSettings(
    double pageThreshold,
    double siteThreshold,
    int maxSignalsPerVerdict,
    int maxPagesPerVerdict,
    Optional<Path> lexiconFile,
    String applicationId,
    Duration pageTimeBudget,
    boolean exactlyOnce,
    Optional<Path> listsDir,
    Optional<Path> urlModelFile) {
  /** The default of {@link #pageTimeBudget}: far below the consumer's poll interval (5 min). */
  public static final Duration DEFAULT_PAGE_TIME_BUDGET = Duration.ofSeconds(10);

  public ClassifierSettings {
    if (!(pageThreshold > 0 && pageThreshold <= 1)) {
      throw new IllegalArgumentException("pageThreshold must be in (0, 1]: " + pageThreshold);
    }
    if (!(siteThreshold > 0 && siteThreshold <= 1)) {
      throw new IllegalArgumentException("siteThreshold must be in (0, 1]: " + siteThreshold);
    }
    if (maxSignalsPerVerdict < 1 || maxSignalsPerVerdict > 1000) {
      throw new IllegalArgumentException(
          "maxSignalsPerVerdict must be in [1, 1000]: " + maxSignalsPerVerdict);
    }
    if (maxPagesPerVerdict < 1 || maxPagesPerVerdict > 1000) {
      throw new IllegalArgumentException(
          "maxPagesPerVerdict must be in [1, 1000]: " + maxPagesPerVerdict);
    }
    Objects.requireNonNull(lexiconFile, "lexiconFile (use Optional.empty())");
    Objects.requireNonNull(applicationId, "applicationId");
    if (!applicationId.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new IllegalArgumentException("invalid applicationId: '" + applicationId + "'");
    }
    Objects.requireNonNull(pageTimeBudget, "pageTimeBudget");
    Objects.requireNonNull(urlModelFile, "urlModelFile (use Optional.empty())");
    if (pageTimeBudget.isNegative()
        || pageTimeBudget.isZero()
        || pageTimeBudget.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "pageTimeBudget must be positive and at most 1 hour: " + pageTimeBudget);
    }
    Objects.requireNonNull(listsDir, "listsDir (use Optional.empty())");
  }

  /** Settings with the defaults ({@link #defaults()}) to start from. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Page threshold 0.5, site threshold 0.6, 20 signals, 10 pages, built-in lexicons only,
   * application id {@code sitewatch-classifier}, a 10 s page time budget, at-least-once, no
   * known-site lists, the built-in URL model.
   */
  public static ClassifierSettings defaults() {
    return new ClassifierSettings(
        0.5,
        0.6,
        20,
        10,
        Optional.empty(),
        "sitewatch-classifier",
        DEFAULT_PAGE_TIME_BUDGET,
        true,
        Optional.empty(),
        Optional.empty());
  }

  /** A copy running exactly-once or not. */
  public ClassifierSettings withExactlyOnce(boolean exactlyOnce) {
    return toBuilder().exactlyOnce(exactlyOnce).build();
  }

  /** A copy with another page time budget. */
  public ClassifierSettings withPageTimeBudget(Duration budget) {
    return toBuilder().pageTimeBudget(budget).build();
  }

  /** A copy with another extra lexicon file. */
  public ClassifierSettings withLexiconFile(Path file) {
    return toBuilder().lexiconFile(Optional.of(file)).build();
  }

  /** Settings by name; {@link #build()} validates them as the constructor does. */
  public static final class Builder {
    private double pageThreshold;
    private double siteThreshold;
    private int maxSignalsPerVerdict;
    private int maxPagesPerVerdict;
    private Optional<Path> lexiconFile;
    private String applicationId;
    private Duration pageTimeBudget;
    private boolean exactlyOnce;
    private Optional<Path> listsDir;
    private Optional<Path> urlModelFile;

    private Builder(ClassifierSettings s) {
      pageThreshold = s.pageThreshold;
      siteThreshold = s.siteThreshold;
      maxSignalsPerVerdict = s.maxSignalsPerVerdict;
      maxPagesPerVerdict = s.maxPagesPerVerdict;
      lexiconFile = s.lexiconFile;
      applicationId = s.applicationId;
      pageTimeBudget = s.pageTimeBudget;
      exactlyOnce = s.exactlyOnce;
      listsDir = s.listsDir;
      urlModelFile = s.urlModelFile;
    }

    public Builder pageThreshold(double pageThreshold) {
      this.pageThreshold = pageThreshold;
      return this;
    }

    public Builder siteThreshold(double siteThreshold) {
      this.siteThreshold = siteThreshold;
      return this;
    }

    public Builder maxSignalsPerVerdict(int maxSignalsPerVerdict) {
      this.maxSignalsPerVerdict = maxSignalsPerVerdict;
      return this;
    }

    public Builder maxPagesPerVerdict(int maxPagesPerVerdict) {
      this.maxPagesPerVerdict = maxPagesPerVerdict;
      return this;
    }

    /** An extra lexicon file, or empty for the built-in lexicons only. */
    public Builder lexiconFile(Optional<Path> lexiconFile) {
      this.lexiconFile = lexiconFile;
      return this;
    }

    public Builder applicationId(String applicationId) {
      this.applicationId = applicationId;
      return this;
    }

    public Builder pageTimeBudget(Duration pageTimeBudget) {
      this.pageTimeBudget = pageTimeBudget;
      return this;
    }

    public Builder exactlyOnce(boolean exactlyOnce) {
      this.exactlyOnce = exactlyOnce;
      return this;
    }

    /** The folder of known-site lists, or empty for none. */
    public Builder listsDir(Optional<Path> listsDir) {
      this.listsDir = listsDir;
      return this;
    }

    /** A learned URL model file, or empty for the built-in model. */
    public Builder urlModelFile(Optional<Path> urlModelFile) {
      this.urlModelFile = urlModelFile;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public ClassifierSettings build() {
      return new ClassifierSettings(
          pageThreshold,
          siteThreshold,
          maxSignalsPerVerdict,
          maxPagesPerVerdict,
          lexiconFile,
          applicationId,
          pageTimeBudget,
          exactlyOnce,
          listsDir,
          urlModelFile);
    }
  }
}
