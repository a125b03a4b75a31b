package org.sitewatch.classifier;

import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Document;

/**
 * A page prepared once for all detectors: the visible text that keyword snippets are cut from,
 * and the parsed document when the page was HTML.
 *
 * @param text title, meta description, meta keywords and body text, one per line
 * @param document the parsed HTML, empty for plain text or unreadable input
 * @param headers response headers, names lower-cased
 * @param scans work on {@code text} shared by the detectors, done on first use
 */
record PageText(String text, Optional<Document> document, Map<String, String> headers,
    Scans scans) {
  static final PageText EMPTY = new PageText("", Optional.empty(), Map.of());

  PageText(String text, Optional<Document> document, Map<String, String> headers) {
    this(text, document, headers, new Scans());
  }

  /** The positions of {@code slice}'s anchor groups in {@link #text}; one scan per page. */
  int[][] anchors(PageAnchors.Slice slice) {
    return PageAnchors.slice(scans.anchors(text), slice);
  }

  /**
   * Lazily computed results over the text. Equal to any other, so that a page's equality stays
   * that of its content; a race computes the same result twice, which is harmless.
   */
  static final class Scans {
    private volatile int[][] anchors;

    int[][] anchors(String text) {
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
