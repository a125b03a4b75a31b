package org.sitewatch.classifier.page;

import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.sitewatch.classifier.keywords.NormalizedText;
import org.sitewatch.classifier.signals.PageAnchors;

/**
 * A page prepared once for all detectors: the visible text that keyword snippets are cut from, and
 * the parsed document when the page was HTML.
 *
 * @param text title, meta description, meta keywords and body text, one per line
 * @param document the parsed HTML, empty for plain text or unreadable input
 * @param headers response headers, names lower-cased
 * @param scans work on {@code text} shared by the detectors, done on first use
 */
public record PageText(
    String text, Optional<Document> document, Map<String, String> headers, Scans scans) {
  static final PageText EMPTY = new PageText("", Optional.empty(), Map.of());

  public PageText(String text, Optional<Document> document, Map<String, String> headers) {
    this(text, document, headers, new Scans());
  }

  /** The positions of {@code slice}'s anchor groups in {@link #text}; one scan per page. */
  public int[][] anchors(PageAnchors.Slice slice) {
    return PageAnchors.slice(scans.anchors(text), slice);
  }

  /**
   * {@link #text} as the keywords read it (normalised, with offsets back to the text); one
   * normalisation per page, shared by the keyword matcher and the conduct patterns.
   */
  public NormalizedText normalized() {
    return scans.normalized(text);
  }

  /**
   * What the detectors read of {@link #document}'s elements, collected in one walk ({@link
   * DomScan}); empty without a document. The document must not change after the first call.
   */
  public DomScan dom() {
    return document.isEmpty() ? DomScan.EMPTY : scans.dom(document.get());
  }

  /**
   * Lazily computed results over the text. Equal to any other, so that a page's equality stays that
   * of its content; a race computes the same result twice, which is harmless.
   */
  static final class Scans {
    private volatile int[][] anchors;
    private volatile DomScan dom;
    private volatile NormalizedText normalized;

    NormalizedText normalized(String text) {
      NormalizedText found = normalized;
      if (found == null) {
        found = NormalizedText.of(text);
        normalized = found;
      }
      return found;
    }

    DomScan dom(Document doc) {
      DomScan found = dom;
      if (found == null) {
        found = DomScan.of(doc);
        dom = found;
      }
      return found;
    }

    public int[][] anchors(String text) {
      int[][] found = anchors;
      if (found == null) {
        found = PageAnchors.find(text);
        anchors = found;
      }
      return found;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Scans;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
