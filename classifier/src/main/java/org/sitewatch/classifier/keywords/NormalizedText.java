package org.sitewatch.classifier.keywords;

/**
 * Page text as the keyword matcher reads it, for detectors that match patterns rather than lexicon
 * phrases: the same character normalisation as {@link TextAnalysis} ({@link EvasionCharFilter}:
 * full-width and decorated forms case folded, look-alikes, Traditional to Simplified, noise between
 * Chinese characters dropped), with the way back to the original text so that snippets are cut from
 * what the page says. Made once per page ({@code PageText.normalized()}) and shared: the keyword
 * matcher tokenizes it ({@link #reader()}) and the conduct patterns match it, so the page is
 * normalised once. Immutable and thread-safe.
 */
public final class NormalizedText {
  private final String original;
  private final String text;
  private final EvasionCharFilter offsets;

  private NormalizedText(String original, String text, EvasionCharFilter offsets) {
    this.original = original;
    this.text = text;
    this.offsets = offsets;
  }

  /** {@code original} normalised; the whole text is read once. */
  public static NormalizedText of(String original) {
    EvasionCharFilter filter = EvasionCharFilter.of(original);
    return new NormalizedText(original, filter.output(), filter);
  }

  /**
   * The normalised text as a char filter with its offset corrections, read from the start: what
   * {@link TextAnalysis}'s chain takes instead of normalising the original again.
   */
  EvasionCharFilter reader() {
    return offsets.replay();
  }

  /** The normalised text (Simplified, plain width; ASCII keeps its case: match ignoring case). */
  public String text() {
    return text;
  }

  /** The text as the page wrote it. */
  public String original() {
    return original;
  }

  /** Where offset {@code normalized} of {@link #text()} lies in {@link #original()}. */
  public int originalOffset(int normalized) {
    return Math.max(0, Math.min(original.length(), offsets.originalOffset(normalized)));
  }

  /**
   * The original text around the normalised span {@code [start, end)}, as {@link
   * TextAnalysis#snippet} cuts it.
   */
  public String snippet(int start, int end, int context) {
    int from = originalOffset(start);
    int to = Math.max(from, originalOffset(end));
    return TextAnalysis.snippet(original, from, to, context);
  }
}
