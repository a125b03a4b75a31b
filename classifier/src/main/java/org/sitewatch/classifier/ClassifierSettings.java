package org.sitewatch.classifier;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifier configuration. Each default lives in {@link #defaults()} only.
 *
 * @param pageThreshold a page is flagged when its score is at least this, in (0, 1]
 * @param siteThreshold a site is flagged when its score is at least this, in (0, 1]
 * @param maxSignalsPerVerdict how many signals a verdict carries at most, at least 1
 * @param maxPagesPerVerdict how many page references a verdict carries at most, at least 1
 * @param lexiconFile an extra lexicon in the built-in format (same id replaces, weight 0
 *     disables); empty for the built-ins only
 * @param applicationId the Kafka Streams {@code application.id}
 * @param pageTimeBudget how long scoring one page may take; a page over it is scored on the
 *     detectors that ran and carries a {@code time-budget-exceeded} finding (positive, at most one
 *     hour)
 * @param exactlyOnce whether Kafka Streams runs exactly-once ({@code exactly_once_v2}: a replay
 *     after a crash is not processed twice), or at-least-once for a broker whose transaction log
 *     cannot be created (a single broker with the default replication factor of 3). Off by
 *     default: replays are already recognised by the site state, and the local pipeline's idle
 *     check counts transaction markers as consumer lag
 */
public record ClassifierSettings(
    double pageThreshold,
    double siteThreshold,
    int maxSignalsPerVerdict,
    int maxPagesPerVerdict,
    Optional<Path> lexiconFile,
    String applicationId,
    java.time.Duration pageTimeBudget,
    boolean exactlyOnce) {
  /** The default of {@link #pageTimeBudget}: far below the consumer's poll interval (5 min). */
  public static final java.time.Duration DEFAULT_PAGE_TIME_BUDGET = java.time.Duration.ofSeconds(10);

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
    if (pageTimeBudget.isNegative() || pageTimeBudget.isZero()
        || pageTimeBudget.compareTo(java.time.Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "pageTimeBudget must be positive and at most 1 hour: " + pageTimeBudget);
    }
  }

  /** Settings running at-least-once (see {@link #exactlyOnce}). */
  public ClassifierSettings(double pageThreshold, double siteThreshold, int maxSignalsPerVerdict,
      int maxPagesPerVerdict, Optional<Path> lexiconFile, String applicationId,
      java.time.Duration pageTimeBudget) {
    this(pageThreshold, siteThreshold, maxSignalsPerVerdict, maxPagesPerVerdict, lexiconFile,
        applicationId, pageTimeBudget, false);
  }

  /** Settings with the default page time budget. */
  public ClassifierSettings(double pageThreshold, double siteThreshold, int maxSignalsPerVerdict,
      int maxPagesPerVerdict, Optional<Path> lexiconFile, String applicationId) {
    this(pageThreshold, siteThreshold, maxSignalsPerVerdict, maxPagesPerVerdict, lexiconFile,
        applicationId, DEFAULT_PAGE_TIME_BUDGET);
  }

  /** A copy running exactly-once or not. */
  public ClassifierSettings withExactlyOnce(boolean exactlyOnce) {
    return new ClassifierSettings(pageThreshold, siteThreshold, maxSignalsPerVerdict,
        maxPagesPerVerdict, lexiconFile, applicationId, pageTimeBudget, exactlyOnce);
  }

  /** A copy with another page time budget. */
  public ClassifierSettings withPageTimeBudget(java.time.Duration budget) {
    return new ClassifierSettings(pageThreshold, siteThreshold, maxSignalsPerVerdict,
        maxPagesPerVerdict, lexiconFile, applicationId, budget, exactlyOnce);
  }

  /** Page threshold 0.5, site threshold 0.6, 20 signals, 10 pages, built-in lexicons only. */
  public static ClassifierSettings defaults() {
    return new ClassifierSettings(0.5, 0.6, 20, 10, Optional.empty(), "sitewatch-classifier");
  }

  /** A copy with another extra lexicon file. */
  public ClassifierSettings withLexiconFile(Path file) {
    return new ClassifierSettings(pageThreshold, siteThreshold, maxSignalsPerVerdict,
        maxPagesPerVerdict, Optional.of(file), applicationId, pageTimeBudget, exactlyOnce);
  }
}
