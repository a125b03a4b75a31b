package org.sitewatch.classifier.page;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
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
   * Every element of {@link #document} in document order (the document itself first), as {@link
   * Element#getAllElements()} gives them; one walk per page shared by the detectors that look at
   * elements. Empty without a document. The document must not change after the first call.
   */
  public List<Element> elements() {
    return document.isEmpty() ? List.of() : scans.elements(document.get());
  }

  /** The elements of {@code body} and below, out of {@link #elements()}; empty without a body. */
  public List<Element> bodyElements() {
    if (document.isEmpty() || document.get().body() == null) {
      return List.of();
    }
    return scans.bodyElements(document.get());
  }

  /**
   * Lazily computed results over the text. Equal to any other, so that a page's equality stays that
   * of its content; a race computes the same result twice, which is harmless.
   */
  static final class Scans {
    private volatile int[][] anchors;
    private volatile List<Element> elements;
    private volatile List<Element> bodyElements;
    private volatile NormalizedText normalized;

    NormalizedText normalized(String text) {
      NormalizedText found = normalized;
      if (found == null) {
        found = NormalizedText.of(text);
        normalized = found;
      }
      return found;
    }

    public List<Element> elements(Document doc) {
      List<Element> found = elements;
      if (found == null) {
        found = java.util.Collections.unmodifiableList(doc.getAllElements());
        elements = found;
      }
      return found;
    }

    /**
     * Body's subtree is a contiguous run of the pre-order list: from body to its last descendant.
     */
    public List<Element> bodyElements(Document doc) {
      List<Element> found = bodyElements;
      if (found == null) {
        List<Element> all = elements(doc);
        Element body = doc.body();
        Element last = body;
        while (last.childrenSize() > 0) {
          last = last.lastElementChild();
        }
        int from = indexOf(all, body, 0);
        int to = indexOf(all, last, from);
        found = all.subList(from, to + 1);
        bodyElements = found;
      }
      return found;
    }

    private static int indexOf(List<Element> all, Element e, int from) {
      for (int i = from; i < all.size(); i++) {
        if (all.get(i) == e) {
          return i;
        }
      }
      throw new IllegalStateException("element not in its document");
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
