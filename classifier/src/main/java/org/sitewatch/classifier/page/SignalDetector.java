package org.sitewatch.classifier.page;

import java.util.List;

/**
 * One family of page signals (lexicon keywords, HTML structure, and later ones such as filing
 * numbers or contact handles). Implementations are immutable and thread-safe; they report what they
 * found and never decide the score.
 */
public interface SignalDetector {
  /** Adds the signals found on {@code page} to {@code hits}. */
  void detect(PageText page, List<RawHit> hits);
}
